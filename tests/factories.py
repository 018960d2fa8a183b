import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments import services as assessment_services
from assessments.choices import Consideration, Response, Stage
from assessments.models import Checklist, Question
from core import reviewed
from core.reviewed import ReviewState
from documents import services as document_services
from documents.models import Document
from groups import services as group_services
from groups.models import Meeting, WorkingGroup
from members.models import AuditEvent, Organization, Role, User
from members.validators import brn_check_digit
from money import services as money_services
from money.models import Execution
from projects import services
from projects.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    PolicyBarrier,
    Project,
    ProjectParticipant,
    StatusUpdate,
    Visibility,
)
from reports.models import ProjectSnapshot
from results import services as result_services
from results.models import Lesson, Result


def _brn(n: int) -> str:
    first_nine = f"{100000000 + n:09d}"
    return first_nine + str(brn_check_digit(first_nine))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name_ko = factory.Sequence(lambda n: f"시험기업{n}")
    name_en = factory.Sequence(lambda n: f"Test Company {n}")
    slug = factory.Sequence(lambda n: f"test-company-{n}")
    business_registration_number = factory.Sequence(_brn)
    kind = "company"
    size = "large"
    sector = "automotive"
    tier = "member"
    joined_on = datetime.date(2023, 7, 25)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.kr")
    role = Role.MEMBER_EDITOR
    organization = factory.Maybe(
        factory.LazyAttribute(lambda u: u.role in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER)),
        yes_declaration=factory.SubFactory(OrganizationFactory),
        no_declaration=None,
    )
    password = factory.django.Password("correct-horse-battery-staple")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"TST-{n % 1000:03d}")
    title_ko = factory.Sequence(lambda n: f"시험 과제 {n}")
    title_en = factory.Sequence(lambda n: f"Test project {n}")
    area = "mobility"
    lead_organization = factory.SubFactory(OrganizationFactory)
    phase = "in_progress"
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2027, 12, 31)
    visibility = Visibility.OPEN  # partners see it; the alliance-only rule has tests of its own

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.create_project(model_class(*args, **kwargs))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectParticipant

    project = factory.SubFactory(ProjectFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "participant"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title_ko = factory.Sequence(lambda n: f"마일스톤 {n}")
    title_en = factory.Sequence(lambda n: f"Milestone {n}")
    weight = 10
    baseline_date = datetime.date(2026, 6, 30)
    forecast_date = factory.SelfAttribute("baseline_date")
    status = "planned"


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusUpdate

    project = factory.SubFactory(ProjectFactory)
    period = datetime.date(2026, 10, 1)
    author = factory.SubFactory(UserFactory)
    state = ReviewState.ACCEPTED
    rag = "green"
    progress_percent = 40
    submitted_at = factory.LazyFunction(timezone.now)
    reviewed_at = factory.LazyAttribute(lambda update: timezone.now() if update.state == ReviewState.ACCEPTED else None)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    project = factory.SubFactory(ProjectFactory)
    name_ko = "불량률"
    name_en = "Defect rate"
    unit = "%"
    baseline_value = 3
    baseline_date = datetime.date(2026, 1, 1)
    target_value = 1
    target_date = datetime.date(2027, 12, 31)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = datetime.date(2026, 10, 1)
    actual_value = 2


class PolicyBarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyBarrier

    title_ko = "규제 장벽"
    title_en = "Regulatory barrier"
    description = "설명"
    regulation = "산업융합촉진법"
    raised_by = factory.SubFactory(OrganizationFactory)
    responsible_agency = "산업통상자원부"


class ProjectSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectSnapshot

    project = factory.SubFactory(ProjectFactory)
    day = datetime.date(2026, 11, 23)
    phase = "in_progress"
    progress = 50
    rag = "green"
    health = "green"
    milestones_done = 1
    milestones_total = 2
    milestones_overdue = 0
    government_budget_krw = 0
    private_budget_krw = 0


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    kind = AuditEvent.Kind.SIGN_IN
    username = "member"
    ip_address = "192.0.2.1"


class ChecklistFactory(factory.django.DjangoModelFactory):
    """A draft checklist version; ``published_checklist`` gives one in force with questions."""

    class Meta:
        model = Checklist

    number = factory.Sequence(lambda n: n + 1)
    title_ko = "AI 윤리 자율점검표"
    title_en = "AI ethics self-check"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    checklist = factory.SubFactory(ChecklistFactory)
    stage = Stage.DATA
    consideration = Consideration.FAIRNESS
    order = factory.Sequence(lambda n: n + 1)
    text_ko = factory.Sequence(lambda n: f"질문 {n}")
    text_en = factory.Sequence(lambda n: f"Question {n}")


def published_checklist(questions: int = 3, **fields) -> Checklist:
    """A checklist version in force, with ``questions`` questions across the stages."""
    checklist = ChecklistFactory(**fields)
    stages = list(Stage)
    for i in range(questions):
        QuestionFactory(checklist=checklist, stage=stages[i % 3], consideration=list(Consideration)[i % 10], order=i)
    return assessment_services.publish_checklist(checklist)


def submitted_assessment(project: Project, author: User):
    """The project's assessment in progress, answered and submitted (started against the checklist in force)."""
    assessment = assessment_services.open_assessment(project) or assessment_services.start_assessment(project, author)
    if assessment.state == ReviewState.SUBMITTED:
        return assessment
    given = {q.pk: assessment_services.Given(Response.YES) for q in assessment.checklist.questions.all()}
    assessment_services.save_answers(assessment, given, expected_version=assessment.version)
    return reviewed.submit(assessment, expected_version=assessment.version)


def draft_result(project: Project, author: User, **fields) -> Result:
    """A patent the author's organization owns (its details complete), saved as a draft."""
    values = {
        "kind": "patent", "title": "Weld seam defect detector", "owner_id": author.organization_id,
        "achieved_on": datetime.date(2026, 9, 1),
        "details": {"status": "applied", "number": "10-2026-0012345", "filed_on": "2026-09-01", "country": "KR"},
        **fields,
    }  # fmt: skip
    return result_services.save_result(Result(project=project, **values), author)


def submitted_result(project: Project, author: User, **fields) -> Result:
    result = draft_result(project, author, **fields)
    return reviewed.submit(result, by=author, expected_version=result.version)


def draft_lesson(project: Project, author: User, **fields) -> Lesson:
    values = {
        "title": "Label the rare defects first", "context": "A weld line with few defects.",
        "tried": "Training on all images.", "advice": "Label the rare classes first.", **fields,
    }  # fmt: skip
    return result_services.save_lesson(Lesson(project=project, **values), author)


def submitted_lesson(project: Project, author: User, **fields) -> Lesson:
    lesson = draft_lesson(project, author, **fields)
    return reviewed.submit(lesson, by=author, expected_version=lesson.version)


PDF_BYTES = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def upload(name: str = "report.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def attached_document(parent, user, name: str = "report.pdf", content: bytes = PDF_BYTES, **options) -> Document:
    """A document on ``parent`` (a project's library — folder "results" unless given —, a status update, a
    milestone, a barrier or a meeting), uploaded through the service as the pages and the API do."""
    if isinstance(parent, Project):
        options.setdefault("folder", "results")
    return document_services.attach(parent, upload(name, content), user, **options)


def submitted_plan(project: Project, author: User, *, fiscal_year: int = 2031):
    """The project's plan for the year, a line of the author's organization, submitted by the author."""
    parts = [money_services.PlanPart(author.organization_id, "personnel", 500_000_000)]
    plan = money_services.save_plan(project, fiscal_year, parts, author)
    return reviewed.submit(plan, by=author, expected_version=plan.version)


def accept_plan(plan, admin):
    """A draft plan submitted by its author and accepted by ``admin`` (no mail)."""
    reviewed.submit(plan, by=plan.author, expected_version=plan.version)
    return reviewed.decide(plan, admin, accept=True, expected_version=plan.version, tell=False)


def submitted_execution(project: Project, author: User, *, fiscal_year: int = 2031, quarter: int = 1) -> Execution:
    """The project's plan for the year and the first quarter of the author's organization, both submitted by the
    author (by default in a year the demo's money does not reach)."""
    submitted_plan(project, author, fiscal_year=fiscal_year)
    execution = Execution(project=project, organization_id=author.organization_id, fiscal_year=fiscal_year,
                          quarter=quarter, author=author, government_received_krw=100_000_000)  # fmt: skip
    money_services.save_execution(execution, {"personnel": 40_000_000})
    return reviewed.submit(execution, expected_version=execution.version)


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"group-{n}")
    name_ko = factory.Sequence(lambda n: f"시험 워킹그룹 {n}")
    name_en = factory.Sequence(lambda n: f"Test working group {n}")
    purpose = "Push the regulations that block industrial AI."
    chair = factory.SubFactory(OrganizationFactory)


MEETING_START = datetime.datetime(2026, 11, 20, 14, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))


def scheduled_meeting(group: WorkingGroup, *, starts_at=MEETING_START, barrier=None, project=None) -> Meeting:
    """A meeting of ``group`` (Asia/Seoul, two hours, in a room) with one agenda item about ``barrier`` or
    ``project``, everyone of the group invited (nobody mailed)."""
    meeting = Meeting(group=group, title="Regular meeting", starts_at=starts_at,
                      ends_at=starts_at + datetime.timedelta(hours=2), place="Sejong, room 401")  # fmt: skip
    agenda = [group_services.Item("Sandbox application", barrier=barrier, project=project)]
    return group_services.schedule_meeting(meeting, agenda, [], tell=False)


def submitted_minutes(meeting: Meeting, author: User, summary: str = "We discussed the sandbox."):
    minutes = group_services.minutes_of(meeting, author)
    minutes.summary = summary
    group_services.save_minutes(minutes, author)
    return reviewed.submit(minutes, by=author, expected_version=minutes.version)
