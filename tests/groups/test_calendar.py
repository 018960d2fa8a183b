"""The iCalendar feeds (RFC 5545, parsed back with ``icalendar``): a person's (their groups' meetings, their action
items' due dates) and a group's, behind secret addresses that their owner revokes; "add to calendar"."""

import datetime

import icalendar
import pytest
from django.test import Client

from groups import services
from groups.models import ActionItem, CalendarFeed
from tests.factories import WorkingGroupFactory, scheduled_meeting

pytestmark = pytest.mark.django_db


def parsed(response) -> icalendar.Calendar:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def planned(people):
    meeting = scheduled_meeting(people["group"], barrier=people["barrier"])
    item = ActionItem.objects.create(group=people["group"], meeting=meeting, title="Draft the application",
                                     owner=people["colleague"], due_date=datetime.date(2026, 12, 4))  # fmt: skip
    return meeting, item


def test_a_persons_feed_holds_their_groups_meetings_and_their_action_items_due_dates(people, planned):
    meeting, item = planned
    _feed, token = services.open_feed(people["colleague"])
    calendar = parsed(Client().get(f"/calendar/{token}.ics"))
    assert calendar["version"] == "2.0" and calendar["prodid"]
    found = events(calendar)
    held = found[f"{people['group'].name}: {meeting.title}"]
    assert held.decoded("dtstart") == meeting.starts_at
    assert str(held.decoded("dtstart").tzinfo) == "Asia/Seoul"
    assert held["location"] == "Sejong, room 401"
    due = found["기한: Draft the application"]  # in the owner's language
    assert due.decoded("dtstart") == item.due_date
    assert calendar.walk("VTIMEZONE"), "the time zone the events name is defined in the feed"


def test_an_action_item_of_someone_else_is_not_in_a_persons_feed(people, planned):
    _feed, token = services.open_feed(people["chair"])
    found = events(parsed(Client().get(f"/calendar/{token}.ics")))
    assert "Due: Draft the application" not in found
    assert len(found) == 1  # the group's meeting


def test_a_revoked_address_answers_404(people, planned):
    feed, token = services.open_feed(people["colleague"])
    client = Client()
    client.force_login(people["colleague"])
    client.post("/calendar/", {"revoke": feed.pk})
    assert CalendarFeed.objects.get().revoked_at is not None
    assert Client().get(f"/calendar/{token}.ics").status_code == 404


def test_someone_elses_address_cannot_be_revoked(people, planned):
    feed, token = services.open_feed(people["colleague"])
    client = Client()
    client.force_login(people["outsider"])
    assert client.post("/calendar/", {"revoke": feed.pk}).status_code == 404
    assert Client().get(f"/calendar/{token}.ics").status_code == 200


def test_a_wrong_token_answers_404(people):
    assert Client().get("/calendar/not-a-token.ics").status_code == 404


def test_a_groups_feed_is_gone_once_its_owner_no_longer_sees_the_group(people, planned):
    _feed, token = services.open_feed(people["colleague"], people["group"])
    assert len(events(parsed(Client().get(f"/calendar/{token}.ics")))) == 2
    people["group"].members.remove(people["colleague"].organization)
    assert Client().get(f"/calendar/{token}.ics").status_code == 404


def test_a_new_address_is_shown_once_on_the_page(people):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(people["chair"])
    page = client.post("/calendar/", {"group": ""}, follow=True).content.decode()
    assert "shown only once" in page and ".ics" in page
    token_hash = CalendarFeed.objects.get(user=people["chair"]).token_hash
    assert token_hash not in page
    assert "shown only once" not in client.get("/calendar/").content.decode()


def test_add_to_calendar_gives_the_one_meeting(people, planned):
    meeting, _item = planned
    client = Client()
    client.force_login(people["liaison"])
    found = events(parsed(client.get(f"/meetings/{meeting.pk}/meeting.ics")))
    assert list(found) == [f"{people['group'].name}: {meeting.title}"]


def test_partners_get_no_feed(people):
    other = WorkingGroupFactory(is_open=True)
    scheduled_meeting(other)
    _feed, token = services.open_feed(people["partner"])
    assert Client().get(f"/calendar/{token}.ics").status_code == 404
