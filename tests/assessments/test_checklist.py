"""The checklist is data, in versions: a published version never changes (the database refuses), a new version
starts as a copy, and answers given under an old version keep their questions."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments import services
from assessments.choices import Response
from assessments.models import Checklist, Question
from assessments.services import Given
from core import reviewed
from members.models import Role
from projects.models import ProjectFigures
from tests.factories import ChecklistFactory, QuestionFactory, UserFactory, published_checklist

pytestmark = pytest.mark.django_db


def refused(change) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        change()


def test_the_highest_published_version_is_in_force():
    assert Checklist.objects.current() is None
    first = published_checklist()
    ChecklistFactory(number=first.number + 5)  # a draft: not in force
    assert Checklist.objects.current() == first
    second = published_checklist(number=first.number + 1)
    assert Checklist.objects.current() == second


@pytest.mark.services  # triggers: run on the machine's PostgreSQL too
def test_the_database_refuses_to_change_a_published_version(checklist):
    question = checklist.questions.first()

    def retitle():
        Checklist.objects.filter(pk=checklist.pk).update(title_en="changed")

    refused(retitle)
    refused(lambda: Question.objects.filter(pk=question.pk).update(text_en="changed"))
    refused(lambda: Question.objects.filter(pk=question.pk).delete())
    refused(lambda: QuestionFactory(checklist=checklist, order=99))
    refused(lambda: Checklist.objects.filter(pk=checklist.pk).delete())
    question.refresh_from_db()
    assert question.text_en.startswith("Question")


def test_a_draft_version_can_be_edited(db):
    draft = ChecklistFactory()
    question = QuestionFactory(checklist=draft)
    Question.objects.filter(pk=question.pk).update(text_en="Better wording")
    assert Question.objects.get(pk=question.pk).text_en == "Better wording"


def test_a_version_without_questions_is_not_published(db):
    with pytest.raises(ValidationError, match="at least one question"):
        services.publish_checklist(ChecklistFactory())
    assert Checklist.objects.current() is None


def test_a_lower_version_is_not_published_after_a_higher_one(db):
    low = ChecklistFactory(number=1)
    QuestionFactory(checklist=low)
    published_checklist(number=2)
    with pytest.raises(ValidationError, match="Version 2 is in force"):
        services.publish_checklist(low)


def test_a_new_version_copies_the_questions_and_old_answers_keep_theirs(checklist, people):
    project, editor, admin = people["project"], people["editor"], people["admin"]
    assessment = services.start_assessment(project, editor)
    given = {q.pk: Given(Response.YES) for q in checklist.questions.all()}
    services.save_answers(assessment, given, expected_version=assessment.version)
    reviewed.submit(assessment, expected_version=assessment.version)
    reviewed.decide(assessment, admin, accept=True, comment="", expected_version=assessment.version)
    assert ProjectFigures.objects.get(project=project).ethics_checked_on is not None

    draft = services.draft_next_version(checklist)
    assert draft.number == checklist.number + 1 and draft.published_at is None
    copied = list(draft.questions.order_by("stage", "order").values_list("stage", "order", "text_en"))
    assert copied == list(checklist.questions.order_by("stage", "order").values_list("stage", "order", "text_en"))
    draft.questions.filter(order=0).update(text_en="Reworded in version two")
    services.publish_checklist(draft)

    assert Checklist.objects.current() == draft
    old_questions = set(assessment.answers.values_list("question__checklist", flat=True))
    assert old_questions == {checklist.pk}
    assert not assessment.answers.filter(question__text_en="Reworded in version two").exists()
    # the project's check was against the old version: no longer current
    assert ProjectFigures.objects.get(project=project).ethics_checked_on is None


def test_ministry_administrators_publish_and_draft_versions_in_the_admin(client):
    client.force_login(UserFactory(role=Role.MINISTRY_ADMIN))
    draft = ChecklistFactory()
    QuestionFactory(checklist=draft)
    url = "/admin/assessments/checklist/"
    response = client.post(url, {"action": "publish", "_selected_action": [draft.pk]}, follow=True)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.published_at is not None
    page = client.get(f"{url}{draft.pk}/change/").content.decode()
    assert 'name="title_en"' not in page  # read-only once published

    client.post(url, {"action": "draft_next_version", "_selected_action": [draft.pk]})
    assert Checklist.objects.filter(number=draft.number + 1, published_at__isnull=True).exists()


@pytest.mark.parametrize("role", [Role.MINISTRY_VIEWER, Role.MEMBER_EDITOR])
def test_nobody_else_edits_the_checklist_in_the_admin(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/admin/assessments/checklist/").status_code == 302
