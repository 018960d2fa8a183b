"""Digests: one mail per person and period however many events and runs, at the hour they chose, in their
language, with one-click unsubscribe links."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from core.events import EventType
from notifications import mails
from notifications.models import Delivery, Digest, DigestTime, Notification
from tests import factories

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
FRIDAY_9 = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=SEOUL)  # tests.DEMO_DAY, a Friday


def waiting(user, delivery: str, n: int = 2, at: datetime.datetime = FRIDAY_9) -> None:
    project = factories.ProjectFactory()
    for i in range(n):
        Notification.objects.create(
            recipient=user, kind=EventType.MILESTONE_SLIPPED, subject_type="projects.project",
            subject_id=str(project.pk),
            details={"code": project.code, "title_en": f"Pilot {i}", "title_ko": f"시범 {i}"},
            path=f"/projects/{project.code}/", occurred_at=at - datetime.timedelta(hours=i + 1), delivery=delivery,
        )  # fmt: skip


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """The hourly job at ``now``: the digests it sends (their mails go once its transactions commit)."""

    def digests(now: datetime.datetime) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return mails.send_digests(now)

    return digests


@pytest.fixture
def person(db):
    return factories.UserFactory(role="ministry_viewer", preferred_language="en")


def test_a_daily_digest_goes_once_a_day_however_often_the_job_runs(person, run, mailoutbox):
    waiting(person, Delivery.DAILY, 3)
    assert run(FRIDAY_9) == 1
    assert run(FRIDAY_9 + datetime.timedelta(hours=1)) == 0
    waiting(person, Delivery.DAILY, 1, at=FRIDAY_9 + datetime.timedelta(hours=3))  # later that day: tomorrow's
    assert run(FRIDAY_9 + datetime.timedelta(hours=4)) == 0
    assert run(FRIDAY_9 + datetime.timedelta(days=1)) == 1
    assert len(mailoutbox) == 2
    assert "3 notifications" in mailoutbox[0].subject
    assert mailoutbox[0].body.count("Pilot") == 3
    assert Digest.objects.filter(recipient=person).count() == 2


def test_a_digest_waits_for_the_hour_the_person_chose(person, run, mailoutbox):
    DigestTime.objects.create(user=person, hour=17, weekday=0)
    waiting(person, Delivery.DAILY)
    assert run(FRIDAY_9) == 0
    assert run(FRIDAY_9.replace(hour=17)) == 1


def test_a_weekly_digest_goes_once_a_week_on_the_chosen_day(person, run, mailoutbox):
    DigestTime.objects.create(user=person, hour=8, weekday=4)  # Fridays
    waiting(person, Delivery.WEEKLY)
    thursday = FRIDAY_9 - datetime.timedelta(days=1)
    assert run(thursday) == 0
    assert run(FRIDAY_9) == 1
    waiting(person, Delivery.WEEKLY, at=FRIDAY_9 + datetime.timedelta(hours=5))
    assert run(FRIDAY_9 + datetime.timedelta(days=1)) == 0  # the same ISO week
    assert run(FRIDAY_9 + datetime.timedelta(days=3)) == 0  # Monday: the new week's Friday to come
    assert run(FRIDAY_9 + datetime.timedelta(days=7)) == 1
    assert len(mailoutbox) == 2


def test_portal_only_and_immediate_notifications_are_never_digested(person, run, mailoutbox):
    waiting(person, Delivery.PORTAL)
    waiting(person, Delivery.IMMEDIATE)
    assert run(FRIDAY_9) == 0
    assert mailoutbox == []


def test_a_digest_is_in_the_readers_language_with_unsubscribe_links(person, run, mailoutbox):
    person.preferred_language = "ko"
    person.save()
    waiting(person, Delivery.DAILY)
    run(FRIDAY_9)
    mail = mailoutbox[0]
    assert "시범 0" in mail.body and "Pilot" not in mail.body
    assert "알림" in mail.subject
    url = mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http") and "/notifications/unsubscribe/" in url
    assert url in mail.body


def test_no_digest_for_someone_deactivated(person, run, mailoutbox):
    waiting(person, Delivery.DAILY)
    person.is_active = False
    person.save()
    assert run(timezone.localtime(FRIDAY_9)) == 0
