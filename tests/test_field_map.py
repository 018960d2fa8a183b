"""The field map holds in every output: a value planted in each listed field appears for the audiences the map
names and nowhere else — API JSON and CSV, the project pages, their history, the CSV and XLSX exports, the
monthly report's page and files.

Each audience is a real user: a partner, a member whose organization does not take part, a participant and a
ministry viewer. A planted value must show up for at least one audience, so the test fails if planting breaks.
"""

import datetime
import io
import json
import zipfile

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from access.fields import FIELDS, MEMBER, MINISTRY, PARTICIPANT, PARTNER, sees
from assessments import services as assessment_services
from assessments.choices import Response
from core import periods, reviewed
from core.events import EventType
from core.reviewed import ReviewState
from members.models import Role
from members.tokens import issue_token
from money import services as money_services
from money.apps import ensure_categories
from money.models import Execution
from notifications import fanout, kinds
from notifications.models import Delivery, Preference
from projects import services
from projects.models import StatusUpdate
from reports.content import monthly_content
from reports.services import build_report
from tests.factories import (
    ParticipantFactory,
    ProjectFactory,
    UserFactory,
    WorkingGroupFactory,
    accept_plan,
    published_checklist,
    scheduled_meeting,
    submitted_assessment,
    submitted_lesson,
    submitted_minutes,
    submitted_result,
)

pytestmark = pytest.mark.django_db

PLANTED = {
    ("projects.project", "government_budget_krw"): 918_273_645,
    ("projects.project", "private_budget_krw"): 546_372_819,
    ("projects.statusupdate", "risks_and_issues"): "planted-risk-narrative",
    ("projects.statusupdate", "support_requested"): "planted-support-request",
    ("projects.statusupdate", "review_comment"): "planted-review-comment",
    ("projects.statusupdate", "reviewer"): "planted-reviewer",
    ("assessments.assessment", "review_comment"): "planted-ethics-comment",
    ("assessments.assessment", "reviewer"): "planted-ethics-reviewer",
    ("assessments.answer", "note"): "planted-ethics-note",
    ("groups.minutes", "review_comment"): "planted-minutes-comment",
    ("results.result", "review_comment"): "planted-result-comment",
    ("results.result", "reviewer"): "planted-result-reviewer",
    ("results.lesson", "review_comment"): "planted-lesson-comment",
    ("results.lesson", "reviewer"): "planted-lesson-reviewer",
    ("projects.projectfigures", "money_year"): 2093,
    ("projects.projectfigures", "year_planned_krw"): 735_193_000,
    ("projects.projectfigures", "year_funds_krw"): 611_827_000,
    ("projects.projectfigures", "year_spent_krw"): 426_318_000,
    ("projects.projectfigures", "execution_rate"): "69.7",  # 426,318,000 ÷ 611,827,000
    ("projects.projectfigures", "spent_to_date_krw"): 530_569_000,  # with 104,251,000 spent the year before
}


def test_every_listed_field_has_a_planted_value():
    assert set(PLANTED) == {(model, field) for model, fields in FIELDS.items() for field in fields}


def forms(value) -> list[str]:
    """How a planted value may be written out: as is, or grouped in thousands (pages)."""
    return [str(value), f"{value:,}"] if isinstance(value, int) else [value]


@pytest.fixture
def world(settings, tmp_path):
    settings.REPORTS_DIR = tmp_path
    today = timezone.localdate()
    month = periods.latest_complete(periods.MONTH, today)
    project = ProjectFactory(start_date=month.start - datetime.timedelta(days=400))
    for field in ("government_budget_krw", "private_budget_krw"):  # changed, so the history shows the change
        setattr(project, field, PLANTED["projects.project", field])
    services.update_project(project, expected_version=project.version)
    participant = UserFactory(role=Role.MEMBER_EDITOR)
    ParticipantFactory(project=project, organization=participant.organization)
    published_checklist()
    reviewer = UserFactory(role=Role.MINISTRY_ADMIN, username=PLANTED["projects.statusupdate", "reviewer"])
    update = services.save_status_draft(
        project, participant, {"rag": "green", "progress_percent": 10}, today=month.start
    )
    narrative = {f: PLANTED["projects.statusupdate", f] for f in ("risks_and_issues", "support_requested")}
    services.save_status_draft(  # a second save, so the history diffs the narrative
        project, participant, narrative, today=month.start, update=update, expected_version=update.version
    )
    reviewed.submit(update, expected_version=update.version)
    reviewed.decide(
        update,
        reviewer,
        accept=True,
        comment=PLANTED["projects.statusupdate", "review_comment"],
        expected_version=update.version,
    )
    assert StatusUpdate.objects.get(pk=update.pk).state == ReviewState.ACCEPTED
    assessment = submitted_assessment(project, participant)  # returned with a comment, then a note added
    ethics_reviewer = UserFactory(role=Role.MINISTRY_ADMIN, username=PLANTED["assessments.assessment", "reviewer"])
    reviewed.decide(
        assessment,
        ethics_reviewer,
        accept=False,
        comment=PLANTED["assessments.assessment", "review_comment"],
        expected_version=assessment.version,
    )
    question = assessment.checklist.questions.first()
    note = assessment_services.Given(Response.PARTLY, PLANTED["assessments.answer", "note"])
    assessment_services.save_answers(assessment, {question.pk: note}, expected_version=assessment.version)
    ensure_categories(None)  # a transactional test's flush before this one empties them
    plant_money(project, participant, reviewer)
    report = build_report("monthly", month, today, project=project)[0]
    group = WorkingGroupFactory(is_open=True, chair=participant.organization)  # seen by every member
    group.projects.add(project)
    minutes = submitted_minutes(scheduled_meeting(group, project=project), participant)
    liaison = UserFactory(role=Role.MINISTRY_ADMIN)
    reviewed.decide(minutes, liaison, accept=False, comment=PLANTED["groups.minutes", "review_comment"],
                    expected_version=minutes.version)  # fmt: skip
    result, lesson = plant_results(project, participant)
    users = {
        PARTNER: UserFactory(role=Role.PARTNER),
        MEMBER: UserFactory(role=Role.MEMBER_VIEWER),
        PARTICIPANT: UserFactory(role=Role.MEMBER_VIEWER, organization=participant.organization),
        MINISTRY: UserFactory(role=Role.MINISTRY_VIEWER),
    }
    notify_everyone(project, update, users[PARTNER])
    return {
        "project": project, "report": report, "users": users, "assessment": assessment, "minutes": minutes,
        "result": result, "lesson": lesson,
    }  # fmt: skip


def notify_everyone(project, update, partner) -> None:
    """The notification centre's rows of the project's and the update's events, the partner wanting them all (the
    policy and the field map, not their defaults, decide what they get)."""
    for kind, _label in kinds.CHOICES:
        Preference.objects.create(user=partner, kind=kind, delivery=Delivery.PORTAL)
    now = timezone.now()
    for kind in (EventType.PROJECT_CREATED, EventType.PROJECT_UPDATED):
        fanout.fan_out(kind, "projects.project", str(project.pk), now)
    for kind in (EventType.STATUS_UPDATE_ACCEPTED, EventType.STATUS_UPDATE_RETURNED):
        fanout.fan_out(kind, "projects.statusupdate", str(update.pk), now)


def plant_results(project, participant):
    """An open result accepted with a comment (everyone sees the result, not the review) and a lesson returned
    with one."""
    result = submitted_result(project, participant, reach="open")
    reviewer = UserFactory(role=Role.MINISTRY_ADMIN, username=PLANTED["results.result", "reviewer"])
    comment = PLANTED["results.result", "review_comment"]
    reviewed.decide(result, reviewer, accept=True, comment=comment, expected_version=result.version)
    lesson = submitted_lesson(project, participant)
    reviewer = UserFactory(role=Role.MINISTRY_ADMIN, username=PLANTED["results.lesson", "reviewer"])
    comment = PLANTED["results.lesson", "review_comment"]
    reviewed.decide(lesson, reviewer, accept=False, comment=comment, expected_version=lesson.version)
    return result, lesson


def plant_money(project, editor, admin) -> None:
    """Accepted plans and executions whose stored figures (``ProjectFigures``) are the planted values."""
    year = PLANTED["projects.projectfigures", "money_year"]
    for fiscal_year, grant, received, spent in ((year - 1, 200_000_000, 150_000_000, 104_251_000),
                                                (year, PLANTED["projects.projectfigures", "year_planned_krw"],
                                                 PLANTED["projects.projectfigures", "year_funds_krw"],
                                                 PLANTED["projects.projectfigures", "year_spent_krw"])):  # fmt: skip
        parts = [money_services.PlanPart(editor.organization_id, "personnel", grant)]
        accept_plan(money_services.save_plan(project, fiscal_year, parts, editor), admin)
        execution = Execution(project=project, organization_id=editor.organization_id, fiscal_year=fiscal_year,
                              quarter=1, author=editor, government_received_krw=received)  # fmt: skip
        money_services.save_execution(execution, {"personnel": spent})
        reviewed.submit(execution, expected_version=execution.version)
        reviewed.decide(execution, admin, accept=True, expected_version=execution.version)


def as_text(url: str, response) -> str:
    """A response's text: the XML inside an XLSX file, the text of a PDF's pages."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "xlsx" in url:
        archive = zipfile.ZipFile(io.BytesIO(body))
        return "".join(archive.read(name).decode() for name in archive.namelist())
    if "pdf" in url:
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode()


def outputs(world, audience: str) -> dict[str, str]:
    """Every output the audience's user gets about the project, as text (404s are empty)."""
    project, report, user = world["project"], world["report"], world["users"][audience]
    client = Client()
    client.force_login(user)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, name='leak', scopes=['read'])[1]}"}
    got = {}

    def fetch(name, url, **headers):
        response = client.get(url, **headers)
        got[name] = as_text(url, response) if response.status_code == 200 else ""

    fetch("api project", f"/api/v1/projects/{project.code}/", **bearer)
    fetch("api projects", "/api/v1/projects/", **bearer)
    fetch("api projects csv", "/api/v1/projects/?format=csv", **bearer)
    fetch("api updates", f"/api/v1/status-updates/?project={project.code}", **bearer)
    fetch("page", f"/projects/{project.code}/")
    fetch("history", f"/projects/{project.code}/history/")
    fetch("export csv", "/projects/export.csv")
    fetch("export xlsx", "/projects/export.xlsx")
    fetch("api checks", f"/api/v1/ai-ethics-assessments/?project={project.code}", **bearer)
    fetch("checks page", f"/projects/{project.code}/ethics/{world['assessment'].pk}/")
    fetch("checks csv", "/ethics/answers.csv")
    fetch("checks xlsx", "/ethics/answers.xlsx")
    fetch("report page", f"/reports/{report.pk}/")
    fetch("notifications", "/notifications/")
    fetch("api results", f"/api/v1/results/?project={project.code}", **bearer)
    fetch("api lessons", f"/api/v1/lessons/?project={project.code}", **bearer)
    fetch("result page", f"/projects/{project.code}/results/{world['result'].pk}/")
    fetch("lesson page", f"/projects/{project.code}/lessons/{world['lesson'].pk}/")
    fetch("library", "/library/")
    for fmt in ("xlsx", "pdf"):
        fetch(f"report {fmt}", f"/reports/{report.pk}/{fmt}/?lang=en")
    fetch("meeting page", f"/meetings/{world['minutes'].meeting_id}/")
    fetch("api minutes", "/api/v1/minutes/", **bearer)
    return got


def test_no_output_shows_a_field_to_an_audience_the_map_hides_it_from(world):
    seen_by_someone = set()
    for audience in (PARTNER, MEMBER, PARTICIPANT, MINISTRY):
        texts = outputs(world, audience)
        assert texts["api project"] and texts["page"], audience  # the project itself is visible to all four
        for (model, field), value in PLANTED.items():
            where = [name for name, text in texts.items() if any(form in text for form in forms(value))]
            if sees(audience, model, field):
                seen_by_someone.add((model, field))
            else:
                assert where == [], f"{audience} sees {model}.{field} in {where}"
    assert seen_by_someone == set(PLANTED)


def test_what_the_map_allows_is_shown(world):
    """The other half: participants and ministry staff find each planted value in the API and on the page."""
    for audience in (PARTICIPANT, MINISTRY):
        texts = outputs(world, audience)
        for (model, field), value in PLANTED.items():
            found = [name for name, text in texts.items() if any(form in text for form in forms(value))]
            assert found, f"{audience} never sees {model}.{field}"


def test_the_monthly_report_holds_only_what_all_its_readers_may_see(world, monkeypatch):
    """Were a field for ministry eyes only, the project's monthly report (read by participants too) would drop it."""
    month = periods.latest_complete(periods.MONTH, timezone.localdate())
    planted = PLANTED["projects.statusupdate", "risks_and_issues"]
    assert planted in json.dumps(monthly_content(world["project"], month, timezone.localdate()))
    monkeypatch.setitem(FIELDS["projects.statusupdate"], "risks_and_issues", frozenset({MINISTRY}))
    assert planted not in json.dumps(monthly_content(world["project"], month, timezone.localdate()))


def test_the_notification_centre_is_among_the_outputs(world):
    """Its rows exist for every audience (the partner's too: an open-data project), so the sweeps above read them."""
    code = world["project"].code
    for audience in (PARTNER, MEMBER, PARTICIPANT, MINISTRY):
        assert code in outputs(world, audience)["notifications"], audience
    assert PLANTED["projects.statusupdate", "review_comment"] in outputs(world, PARTICIPANT)["notifications"]
