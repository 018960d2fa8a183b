"""Overdue action items remind their owners through the daily reminders job, once, in each person's language, and
are announced once as ``action_item.overdue``; items entering their due window are announced once as
``action_item.due``; approved minutes are announced as ``minutes.approved``."""

import datetime

import pytest
from django.core import mail

from core import reviewed
from core.events import EventType, happened
from groups.models import ActionItem
from groups.reminders import DUE_SOON, announce_due_soon, send_overdue_reminders
from members.models import Role
from reports import tasks
from tests.factories import UserFactory, scheduled_meeting, submitted_minutes
from webhooks import payloads
from webhooks import services as webhook_services
from webhooks.models import Endpoint, Event

pytestmark = pytest.mark.django_db
DUE = datetime.date(2026, 11, 20)


@pytest.fixture
def heard():
    events = []

    def listen(sender, event_type, subject, **kwargs):
        events.append((event_type, subject.pk))

    happened.connect(listen)
    yield events
    happened.disconnect(listen)


def item_of(people, **owner):
    return ActionItem.objects.create(group=people["group"], title="Call MOLIT", due_date=DUE, **owner)


def test_an_overdue_item_reminds_its_owner_once_in_their_language(people, heard):
    item = item_of(people, owner=people["colleague"])  # prefers Korean
    assert send_overdue_reminders(DUE + datetime.timedelta(days=1)) == 1
    assert send_overdue_reminders(DUE + datetime.timedelta(days=2)) == 0
    [message] = mail.outbox
    assert message.to == [people["colleague"].email] and message.subject.startswith("조치사항 기한 초과")
    assert heard == [(EventType.ACTION_ITEM_OVERDUE, item.pk)]


def test_an_item_due_today_or_done_reminds_nobody(people):
    item_of(people, owner=people["colleague"])
    item_of(people, owner=people["chair"], status="done")
    assert send_overdue_reminders(DUE) == 0
    assert send_overdue_reminders(DUE + datetime.timedelta(days=1)) == 1
    assert [m.to for m in mail.outbox] == [[people["colleague"].email]]


def test_an_organizations_item_reminds_its_editors(people):
    second = UserFactory(role=Role.MEMBER_EDITOR, organization=people["chair"].organization)
    UserFactory(role=Role.MEMBER_VIEWER, organization=people["chair"].organization)
    item_of(people, owner_organization=people["chair"].organization)
    send_overdue_reminders(DUE + datetime.timedelta(days=1))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people["chair"].email, second.email])


def test_the_daily_reminders_job_sends_them(people):
    item_of(people, owner=people["chair"])
    tasks.send_reminders.apply(kwargs={"period": "2026-11-21"})
    assert [m.to for m in mail.outbox] == [[people["chair"].email]]


def test_approved_minutes_are_announced(people, heard):
    minutes = submitted_minutes(scheduled_meeting(people["group"]), people["colleague"])
    reviewed.decide(minutes, people["liaison"], accept=True, expected_version=minutes.version, tell=False)
    assert heard == [(EventType.MINUTES_APPROVED, minutes.pk)]


def test_the_minutes_approved_webhook_carries_the_minutes_as_its_owners_api_shows_them(people):
    endpoints = {}
    for who in ("chair", "outsider"):
        endpoints[who] = Endpoint(owner=people[who], url=f"https://hooks.example.org/{who}",
                                  event_types=[EventType.MINUTES_APPROVED])  # fmt: skip
        webhook_services.create_endpoint(endpoints[who])
    minutes = submitted_minutes(scheduled_meeting(people["group"]), people["colleague"])
    reviewed.decide(minutes, people["liaison"], accept=True, expected_version=minutes.version, tell=False)
    event = Event.objects.get(type=EventType.MINUTES_APPROVED)
    data = payloads.data_for(event, endpoints["chair"])
    assert (data["id"], data["state"], data["reviewer"]) == (minutes.pk, "accepted", people["liaison"].username)
    assert payloads.data_for(event, endpoints["outsider"]) is None  # a closed group's minutes


def test_an_item_entering_its_due_window_is_announced_once(people, heard):
    item = item_of(people, owner=people["colleague"])
    assert announce_due_soon(DUE - DUE_SOON - datetime.timedelta(days=1)) == 0  # not yet in the window
    assert announce_due_soon(DUE - DUE_SOON) == 1
    assert announce_due_soon(DUE - datetime.timedelta(days=1)) == 0
    assert announce_due_soon(DUE) == 0
    assert heard == [(EventType.ACTION_ITEM_DUE, item.pk)]
    assert not mail.outbox  # an announcement, not a reminder


def test_an_item_done_or_already_overdue_is_not_announced_as_due(people, heard):
    item_of(people, owner=people["chair"], status="done")
    item_of(people, owner=people["chair"])
    assert announce_due_soon(DUE + datetime.timedelta(days=1)) == 0
    assert heard == []


def test_the_daily_reminders_job_announces_items_due_soon(people, heard):
    item = item_of(people, owner=people["chair"])
    tasks.send_reminders.apply(kwargs={"period": "2026-11-18"})
    assert heard == [(EventType.ACTION_ITEM_DUE, item.pk)] and not mail.outbox


def test_the_action_item_due_webhook_carries_the_item_as_its_owners_api_shows_it(people):
    endpoints = {}
    for who in ("chair", "outsider"):
        endpoints[who] = Endpoint(owner=people[who], url=f"https://hooks.example.org/{who}",
                                  event_types=[EventType.ACTION_ITEM_DUE])  # fmt: skip
        webhook_services.create_endpoint(endpoints[who])
    item = item_of(people, owner=people["colleague"])
    announce_due_soon(DUE)
    event = Event.objects.get(type=EventType.ACTION_ITEM_DUE)
    data = payloads.data_for(event, endpoints["chair"])
    assert (data["id"], data["due_date"]) == (item.pk, "2026-11-20")
    assert payloads.data_for(event, endpoints["outsider"]) is None  # a closed group's item
