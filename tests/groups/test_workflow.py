"""A working group's meeting from scheduling to approved minutes, as its people do it on the pages."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from core import reviewed
from core.reviewed import ReviewState
from groups.models import ActionItem, AgendaItem, Meeting, Minutes
from tests.factories import scheduled_meeting, submitted_minutes

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def schedule(people, **changes):
    barrier = f"barrier:{people['barrier'].pk}"
    form = {"title": "Sandbox strategy", "starts_at": "2026-12-10 14:00", "duration_minutes": "90",
            "place": "Sejong, room 401", "video_link": "", "item_1": "Batteries as waste", "link_1": barrier,
            "item_2": "Anything else", "link_2": "", **changes}  # fmt: skip
    return client_of(people["chair"]).post(f"/groups/{people['group'].slug}/meetings/new/", form)


def test_the_chair_schedules_a_meeting_with_an_agenda_item_about_a_barrier(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = schedule(people)
    meeting = Meeting.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.starts_at == datetime.datetime(2026, 12, 10, 5, tzinfo=datetime.UTC)  # 14:00 in Seoul
    assert [(a.title, a.barrier) for a in AgendaItem.objects.order_by("order")] == [
        ("Batteries as waste", people["barrier"]), ("Anything else", None),
    ]  # fmt: skip
    invited = {m.to[0]: m.subject for m in mail.outbox}
    assert set(invited) == {people[p].email for p in ("chair", "colleague", "liaison")}
    assert invited[people["chair"].email].startswith("Invitation:")
    assert invited[people["colleague"].email].startswith("초대")  # in the colleague's language


def test_a_meeting_without_a_place_or_a_link_is_refused_and_nothing_is_made(people):
    answer = schedule(people, place="")
    assert answer.status_code == 200 and "Give a place or a video link." in answer.content.decode()
    assert not Meeting.objects.exists()


def test_an_outsider_cannot_schedule_a_meeting_of_a_closed_group(people):
    answer = client_of(people["outsider"]).get(f"/groups/{people['group'].slug}/meetings/new/")
    assert answer.status_code == 404


def test_members_write_the_minutes_and_the_liaison_approves_them(people):
    meeting = scheduled_meeting(people["group"], barrier=people["barrier"])
    item = meeting.agenda.get()
    colleague = client_of(people["colleague"])
    written = {"summary": "We agreed on the sandbox.", "decisions": "Apply for the sandbox.", f"note_{item.pk}": "Go."}
    colleague.post(f"/meetings/{meeting.pk}/", {"action": "save", **written})
    minutes = Minutes.objects.get()
    assert (minutes.author, minutes.item_notes) == (people["colleague"], {str(item.pk): "Go."})
    colleague.post(f"/meetings/{meeting.pk}/", {"action": "submit", "version": minutes.version})
    minutes.refresh_from_db()
    assert minutes.state == ReviewState.SUBMITTED
    answer = client_of(people["liaison"]).post(
        f"/meetings/{meeting.pk}/",
        {"action": "review", "decision": "accept", "comment": "", "version": minutes.version},
    )
    assert answer.status_code == 302
    minutes.refresh_from_db()
    assert (minutes.state, minutes.reviewer) == (ReviewState.ACCEPTED, people["liaison"])


def test_approved_minutes_are_no_longer_written_on_the_page(people):
    meeting = scheduled_meeting(people["group"])
    minutes = submitted_minutes(meeting, people["colleague"])
    reviewed.decide(minutes, people["admin"], accept=True, expected_version=minutes.version, tell=False)
    answer = client_of(people["colleague"]).post(f"/meetings/{meeting.pk}/", {"action": "save", "summary": "Later"})
    assert answer.status_code == 404
    minutes.refresh_from_db()
    assert minutes.summary == "We discussed the sandbox."


def test_the_writer_of_the_minutes_is_offered_no_approval_even_as_chair(people):
    meeting = scheduled_meeting(people["group"])
    minutes = submitted_minutes(meeting, people["chair"])
    chair = client_of(people["chair"])
    assert "Approve the minutes" not in chair.get(f"/meetings/{meeting.pk}/").content.decode()
    answer = chair.post(
        f"/meetings/{meeting.pk}/", {"action": "review", "decision": "accept", "version": minutes.version}
    )
    assert answer.status_code == 404
    minutes.refresh_from_db()
    assert minutes.state == ReviewState.SUBMITTED


def test_an_action_item_recorded_in_the_minutes_reaches_its_owners_dashboard_and_the_barriers_page(people, on_the_day):
    meeting = scheduled_meeting(people["group"], barrier=people["barrier"])
    client_of(people["chair"]).post(f"/meetings/{meeting.pk}/", {
        "action": "action", "title": "Draft the sandbox application", "owner": f"user:{people['colleague'].pk}",
        "due_date": "2026-11-20", "link": f"barrier:{people['barrier'].pk}",
    })  # fmt: skip
    item = ActionItem.objects.get()
    assert (item.owner, item.barrier, item.group) == (people["colleague"], people["barrier"], people["group"])
    dashboard = client_of(people["colleague"]).get("/").content.decode()
    assert "Draft the sandbox application" in dashboard, dashboard[dashboard.find("<main") :][:3000]
    assert "table-danger" in dashboard  # overdue
    barrier_page = client_of(people["liaison"]).get(f"/barriers/{people['barrier'].pk}/").content.decode()
    assert "Draft the sandbox application" in barrier_page and meeting.title in barrier_page
    assert (
        "Draft the sandbox application"
        not in client_of(people["outsider"]).get(f"/barriers/{people['barrier'].pk}/").content.decode()
    )


def test_the_owner_marks_their_action_item_done(people):
    meeting = scheduled_meeting(people["group"])
    item = ActionItem.objects.create(group=people["group"], meeting=meeting, title="Call MOLIT",
                                     owner=people["colleague"], due_date=datetime.date(2026, 12, 1))  # fmt: skip
    client_of(people["colleague"]).post(f"/action-items/{item.pk}/status/", {"status": "done", "version": item.version})
    item.refresh_from_db()
    assert item.status == "done"


def test_a_stale_status_change_is_refused(people):
    item = ActionItem.objects.create(group=people["group"], title="Call MOLIT", owner=people["colleague"],
                                     due_date=datetime.date(2026, 12, 1), version=3)  # fmt: skip
    client_of(people["colleague"]).post(f"/action-items/{item.pk}/status/", {"status": "done", "version": 2})
    item.refresh_from_db()
    assert (item.status, item.version) == ("open", 3)
