"""An assessment goes draft → submitted → accepted (frozen) or returned (and submitted again), like a status
update; answers are complete and explained before submission; stale saves are refused."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from access import policy
from assessments import services
from assessments.choices import Response
from assessments.models import Answer, Assessment
from assessments.services import Given
from core import periods, reviewed
from core.reviewed import ReviewState
from core.versions import StaleVersion
from members.models import Role
from reports.content import monthly_content
from tests.factories import UserFactory, published_checklist, submitted_assessment

pytestmark = pytest.mark.django_db


def answer_all(assessment, response=Response.YES, note=""):
    given = {q.pk: Given(response, note) for q in assessment.checklist.questions.all()}
    return services.save_answers(assessment, given, expected_version=assessment.version)


@pytest.fixture
def submitted(checklist, people):
    return submitted_assessment(people["project"], people["editor"])


def test_a_check_is_submitted_only_when_every_question_is_answered_and_explained(checklist, people):
    assessment = services.start_assessment(people["project"], people["editor"])
    first = checklist.questions.order_by("pk").first()
    services.save_answers(assessment, {first.pk: Given(Response.YES)}, expected_version=assessment.version)
    with pytest.raises(ValidationError, match="2 questions are not answered yet"):
        reviewed.submit(assessment, expected_version=assessment.version)

    answer_all(assessment, Response.NO)
    with pytest.raises(ValidationError, match="without"):
        reviewed.submit(assessment, expected_version=assessment.version)

    answer_all(assessment, Response.NO, "A procedure is planned for next quarter.")
    reviewed.submit(assessment, expected_version=assessment.version)
    assert Assessment.objects.get(pk=assessment.pk).state == ReviewState.SUBMITTED


def test_a_stale_save_is_refused_and_writes_nothing(checklist, people):
    assessment = services.start_assessment(people["project"], people["editor"])
    read = assessment.version
    answer_all(assessment)  # someone else saves first
    question = checklist.questions.first()
    with pytest.raises(StaleVersion):
        services.save_answers(
            Assessment.objects.get(pk=assessment.pk), {question.pk: Given(Response.NO, "x")}, expected_version=read
        )
    assert Answer.objects.get(assessment=assessment, question=question).response == Response.YES


@pytest.mark.services  # triggers: run on the machine's PostgreSQL too
def test_an_answer_to_another_versions_question_is_refused(checklist, people):
    assessment = services.start_assessment(people["project"], people["editor"])
    other = published_checklist(number=checklist.number + 1).questions.first()
    with pytest.raises(ValidationError, match="not on this checklist"):
        services.save_answers(assessment, {other.pk: Given(Response.YES)}, expected_version=assessment.version)
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it too
        Answer.objects.create(assessment=assessment, question=other, response=Response.YES)


def test_a_project_has_one_check_in_progress_at_a_time(checklist, people):
    services.start_assessment(people["project"], people["editor"])
    with pytest.raises(ValidationError, match="has a check in progress"):
        services.start_assessment(people["project"], people["editor"])


def test_a_check_needs_a_published_checklist(people):
    with pytest.raises(ValidationError, match="No AI-ethics checklist"):
        services.start_assessment(people["project"], people["editor"])


def test_returning_needs_a_comment_and_the_check_can_be_corrected_and_accepted(submitted, people):
    admin = people["admin"]
    with pytest.raises(ValidationError):
        reviewed.decide(submitted, admin, accept=False, comment="  ", expected_version=submitted.version)
    reviewed.decide(
        submitted, admin, accept=False, comment="Explain the privacy answer.", expected_version=submitted.version
    )
    assert submitted.state == ReviewState.RETURNED
    question = submitted.checklist.questions.first()
    services.save_answers(
        submitted, {question.pk: Given(Response.PARTLY, "Pseudonymised from May.")}, expected_version=submitted.version
    )
    reviewed.submit(submitted, expected_version=submitted.version)
    reviewed.decide(submitted, admin, accept=True, comment="", expected_version=submitted.version)
    assert Assessment.objects.get(pk=submitted.pk).state == ReviewState.ACCEPTED
    # the history keeps the answer as first given and as corrected
    history = Answer.history.filter(assessment_id=submitted.pk, question_id=question.pk).order_by("history_date")
    assert [h.response for h in history] == [Response.YES, Response.PARTLY]


@pytest.mark.services
def test_an_accepted_check_is_frozen_in_the_database(submitted, people):
    reviewed.decide(submitted, people["admin"], accept=True, comment="", expected_version=submitted.version)
    answer = submitted.answers.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=submitted.pk).update(review_comment="changed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(pk=answer.pk).update(response=Response.NO)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        answer_all(submitted, Response.NO, "late")
    assert Answer.objects.get(pk=answer.pk).response == Response.YES


def test_nobody_reviews_their_own_check(checklist, people):
    admin = people["admin"]
    assessment = services.start_assessment(people["project"], admin)  # administrators may fill one in
    answer_all(assessment)
    reviewed.submit(assessment, expected_version=assessment.version)
    assert not policy.can(admin, policy.REVIEW, assessment)
    assert policy.can(UserFactory(role=Role.MINISTRY_ADMIN), policy.REVIEW, assessment)


def test_the_monthly_report_lists_the_projects_checks_without_drafts(checklist, people):
    project, today = people["project"], timezone.localdate()
    draft = services.start_assessment(project, people["editor"])
    section = monthly_content(project, periods.month(today), today)["sections"]["ethics"]
    assert section == []  # a draft is the participants' own, not the report's readers'
    first = checklist.questions.order_by("pk").first()
    given = {q.pk: Given(Response.NO if q == first else Response.PARTLY, "why") for q in checklist.questions.all()}
    services.save_answers(draft, given, expected_version=draft.version)
    reviewed.submit(draft, expected_version=draft.version)
    section = monthly_content(project, periods.month(today), today)["sections"]["ethics"]
    assert section == [[checklist.number, ReviewState.SUBMITTED, today.isoformat(), None, 1, 2]]


def test_the_author_and_their_teams_editors_are_told_of_the_decision(
    submitted, people, mailoutbox, django_capture_on_commit_callbacks
):
    editor = people["editor"]
    editor.preferred_language = "en"
    editor.save()
    colleague = UserFactory(role=Role.MEMBER_EDITOR, organization=editor.organization, preferred_language="ko")
    with django_capture_on_commit_callbacks(execute=True):
        reviewed.decide(
            submitted, people["admin"], accept=False, comment="Explain 3.", expected_version=submitted.version
        )
    sent = {message.to[0]: message for message in mailoutbox}
    # one message each (counted: a duplicate mail fails), not the participant viewer, not other organizations
    assert sorted(address for message in mailoutbox for address in message.to) == sorted(
        [editor.email, colleague.email]
    )
    code = people["project"].code
    assert sent[editor.email].subject == f"{code} AI-ethics check was returned for changes"
    assert sent[colleague.email].subject.startswith(code) and "AI 윤리 점검" in sent[colleague.email].subject
    assert all("Explain 3." in message.body for message in mailoutbox)
