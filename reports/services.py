"""The jobs' work, callable without Celery: snapshots, reminders, building reports and telling people about them.

Each is idempotent by a database rule rather than by luck: a snapshot is unique per project and day, a report per
kind, period and scope, a notification per kind, period and recipient. Running any of them twice changes nothing.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections import defaultdict
from pathlib import Path

from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from access import policy
from core import periods
from core.events import EventType, announce
from core.links import absolute_url
from core.periods import Period, reporting_period
from core.rows import streamed
from members.models import User
from projects.models import Project, ProjectParticipant
from projects.portfolio import missing_updates
from reports import content, cycle, rendering
from reports.models import JobRun, Notification, ProjectSnapshot, Report, ReportKind

logger = logging.getLogger(__name__)

LANGUAGES = ("ko", "en")

# -- snapshots -----------------------------------------------------------------------------------------------------


@transaction.atomic
def take_snapshot(day: datetime.date) -> int:
    """One snapshot per project for ``day`` (projects that already have one keep it); returns how many were new.

    All of the day's snapshots or none. The server-side read cursor lives in this transaction: declared outside one,
    a failed read surfaced as "cursor does not exist" when the cursor was closed, hiding the (retryable) error."""
    projects = Project.objects.with_progress().with_health(day).with_milestone_counts().exclude(snapshots__day=day)
    snapshots = [
        ProjectSnapshot(
            project_id=project.pk,
            day=day,
            phase=project.phase,
            progress=project.progress,
            rag=project.current_rag or "",
            health=project.health,
            milestones_done=project.milestones_done,
            milestones_total=project.milestones_total,
            milestones_overdue=project.overdue_milestones,
            government_budget_krw=project.government_budget_krw,
            private_budget_krw=project.private_budget_krw,
        )
        for project in streamed(projects)
    ]
    return len(ProjectSnapshot.objects.bulk_create(snapshots, batch_size=2000, ignore_conflicts=True))


# -- e-mail --------------------------------------------------------------------------------------------------------


def notify_once(kind: str, key: str, recipient: User, compose) -> bool:
    """Send ``compose()``'s (subject, body) to ``recipient`` unless this notice was sent already; True when sent.

    The ledger row is locked while the mail goes out, so two runs at once send it once. A mail server that refuses
    raises (the job retries later); the row stays unsent.
    """
    with transaction.atomic():
        notice, _created = Notification.objects.select_for_update().get_or_create(
            kind=kind, key=key, recipient=recipient
        )
        if notice.sent_at:
            return False
        with translation.override(recipient.preferred_language):
            subject, body = compose()
        send_mail(subject, body, None, [recipient.email], fail_silently=False)
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return True


def _reachable(users: models.QuerySet) -> models.QuerySet:
    return users.filter(is_active=True).exclude(email="").order_by("pk")


def _project_lines(projects) -> str:
    return "\n".join(
        f"- {p.code} {p.title}: {absolute_url(reverse('project_detail', args=[p.code]))}" for p in projects
    )


# -- the reporting cycle ---------------------------------------------------------------------------------------------


def send_reminders(today: datetime.date) -> int:
    """The notice the cycle owes today: member editors hear about their projects' missing updates before and on the
    due day, ministry staff about all of them after. One e-mail per person; none when nothing is missing."""
    kind = cycle.notice_due(today)
    if kind is None:
        return 0
    period = reporting_period(today)
    missing = list(missing_updates(Project.objects.all(), period).order_by("code"))
    if not missing:
        return 0
    due = cycle.due_date(period)
    owed: dict[User, list[Project]] = defaultdict(list)
    if kind == Notification.Kind.ESCALATION:
        for person in _reachable(policy.holders_of("review")):
            owed[person] = missing
    else:
        by_pk = {project.pk: project for project in missing}
        organizations = defaultdict(list)
        for project_id, organization_id in ProjectParticipant.objects.filter(project__in=missing).values_list(
            "project_id", "organization_id"
        ):
            organizations[organization_id].append(by_pk[project_id])
        for person in _reachable(policy.editors_of(missing)):
            owed[person] = sorted(organizations[person.organization_id], key=lambda p: p.code)

    def compose(person: User):
        values = {"period": period.strftime("%Y-%m"), "due": due.isoformat(), "n": len(owed[person])}
        if kind == Notification.Kind.REMINDER:
            subject = _("Status updates for %(period)s are due on %(due)s") % values
            intro = _("These projects have not yet submitted their status update for %(period)s:") % values
        elif kind == Notification.Kind.DUE:
            subject = _("Status updates for %(period)s are due today") % values
            intro = _("These projects have not yet submitted their status update for %(period)s:") % values
        else:
            subject = (
                ngettext(
                    "%(n)d status update for %(period)s is overdue",
                    "%(n)d status updates for %(period)s are overdue",
                    values["n"],
                )
                % values
            )
            intro = _("These projects missed the %(due)s deadline for their %(period)s status update:") % values
        return subject, f"{intro}\n\n{_project_lines(owed[person])}\n"

    return sum(
        notify_once(kind, period.strftime("%Y-%m"), person, lambda person=person: compose(person)) for person in owed
    )


# -- reports -------------------------------------------------------------------------------------------------------


def build_report(
    kind: str, period: Period, today: datetime.date, project: Project | None = None
) -> tuple[Report, bool]:
    """The report for this kind, period and scope, generated unless it is already ready; True when made now.

    The report row is locked while it is built, so a second run waits and then finds it ready. Its files are in
    place before the row says ready; a run that died halfway left a ``building`` row, and the next run rebuilds it.
    """
    report, _created = Report.objects.get_or_create(
        kind=kind, period=period.key, project=project, defaults={"period_start": period.start, "period_end": period.end}
    )
    with transaction.atomic():
        report = Report.objects.select_for_update(of=("self",)).select_related("project").get(pk=report.pk)
        if report.state == Report.State.READY:
            return report, False
        if kind == ReportKind.WEEKLY:
            report.content = content.weekly_content(period, today)
        else:
            report.content = content.monthly_content(report.project, period, today)
        rendering.write_files(report, LANGUAGES)
        report.state = Report.State.READY
        report.generated_at = timezone.now()
        report.save(update_fields=["content", "state", "generated_at"])
        announce(EventType.REPORT_READY, report)
    return report, True


def build_weekly_report(week: Period, today: datetime.date) -> tuple[Report, bool]:
    """The week's portfolio report, with today's snapshot taken first (the "now" side of the week's comparison, if
    the 01:00 run has not made it)."""
    take_snapshot(today)
    return build_report(ReportKind.WEEKLY, week, today)


def build_latest_reports(today: datetime.date) -> int:
    """The weekly report of the last full week and the project reports of the last full month (as the scheduled
    jobs would have made them by ``today``, without e-mails); returns how many were made now."""
    made = [build_weekly_report(periods.latest_complete(periods.WEEK, today), today)[1]]
    month = periods.latest_complete(periods.MONTH, today)
    for project in projects_active_in(month):
        made.append(build_report(ReportKind.MONTHLY, month, today, project=project)[1])
    return sum(made)


def report_recipients(report: Report) -> models.QuerySet:
    """Weekly: ministry staff who subscribed. Monthly: members of the project's participating organizations."""
    if report.kind == ReportKind.WEEKLY:
        return _reachable(policy.holders_of("subscribe_reports").filter(report_subscription__isnull=False))
    return _reachable(policy.participants_of([report.project_id]))


def notify_report(report: Report) -> int:
    """Tell the report's recipients it is ready, with a link (never an attachment); each of them once."""
    key = report.period + (f":{report.project.code}" if report.project_id else "")
    link = absolute_url(reverse("report_detail", args=[report.pk]))

    def compose():
        subject = rendering.title(report)
        return subject, _("%(title)s is ready:\n%(link)s\n") % {"title": subject, "link": link}

    return sum(notify_once(report.kind, key, person, compose) for person in report_recipients(report))


def projects_active_in(period: Period) -> models.QuerySet:
    return Project.objects.filter(Q(start_date__lte=period.end) & Q(end_date__gte=period.start)).order_by("code")


def alert_admins(run: JobRun) -> None:
    """E-mail ministry administrators that a job failed for good. Never raises: the failure is already recorded."""
    admins = list(_reachable(policy.holders_of("administer")))
    try:
        for admin in admins:
            with translation.override(admin.preferred_language):
                subject = _("Job failed: %(job)s %(period)s") % {"job": run.get_kind_display(), "period": run.period}
                body = f"{subject}\n\n{run.error}\n\n{absolute_url(reverse('report_list'))}\n"
            send_mail(subject, body, None, [admin.email], fail_silently=False)
    except Exception:
        logger.exception("could not e-mail the administrators about failed job run %s", run.pk)


# -- files kept before the reports storage -------------------------------------------------------------------------

OLD_FILE_NAME = re.compile(r"(weekly|monthly)/[^/]+/report-(\d+)\.(ko|en)\.(pdf|xlsx)")


def move_report_files(folder: Path) -> dict[str, int] | None:
    """Report files from a folder on this machine (where they were kept before the reports storage: ``REPORTS_DIR``)
    into the reports storage, under the same names; ``None`` when the storage is that very folder.

    A file leaves the folder only once the storage holds it whole (the same size), so a run that stops halfway is
    simply run again; a file the storage already has is only removed from the folder, and a second run finds
    nothing. Files that are no report's (a killed run's temporary files, a deleted report's) stay where they are.
    Returns how many files were moved, were already in the storage, and were left.
    """
    folder = folder.resolve()
    store = rendering.storage()
    if isinstance(store, FileSystemStorage) and Path(store.location).resolve() == folder:
        return None
    counts = {"moved": 0, "present": 0, "left": 0}
    if not folder.is_dir():
        return counts
    reports = set(Report.objects.values_list("pk", flat=True))
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        match = OLD_FILE_NAME.fullmatch(name)
        if not match or int(match[2]) not in reports:
            counts["left"] += 1
            continue
        size = path.stat().st_size
        if store.exists(name) and store.size(name) == size:
            counts["present"] += 1
        else:
            with path.open("rb") as file:
                store.save(name, File(file, name=name))
            if store.size(name) != size:
                raise OSError(
                    f"{name}: the storage holds {store.size(name)} bytes of {size}; the file stays in {folder}"
                )
            counts["moved"] += 1
        path.unlink()
    for directory in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    return counts
