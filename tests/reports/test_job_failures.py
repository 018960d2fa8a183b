"""Jobs against a database that refuses them for a while: PostgreSQL itself refuses (another session holds a table
lock and this one gives up after ``lock_timeout``), the tasks run eagerly, their retries included."""

import datetime
import logging

import psycopg2
import pytest
from celery.signals import task_prerun
from django.db import OperationalError, connection

from members.models import Role
from reports.models import JobRun, ProjectSnapshot
from reports.tasks import mark_overdue, snapshot
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]
DAY = "2026-11-30"


class TableLock:
    """Another session holding a lock on a table until released (or the test ends)."""

    def __init__(self, table: str, mode: str):
        self.session = psycopg2.connect(**connection.get_connection_params())
        with self.session.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN {mode} MODE")

    def release(self) -> None:
        if not self.session.closed:
            self.session.rollback()
            self.session.close()


@pytest.fixture
def impatient_database():
    """This test's session waits for a lock no longer than 0.3 s (PostgreSQL then raises LockNotAvailable)."""
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '300ms'")
    locks = []
    yield lambda table, mode: locks.append(TableLock(table, mode)) or locks[-1]
    for lock in locks:
        lock.release()
    with connection.cursor() as cursor:
        cursor.execute("RESET lock_timeout")


@pytest.fixture
def admin(db):
    return factories.UserFactory(role=Role.MINISTRY_ADMIN, organization=None, preferred_language="en")


@pytest.mark.real_clock
def test_a_database_error_is_retried_and_the_run_finishes_once_it_clears(portfolio, impatient_database, admin):
    lock = impatient_database(ProjectSnapshot._meta.db_table, "ACCESS EXCLUSIVE")
    attempts = []

    def third_attempt_finds_the_table_free(sender=None, **kwargs):
        attempts.append(sender.name)
        if len(attempts) == 3:
            lock.release()

    task_prerun.connect(third_attempt_finds_the_table_free, weak=False)
    try:
        result = snapshot.apply(kwargs={"period": DAY})
    finally:
        task_prerun.disconnect(third_attempt_finds_the_table_free)

    assert result.successful() and result.result == "3 snapshots taken"
    run = JobRun.objects.get()
    assert (run.kind, run.period, run.state, run.attempts, run.error) == ("snapshot", DAY, "succeeded", 3, "")
    assert ProjectSnapshot.objects.filter(day=datetime.date(2026, 11, 30)).count() == 3


@pytest.mark.real_clock
def test_when_the_run_cannot_be_recorded_the_task_fails_with_its_own_error_and_says_so(
    portfolio, impatient_database, admin, mailoutbox, caplog
):
    run = JobRun.objects.create(kind="overdue", period=DAY, task_id="queued-by-the-page")
    impatient_database(JobRun._meta.db_table, "EXCLUSIVE")  # reads pass, every write waits
    with caplog.at_level(logging.ERROR, logger="reports.tasks"):
        result = mark_overdue.apply(kwargs={"period": DAY}, task_id=run.task_id)

    assert result.failed() and isinstance(result.result, OperationalError)  # the job's error, not the log's
    assert "lock timeout" in str(result.result)
    assert f"could not record the state of job run {run.pk}" in caplog.text
    assert [message.to for message in mailoutbox] == [[admin.email]]  # the administrators still hear of it
    run.refresh_from_db()
    assert (run.state, run.attempts) == ("queued", 0)  # nothing half-written


def test_the_overdue_job_marks_late_milestones_once_and_records_the_run(portfolio):
    first = mark_overdue.apply(kwargs={"period": DAY})
    again = mark_overdue.apply(kwargs={"period": DAY})
    assert (first.result, again.result) == ("1 milestones marked delayed", "0 milestones marked delayed")
    assert list(JobRun.objects.order_by("pk").values_list("kind", "period", "state", "attempts")) == [
        ("overdue", DAY, "succeeded", 1), ("overdue", DAY, "succeeded", 1),
    ]  # fmt: skip
    assert portfolio["mob"].milestones.get(order=2).status == "delayed"
