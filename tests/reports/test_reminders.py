"""Who hears about missing status updates, on which day of the cycle (due day: the 10th)."""

import datetime
from collections import Counter

import pytest
from freezegun import freeze_time

from core.reviewed import ReviewState
from members.models import Role
from reports import cycle
from reports.services import send_reminders
from reports.tasks import send_reminders as send_reminders_task
from tests import factories

NOV = datetime.date(2026, 11, 1)


@pytest.fixture
def cycle_data(db):
    hyundai, lg = factories.OrganizationFactory(), factories.OrganizationFactory()
    people = {
        "hyundai_editor": factories.UserFactory(organization=hyundai, preferred_language="ko"),
        "hyundai_viewer": factories.UserFactory(organization=hyundai, role=Role.MEMBER_VIEWER),
        "hyundai_gone": factories.UserFactory(organization=hyundai, is_active=False),
        "lg_editor": factories.UserFactory(organization=lg, preferred_language="en"),
        "admin": factories.UserFactory(role=Role.MINISTRY_ADMIN, organization=None, preferred_language="en"),
        "viewer": factories.UserFactory(role=Role.MINISTRY_VIEWER, organization=None),
    }
    missing_a = factories.ProjectFactory(code="AAA-001", lead_organization=hyundai)
    factories.ParticipantFactory(project=missing_a, organization=lg)
    missing_b = factories.ProjectFactory(code="BBB-001", lead_organization=lg)
    reported = factories.ProjectFactory(code="CCC-001", lead_organization=hyundai)
    factories.StatusUpdateFactory(
        project=reported, period=NOV, state=ReviewState.SUBMITTED, author=people["hyundai_editor"]
    )
    factories.ProjectFactory(code="DDD-001", lead_organization=hyundai, phase="completed")
    return people, [missing_a, missing_b, reported]


def sent_to(outbox):
    """{address: message}, each address written to once (counted: a duplicate reminder fails here)."""
    received = Counter(address for message in outbox for address in message.to)
    assert set(received.values()) <= {1}, received
    return {message.to[0]: message for message in outbox}


def test_the_cycle_sends_before_on_and_after_the_due_day(settings):
    settings.REPORTING_DUE_DAY = 10
    days = {day: cycle.notice_due(datetime.date(2026, 11, day)) for day in range(1, 31)}
    assert {day: kind for day, kind in days.items() if kind} == {7: "reminder", 10: "due", 13: "escalation"}


def test_three_days_before_editors_get_one_email_listing_their_missing_projects(cycle_data, mailoutbox):
    people, _ = cycle_data
    assert send_reminders(datetime.date(2026, 11, 7)) == 2
    by_address = sent_to(mailoutbox)
    assert set(by_address) == {people["hyundai_editor"].email, people["lg_editor"].email}
    hyundai, lg = by_address[people["hyundai_editor"].email], by_address[people["lg_editor"].email]
    assert "AAA-001" in hyundai.body and "BBB-001" not in hyundai.body and "CCC-001" not in hyundai.body
    assert "AAA-001" in lg.body and "BBB-001" in lg.body
    assert lg.subject == "Status updates for 2026-11 are due on 2026-11-10"
    assert "2026-11" in hyundai.subject and "마감" in hyundai.subject


def test_the_same_reminder_is_never_sent_twice(cycle_data, mailoutbox):
    send_reminders(datetime.date(2026, 11, 7))
    assert send_reminders(datetime.date(2026, 11, 7)) == 0
    assert len(mailoutbox) == 2


def test_on_the_due_day_a_second_notice_goes_out(cycle_data, mailoutbox):
    people, _ = cycle_data
    send_reminders(datetime.date(2026, 11, 7))
    assert send_reminders(datetime.date(2026, 11, 10)) == 2
    due_today = [m for m in mailoutbox[2:] if m.to == [people["lg_editor"].email]]
    assert [m.subject for m in due_today] == ["Status updates for 2026-11 are due today"]


def test_on_other_days_nobody_hears_anything(cycle_data, mailoutbox):
    for day in (1, 6, 8, 9, 11, 12, 14, 28):
        assert send_reminders(datetime.date(2026, 11, day)) == 0
    assert mailoutbox == []


def test_three_days_after_ministry_staff_hear_about_every_missing_update(cycle_data, mailoutbox):
    people, _ = cycle_data
    assert send_reminders(datetime.date(2026, 11, 13)) == 2
    by_address = sent_to(mailoutbox)
    assert set(by_address) == {people["admin"].email, people["viewer"].email}
    admin = by_address[people["admin"].email]
    assert admin.subject == "2 status updates for 2026-11 are overdue"
    assert "AAA-001" in admin.body and "BBB-001" in admin.body and "CCC-001" not in admin.body


def test_nobody_gets_an_empty_email_when_every_update_is_in(cycle_data, mailoutbox):
    people, (missing_a, missing_b, _) = cycle_data
    for project in (missing_a, missing_b):
        factories.StatusUpdateFactory(project=project, period=NOV, author=people["hyundai_editor"])
    for day in (7, 10, 13):
        assert send_reminders(datetime.date(2026, 11, day)) == 0
    assert mailoutbox == []


def test_the_scheduled_task_uses_todays_date_in_seoul(cycle_data, mailoutbox):
    """At 23:30 UTC on 6 November it is already the 7th in Seoul: reminder day."""
    with freeze_time("2026-11-06 23:30:00+00:00"):
        result = send_reminders_task.apply()
    assert result.result == "2 e-mails sent"
    assert len(mailoutbox) == 2
