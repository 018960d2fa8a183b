"""Through a real broker and a real ``celery worker``: a committed change reaches the people it concerns, and the
hourly job mails the digests."""

import pytest
from django.utils import timezone

from core import reviewed
from core.events import EventType
from members.models import Role
from notifications import fanout
from notifications.models import Delivery, DigestTime, Notification, PendingFanOut, Preference
from notifications.tasks import digests, sweep
from tests import factories
from tests.processes import Worker, wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_submitted_and_returned_update_reaches_its_reviewers_then_its_authors(worker_env, tmp_path):
    lead = factories.OrganizationFactory()
    project = factories.ProjectFactory(lead_organization=lead)
    author = factories.UserFactory(role=Role.MEMBER_EDITOR, organization=lead)
    reviewer = factories.UserFactory(role=Role.MINISTRY_ADMIN)
    outsider = factories.UserFactory(role=Role.MEMBER_EDITOR)
    Preference.objects.create(user=author, kind=EventType.STATUS_UPDATE_RETURNED, delivery=Delivery.DAILY)
    DigestTime.objects.create(user=author, hour=0)  # due whenever the test runs
    update = factories.StatusUpdateFactory(project=project, author=author, state="draft", submitted_at=None)
    log = tmp_path / "worker.log"
    worker = Worker(worker_env, "celery,mail", "alliance_portal", log)
    try:
        reviewed.submit(update, by=author, expected_version=update.version)  # committed: the fan-out is queued
        waiting = wait_until(
            lambda: Notification.objects.filter(kind=EventType.STATUS_UPDATE_SUBMITTED).first(),
            60, "the reviewer's notification", log,
        )  # fmt: skip
        assert waiting.recipient == reviewer and waiting.path == f"/review/{update.pk}/"
        # the file backend creates the file before it writes the message into it: wait for what it writes
        mailed = lambda: reviewer.email in "".join(p.read_text() for p in (tmp_path / "mail").glob("*"))  # noqa: E731
        wait_until(mailed, 30, "the reviewer's mail", log)

        update.refresh_from_db()
        reviewed.decide(update, reviewer, accept=False, comment="Add the risks.", expected_version=update.version)
        returned = wait_until(
            lambda: Notification.objects.filter(kind=EventType.STATUS_UPDATE_RETURNED).first(),
            60, "the author's notification", log,
        )  # fmt: skip
        assert returned.recipient == author and returned.delivery == Delivery.DAILY
        assert not Notification.objects.filter(recipient=outsider).exclude(kind=EventType.PROJECT_CREATED).exists()

        digests.apply_async()
        wait_until(
            lambda: Notification.objects.filter(pk=returned.pk, mailed_at__isnull=False).exists(),
            60, "the daily digest", log,
        )  # fmt: skip
    finally:
        worker.stop()


def test_the_sweep_fans_out_what_a_broker_outage_left_pending(worker_env, tmp_path):
    lead = factories.OrganizationFactory()
    project = factories.ProjectFactory(lead_organization=lead)
    editor = factories.UserFactory(role=Role.MEMBER_EDITOR, organization=lead)
    PendingFanOut.objects.all().delete()  # (the project's creation: not the point here)
    # announced while the broker was down: written with the change, never queued
    PendingFanOut.objects.create(
        kind=EventType.PROJECT_UPDATED,
        subject_type="projects.project",
        subject_id=str(project.pk),
        occurred_at=timezone.now() - fanout.SWEPT_AFTER * 2,
    )
    log = tmp_path / "worker.log"
    worker = Worker(worker_env, "celery", "alliance_portal", log)
    try:
        sweep.apply_async()
        wait_until(
            lambda: Notification.objects.filter(kind=EventType.PROJECT_UPDATED, recipient=editor).exists(),
            60, "the swept fan-out", log,
        )  # fmt: skip
        wait_until(lambda: not PendingFanOut.objects.exists(), 30, "the pending fan-out gone", log)
    finally:
        worker.stop()
