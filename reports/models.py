"""Daily project snapshots, generated reports, job runs and the ledger of e-mails sent by the jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.models import Phase, Project, Rag


class ProjectSnapshot(models.Model):
    """A project's figures at the start of a day. Written once by the daily job, never edited (a trigger refuses
    updates): the history weekly comparisons and trends are read from."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="snapshots")
    day = models.DateField(_("day"))
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices)
    progress = models.PositiveSmallIntegerField(_("progress %"))
    rag = models.CharField(_("self-reported RAG"), max_length=8, choices=Rag.choices, blank=True)
    health = models.CharField(_("computed health"), max_length=8, choices=Rag.choices)
    milestones_done = models.PositiveIntegerField(_("milestones done"))
    milestones_total = models.PositiveIntegerField(_("milestones"))
    milestones_overdue = models.PositiveIntegerField(_("milestones overdue"))
    government_budget_krw = models.PositiveBigIntegerField(_("government budget (KRW)"))
    private_budget_krw = models.PositiveBigIntegerField(_("private budget (KRW)"))
    created_at = models.DateTimeField(_("taken"), auto_now_add=True)

    class Meta:
        verbose_name = _("project snapshot")
        verbose_name_plural = _("project snapshots")
        constraints = [models.UniqueConstraint(fields=["project", "day"], name="snapshot_one_per_project_day")]
        indexes = [models.Index(fields=["day"], name="snapshot_day_idx")]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.day}"


class ReportKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly portfolio report")
    MONTHLY = "monthly", _("Monthly project report")


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"


class ReportQuerySet(models.QuerySet):
    def ready(self) -> ReportQuerySet:
        return self.filter(state=Report.State.READY)


class Report(models.Model):
    """One report per kind, period and scope (the whole portfolio, or one project) — a database rule, so a job run
    twice finds the report it already made. ``content`` holds the figures, frozen at generation; the HTML view
    renders from it and the XLSX and PDF files, one per language, are written from it before the report is ready.
    """

    class State(models.TextChoices):
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")

    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.BUILDING)
    content = models.JSONField(_("content"), default=dict, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_start", "kind", "project__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period", "project"], name="report_one_per_kind_period_scope", nulls_distinct=False
            ),
            models.CheckConstraint(
                condition=models.Q(kind="weekly", project__isnull=True)
                | models.Q(kind="monthly", project__isnull=False),
                name="report_scope_matches_kind",
            ),
        ]
        indexes = [models.Index(fields=["-period_start", "kind"], name="report_period_idx")]

    def __str__(self) -> str:
        scope = f" · {self.project.code}" if self.project_id else ""
        return f"{self.get_kind_display()} {self.period}{scope}"

    def file_name(self, fmt: str, language: str) -> str:
        """The name a download is saved under."""
        scope = f"-{self.project.code}" if self.project_id else ""
        return f"{self.kind}-{self.period}{scope}.{language}.{fmt}"

    def stored_name(self, fmt: str, language: str) -> str:
        """The file's name in the reports storage (``STORAGES["reports"]``): by the report's id, so renaming a
        project never loses its files."""
        return f"{self.kind}/{self.period}/report-{self.pk}.{language}.{fmt}"


class JobKind(models.TextChoices):
    SNAPSHOT = "snapshot", _("Daily snapshot")
    OVERDUE = "overdue", _("Overdue milestones")
    REMINDERS = "reminders", _("Update reminders")
    WEEKLY = "weekly", _("Weekly portfolio report")
    MONTHLY = "monthly", _("Monthly project reports")
    MONTHLY_PROJECT = "monthly_project", _("Monthly project report")


class JobRun(models.Model):
    """One job execution as the ministry sees it on /reports/: one row per task (retries and a redelivery after a
    lost worker count as attempts of the same row)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        RETRYING = "retrying", _("Waiting to retry")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    ACTIVE_STATES = (State.QUEUED, State.RUNNING, State.RETRYING)

    kind = models.CharField(_("job"), max_length=16, choices=JobKind.choices)
    period = models.CharField(_("period"), max_length=10, blank=True)
    scope = models.CharField(_("scope"), max_length=32, blank=True, help_text=_("A project code, or empty."))
    task_id = models.CharField(max_length=64, unique=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(
        _("sent"), null=True, blank=True, help_text=_("When the broker took the job; empty while it was unreachable.")
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.JSONField(
        _("outcome"), default=dict, blank=True, help_text=_("What the run did: a message and its figures.")
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["-queued_at"], name="jobrun_recent_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} ({self.get_state_display()})"

    @property
    def outcome_text(self) -> str:
        """The outcome in the reader's language (the message is stored untranslated, with its figures)."""
        if not self.outcome:
            return ""
        return gettext(self.outcome["message"]) % self.outcome["params"]

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class Notification(models.Model):
    """An e-mail a job owes or has sent: one row per kind, period and recipient, so a job run twice never sends the
    same reminder or report notice twice."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Update due soon")
        DUE = "due", _("Update due today")
        ESCALATION = "escalation", _("Updates overdue")
        WEEKLY = "weekly", _("Weekly report ready")
        MONTHLY = "monthly", _("Monthly report ready")
        ACTION_OVERDUE = "action_overdue", _("Action item overdue")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    key = models.CharField(_("period"), max_length=40, help_text=_("The period, plus the project for project reports."))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "recipient"], name="notification_once_per_recipient")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key} → {self.recipient_id}"


class Subscription(models.Model):
    """Ministry staff who receive the weekly portfolio report by e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="report_subscription"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("weekly report subscription")
        verbose_name_plural = _("weekly report subscriptions")

    def __str__(self) -> str:
        return str(self.user)
