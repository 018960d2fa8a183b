""" "Ask about this" in the notification centre: the owner organization's people hear of a question, the requester of
the answer, nobody else; the two events are the portal's own, never offered to webhooks."""

import datetime

import pytest
from django.utils import translation

from core import reviewed
from core.events import EventType, happened
from members.models import Role
from notifications import fanout, kinds
from notifications.models import Notification
from results import services
from tests.factories import UserFactory, submitted_result
from webhooks.payloads import offered_types

pytestmark = pytest.mark.django_db

WHEN = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=datetime.UTC)


def told(kind, subject) -> dict:
    fanout.fan_out(kind, subject._meta.label_lower, str(subject.pk), WHEN)
    rows = Notification.objects.filter(kind=kind, subject_id=str(subject.pk)).select_related("recipient")
    return {n.recipient.username: n for n in rows}


@pytest.fixture
def question(people):
    result = submitted_result(people["project"], people["editor"], title="Weld seam model")
    reviewed.decide(result, people["admin"], accept=True, expected_version=result.version)
    announced = []

    def heard(sender, event_type, subject, **kwargs):
        announced.append((event_type, subject))

    happened.connect(heard)
    try:
        contact = services.ask(result, people["outsider"], "May we talk about the weld seam model?")
        yield contact, announced
    finally:
        happened.disconnect(heard)


def test_a_question_tells_the_owner_organizations_people_and_nobody_else(people, question):
    contact, announced = question
    assert (EventType.CONTACT_REQUEST_RECEIVED, contact) in announced
    colleague = UserFactory(role=Role.MEMBER_VIEWER, organization=people["editor"].organization)
    got = told(EventType.CONTACT_REQUEST_RECEIVED, contact)
    assert set(got) == {people["editor"].username, colleague.username}
    assert got[people["editor"].username].path == "/contacts/"
    with translation.override("en"):
        text = kinds.describe(EventType.CONTACT_REQUEST_RECEIVED, got[people["editor"].username].details)
    assert "Weld seam model" in text


def test_the_answer_tells_the_requester_only(people, question):
    contact, announced = question
    services.answer(contact, people["editor"], accept=True)
    assert (EventType.CONTACT_REQUEST_ANSWERED, contact) in announced
    assert set(told(EventType.CONTACT_REQUEST_ANSWERED, contact)) == {people["outsider"].username}


def test_questions_are_never_offered_to_webhooks(people):
    offered = set(offered_types(people["admin"])) | set(offered_types(people["editor"]))
    assert EventType.RESULT_ACCEPTED in offered
    assert not offered & {EventType.CONTACT_REQUEST_RECEIVED, EventType.CONTACT_REQUEST_ANSWERED}
