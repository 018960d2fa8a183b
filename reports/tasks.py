"""Celery tasks: thin wrappers that record each run and retry transient failures around ``reports.services``.

Every task acknowledges late and is rejected (so redelivered) when its worker dies; the work it does is idempotent,
so a redelivered or retried task finishes the job exactly once. Transient errors — the database or Redis gone for a
moment, the mail server refusing — are retried with exponential backoff; anything else, or a transient error that
outlasts the retries, fails the run and e-mails the administrators.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import uuid
from collections.abc import Callable

from celery import Task, shared_task
from celery.exceptions import Retry
from celery.utils.time import get_exponential_backoff_interval
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop
from redis.exceptions import RedisError

from core import broker, periods
from reports import services
from reports.models import JobKind, JobRun, ReportKind

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError, RedisError, smtplib.SMTPException, ConnectionError, TimeoutError)
MAX_RETRIES = 5
BACKOFF_SECONDS = 10  # 10, 20, 40, 80, 160 s (full jitter), capped below:
BACKOFF_MAX_SECONDS = 600  # far below the broker's visibility timeout

JOB_UNITS = {
    JobKind.SNAPSHOT: periods.DAY,
    JobKind.OVERDUE: periods.DAY,
    JobKind.REMINDERS: periods.DAY,
    JobKind.WEEKLY: periods.WEEK,
    JobKind.MONTHLY: periods.MONTH,
    JobKind.MONTHLY_PROJECT: periods.MONTH,
}


def _record(run_id: int | None, **fields) -> None:
    """Write a run's state; a database that is down is logged, not raised (the task's own error matters more)."""
    if run_id is None:
        return
    try:
        JobRun.objects.filter(pk=run_id).update(**fields)
    except DatabaseError:
        logger.exception("could not record the state of job run %s", run_id)


Outcome = tuple[str, dict]  # an untranslated message (marked with gettext_noop) and its figures


def _run(task: Task, kind: str, period: str | None, scope: str, work: Callable[[periods.Period], Outcome]) -> str:
    run_id = None
    try:
        run, _created = JobRun.objects.get_or_create(
            task_id=task.request.id, defaults={"kind": kind, "period": period or "", "scope": scope}
        )
        run_id = run.pk
        JobRun.objects.filter(pk=run_id).update(
            state=JobRun.State.RUNNING,
            attempts=F("attempts") + 1,
            started_at=timezone.now(),
            finished_at=None,
            error="",
        )
        chosen = periods.chosen(JOB_UNITS[kind], period, timezone.localdate())
        JobRun.objects.filter(pk=run_id).update(period=chosen.key)
        logger.info("job run %s (%s %s) started", run_id, kind, chosen.key)
        outcome = work(chosen)
    except Retry:
        raise
    except TRANSIENT_ERRORS as error:
        if task.request.retries < MAX_RETRIES:
            _record(run_id, state=JobRun.State.RETRYING, error=repr(error))
            delay = get_exponential_backoff_interval(
                BACKOFF_SECONDS, task.request.retries, BACKOFF_MAX_SECONDS, full_jitter=True
            )
            raise task.retry(exc=error, countdown=delay, max_retries=MAX_RETRIES) from error
        _fail(run_id, error)
        raise
    except Exception as error:  # including the soft time limit
        _fail(run_id, error)
        raise
    message, params = outcome
    _record(
        run_id,
        state=JobRun.State.SUCCEEDED,
        finished_at=timezone.now(),
        outcome={"message": message, "params": params},
    )
    logger.info("job run %s finished: %s", run_id, message % params)
    return message % params


def _fail(run_id: int | None, error: BaseException) -> None:
    _record(run_id, state=JobRun.State.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}")
    if run_id is not None:
        try:
            services.alert_admins(JobRun.objects.get(pk=run_id))
        except DatabaseError:
            logger.exception("could not load failed job run %s to report it", run_id)


def _report_outcome(report, made: bool, sent: int) -> Outcome:
    if made:
        return gettext_noop("report %(id)d generated; %(n)d e-mails sent"), {"id": report.pk, "n": sent}
    return gettext_noop("report %(id)d already there; %(n)d e-mails sent"), {"id": report.pk, "n": sent}


JOB_OPTIONS = {"bind": True, "acks_late": True, "reject_on_worker_lost": True, "max_retries": MAX_RETRIES}


@shared_task(name="reports.snapshot", **JOB_OPTIONS)
def snapshot(self: Task, period: str | None = None) -> str:
    return _run(
        self,
        JobKind.SNAPSHOT,
        period,
        "",
        lambda day: (gettext_noop("%(n)d snapshots taken"), {"n": services.take_snapshot(day.start)}),
    )


@shared_task(name="reports.overdue", **JOB_OPTIONS)
def mark_overdue(self: Task, period: str | None = None) -> str:
    from projects.services import mark_overdue_milestones

    return _run(
        self,
        JobKind.OVERDUE,
        period,
        "",
        lambda day: (gettext_noop("%(n)d milestones marked delayed"), {"n": mark_overdue_milestones(day.start)}),
    )


@shared_task(name="reports.reminders", **JOB_OPTIONS)
def send_reminders(self: Task, period: str | None = None) -> str:
    return _run(
        self,
        JobKind.REMINDERS,
        period,
        "",
        lambda day: (gettext_noop("%(n)d e-mails sent"), {"n": _reminders(day.start)}),
    )


def _reminders(today: datetime.date) -> int:
    """The reporting cycle's reminders and the working groups' action items (due soon: announced; overdue: announced
    and reminded), in one daily job."""
    from groups.reminders import announce_due_soon, send_overdue_reminders

    announce_due_soon(today)
    return services.send_reminders(today) + send_overdue_reminders(today)


@shared_task(name="reports.weekly", **JOB_OPTIONS)
def weekly_report(self: Task, period: str | None = None) -> str:
    def work(week: periods.Period) -> str:
        report, made = services.build_weekly_report(week, timezone.localdate())
        return _report_outcome(report, made, services.notify_report(report))

    return _run(self, JobKind.WEEKLY, period, "", work)


@shared_task(name="reports.monthly", **JOB_OPTIONS)
def monthly_reports(self: Task, period: str | None = None) -> str:
    """Queue one monthly report per project active in the month."""

    def work(month: periods.Period) -> str:
        codes = list(services.projects_active_in(month).values_list("code", flat=True))
        for code in codes:
            transaction.on_commit(lambda code=code: monthly_project_report.delay(period=month.key, scope=code))
        return gettext_noop("%(n)d project reports queued"), {"n": len(codes)}

    return _run(self, JobKind.MONTHLY, period, "", work)


@shared_task(name="reports.monthly_project", **JOB_OPTIONS)
def monthly_project_report(self: Task, period: str | None = None, scope: str = "") -> str:
    from projects.models import Project

    def work(month: periods.Period) -> str:
        project = Project.objects.get(code=scope)
        report, made = services.build_report(ReportKind.MONTHLY, month, timezone.localdate(), project=project)
        return _report_outcome(report, made, services.notify_report(report))

    return _run(self, JobKind.MONTHLY_PROJECT, period, scope, work)


TASKS = {
    JobKind.SNAPSHOT: snapshot,
    JobKind.OVERDUE: mark_overdue,
    JobKind.REMINDERS: send_reminders,
    JobKind.WEEKLY: weekly_report,
    JobKind.MONTHLY: monthly_reports,
}


def queue_job(kind: str, period: periods.Period, requested_by=None) -> JobRun:
    """Record a queued run and send its task once the surrounding transaction commits."""
    run = JobRun.objects.create(kind=kind, period=period.key, task_id=str(uuid.uuid4()), requested_by=requested_by)
    transaction.on_commit(lambda: send(run))
    return run


def send(run: JobRun) -> bool:
    """Hand a recorded run to the broker. With the broker unreachable the run stays queued, unsent, and
    ``send_unsent_jobs`` sends it once the broker is back (the request that asked for it still succeeds)."""
    left_to = f"send_unsent_jobs (job run {run.pk} stays queued until it returns)"
    if not broker.send(TASKS[run.kind], kwargs={"period": run.period}, task_id=run.task_id, left_to=left_to):
        return False
    JobRun.objects.filter(pk=run.pk).update(sent_at=timezone.now())
    return True


@shared_task(name="reports.send_unsent")
def send_unsent_jobs() -> int:
    """Every minute (beat): send the runs queued while the broker was down, oldest first (a run queued in the last
    minute may still be on its way; it is left to its own request)."""
    settled = timezone.now() - datetime.timedelta(minutes=1)
    unsent = JobRun.objects.filter(state=JobRun.State.QUEUED, sent_at=None, queued_at__lt=settled).order_by("queued_at")
    return sum(send(run) for run in unsent)
