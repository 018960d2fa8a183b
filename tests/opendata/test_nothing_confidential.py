"""Nothing confidential reaches the public: a value planted in every confidential field of the field map (and in
every other field the map does not give the public) of a published project is searched for in every public page,
file (the ZIP unpacked), API answer and the feed."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from access.fields import FIELDS
from assessments.models import Answer, Assessment
from core import reviewed
from groups.models import Minutes
from members.models import Role, User
from opendata import files, services
from projects.models import IndicatorValue, Milestone, PolicyBarrier, Project, ProjectFigures, StatusUpdate
from results.models import Lesson, Result
from tests.factories import (
    WorkingGroupFactory,
    scheduled_meeting,
    submitted_assessment,
    submitted_lesson,
    submitted_minutes,
    submitted_result,
)
from tests.opendata.test_pages import public_urls

pytestmark = pytest.mark.django_db

# (model, field) -> planted value; every field of the map's confidential list is here (a test checks it)
PLANTED = {
    (Project, "government_budget_krw"): 918_273_645,
    (Project, "private_budget_krw"): 546_372_819,
    (StatusUpdate, "risks_and_issues"): "planted-risk-narrative",
    (StatusUpdate, "support_requested"): "planted-support-request",
    (StatusUpdate, "review_comment"): "planted-review-comment",
    (StatusUpdate, "achievements"): "planted-achievements",  # not confidential in the alliance, not published
    (Assessment, "review_comment"): "planted-ethics-comment",
    (Answer, "note"): "planted-ethics-note",
    (Milestone, "deliverable"): "planted-deliverable",
    (IndicatorValue, "note"): "planted-indicator-note",
    (PolicyBarrier, "description"): "planted-barrier-description",
    (PolicyBarrier, "resolution_note"): "planted-resolution-note",
    # the stored money figures (money.figures keeps them; here written directly)
    (ProjectFigures, "money_year"): 2093,
    (ProjectFigures, "year_planned_krw"): 735_193_000,
    (ProjectFigures, "year_funds_krw"): 611_827_000,
    (ProjectFigures, "year_spent_krw"): 426_318_000,
    (ProjectFigures, "execution_rate"): Decimal("69.7"),
    (ProjectFigures, "spent_to_date_krw"): 530_569_000,
    # an open, accepted result of the project (published) and a lesson (never published)
    (Result, "review_comment"): "planted-result-comment",
    (Result, "summary"): "planted-result-summary",  # the alliance's, not published
    (Lesson, "review_comment"): "planted-lesson-comment",
    # minutes of a working group that follows the project (a group's work is never published)
    (Minutes, "review_comment"): "planted-minutes-comment",
}
REVIEWER = "planted-reviewer"  # the reviewer of the update and of the ethics check: a username


def test_every_confidential_field_of_the_map_is_planted():
    reviewers = {("projects.statusupdate", "reviewer"), ("assessments.assessment", "reviewer"),
                 ("results.result", "reviewer"), ("results.lesson", "reviewer")}  # REVIEWER  # fmt: skip
    planted = {(model._meta.label_lower, field) for model, field in PLANTED} | reviewers
    assert {(model, field) for model, fields in FIELDS.items() for field in fields} <= planted


def plant(project: Project, users) -> None:
    """Written underneath the services (accepted updates are frozen by a trigger: switched off for the planting)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    reviewer = users["viewer"]
    reviewer.username = REVIEWER
    reviewer.save(update_fields=["username"])
    assessment = submitted_assessment(project, users["member"])
    author = User.objects.filter(organization=project.lead_organization, role=Role.MEMBER_EDITOR).first()
    result = submitted_result(project, author, reach="open")
    reviewed.decide(result, users["ministry"], accept=True, expected_version=result.version, tell=False)
    lesson = submitted_lesson(project, author)
    group = WorkingGroupFactory(chair=author.organization)
    group.projects.add(project)
    minutes = submitted_minutes(scheduled_meeting(group, project=project), author)
    for (model, field), value in PLANTED.items():
        rows = {
            Project: Project.objects.filter(pk=project.pk),
            StatusUpdate: StatusUpdate.objects.filter(project=project),
            Assessment: Assessment.objects.filter(pk=assessment.pk),
            Answer: Answer.objects.filter(assessment=assessment),
            Milestone: Milestone.objects.filter(project=project),
            IndicatorValue: IndicatorValue.objects.filter(indicator__project=project),
            PolicyBarrier: PolicyBarrier.objects.filter(projects=project),
            ProjectFigures: ProjectFigures.objects.filter(project=project),
            Result: Result.objects.filter(pk=result.pk),
            Lesson: Lesson.objects.filter(pk=lesson.pk),
            Minutes: Minutes.objects.filter(pk=minutes.pk),
        }[model]
        assert rows.update(**{field: value}), (model, field)
    StatusUpdate.objects.filter(project=project).update(reviewer=reviewer)
    Assessment.objects.filter(pk=assessment.pk).update(reviewer=reviewer)
    Result.objects.filter(pk=result.pk).update(reviewer=reviewer)
    Lesson.objects.filter(pk=lesson.pk).update(reviewer=reviewer)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def bodies(client, publication) -> dict[str, str]:
    """Every public answer about ``publication``, as text (the ZIP's members one by one)."""
    code = publication.projects.first().code
    urls = [
        *public_urls(publication),
        reverse("open-publication-list"),
        reverse("open-publication-detail", kwargs={"period": publication.key}) + f"?version={publication.version}",
        reverse("open-project-list") + f"?period={publication.key}&version={publication.version}",
        reverse("open-project-detail", kwargs={"code": code}) + f"?period={publication.key}",
    ]
    found = {}
    for url in urls:
        for lang in ("ko", "en"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
            assert response.status_code == 200, url
            if url.endswith(".zip"):
                with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
                    found |= {f"{url}!{name}": archive.read(name).decode() for name in archive.namelist()}
            else:
                found[f"{url} ({lang})"] = response.getvalue().decode()
    return found


def test_no_planted_value_appears_in_any_public_answer(users, published, anonymous):
    barrier = PolicyBarrier.objects.filter(projects__code__in=published.projects.values("code")).first()
    project = barrier.projects.filter(code__in=published.projects.values("code")).first()
    plant(project, users)
    publication = services.publish(published.period, users["ministry"], ratings=True, note="planted")
    files.build(publication.pk)
    assert publication.projects.filter(code=project.code).exists()

    answers = bodies(anonymous, publication)
    assert any(project.code in text for text in answers.values())  # the project is there: the search can fail
    assert any("Weld seam defect detector" in text for text in answers.values())  # and its open result
    planted = [str(v) for v in PLANTED.values()] + [f"{v:,}" for v in PLANTED.values() if isinstance(v, int)]
    leaks = {(url, value) for url, text in answers.items() for value in [*planted, REVIEWER] if value in text}
    assert leaks == set()
