"""Attendance: after the meeting has begun, the chair's editors or the liaison record who of the invited attended;
the meeting page shows them, the meeting's history keeps each list with who recorded it, a stale form is refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.html import escape

from groups import services
from tests.factories import scheduled_meeting

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def meeting(people, on_the_day):
    """A meeting of the group held a week before the day, the chair's and the colleague's people invited."""
    meeting = scheduled_meeting(people["group"])
    meeting.invited.set([people["chair"], people["colleague"], people["liaison"]])
    return meeting


def record(user, meeting, attended, version=None):
    form = {"action": "attendance", "version": version or meeting.version, "attended": [p.pk for p in attended]}
    return client_of(user).post(f"/meetings/{meeting.pk}/", form)


@pytest.mark.parametrize("who", ["chair", "liaison"])
def test_the_chair_or_the_liaison_records_who_attended_shown_on_the_meeting_page(people, meeting, who):
    answer = record(people[who], meeting, [people["chair"], people["colleague"]])
    assert answer.status_code == 302
    assert set(meeting.attended.all()) == {people["chair"], people["colleague"]}
    page = client_of(people["colleague"]).get(f"/meetings/{meeting.pk}/")
    assert list(page.context["attended"]) == sorted([people["chair"], people["colleague"]], key=lambda u: u.username)
    colleague = people["colleague"].get_full_name() or people["colleague"].username
    assert escape(colleague) in page.content.decode()


def test_the_meetings_history_keeps_each_attendance_with_who_recorded_it(people, meeting):
    record(people["chair"], meeting, [people["chair"]])
    meeting.refresh_from_db()
    record(people["liaison"], meeting, [people["chair"], people["colleague"]])
    records = list(meeting.history.order_by("history_id"))[-2:]
    assert [r.history_user for r in records] == [people["chair"], people["liaison"]]
    assert [{a.user_id for a in r.attended.all()} for r in records] == [
        {people["chair"].pk}, {people["chair"].pk, people["colleague"].pk},
    ]  # fmt: skip


def test_a_stale_attendance_is_refused_and_changes_nothing(people, meeting):
    seen = meeting.version
    record(people["chair"], meeting, [people["chair"]])
    answer = record(people["liaison"], meeting, [people["colleague"]], version=seen)
    assert answer.status_code == 200 and "Someone else changed this" in answer.content.decode()
    assert f"attended: {people['chair'].username}" in answer.content.decode()  # what they recorded, by name
    assert list(meeting.attended.all()) == [people["chair"]]


def test_someone_not_invited_cannot_be_recorded(people, meeting):
    answer = record(people["chair"], meeting, [people["outsider"]])
    assert answer.status_code == 200 and not meeting.attended.exists()


def test_the_groups_members_record_no_attendance(people, meeting):
    page = client_of(people["colleague"]).get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'value="attendance"' not in page
    assert record(people["colleague"], meeting, [people["colleague"]]).status_code == 404
    assert not meeting.attended.exists()


def test_attendance_waits_for_the_meeting_to_begin(people, on_the_day):
    later = datetime.datetime(2026, 12, 10, 14, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))
    meeting = scheduled_meeting(people["group"], starts_at=later)
    meeting.invited.set([people["chair"]])
    assert record(people["chair"], meeting, [people["chair"]]).status_code == 404  # no form offered
    with pytest.raises(ValidationError):
        services.record_attendance(meeting, [people["chair"]], people["chair"], expected_version=meeting.version)
    assert not meeting.attended.exists()
