from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.i18n import localized
from core.reviewed import Reviewed, review_constraints
from core.search import search_index
from core.versions import TimeStamped, Versioned
from members.models import Organization
from projects.choices import Area, BarrierStatus, MilestoneStatus, ParticipantRole, Phase, Rag, Visibility
from projects.querysets import MilestoneQuerySet, ProjectQuerySet

PROJECT_CODE_PATTERN = r"^[A-Z]{2,4}-[0-9]{2,3}$"

# What the search box reads of each model (core.search); confidential fields never (access.fields).
PROJECT_SEARCH = ("code", "title_ko", "title_en", "summary_ko", "summary_en")
MILESTONE_SEARCH = ("title_ko", "title_en", "deliverable")
UPDATE_SEARCH = ("achievements", "next_steps")
INDICATOR_SEARCH = ("name_ko", "name_en")
BARRIER_SEARCH = ("title_ko", "title_en", "description", "regulation", "responsible_agency")


def _month_start(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__day": 1}),
        name=name,
        violation_error_message=_("A reporting period is a month: use its first day."),
    )


class Project(TimeStamped, Versioned):
    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(PROJECT_CODE_PATTERN, _("Use an area prefix and a number, e.g. MOB-03."))],
    )
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_ko = models.TextField(_("summary (Korean)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    area = models.CharField(_("area"), max_length=16, choices=Area.choices, db_index=True)
    lead_organization = models.ForeignKey(
        Organization,
        verbose_name=_("lead organization"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    participants = models.ManyToManyField(
        Organization,
        through="ProjectParticipant",
        related_name="projects",
        verbose_name=_("participants"),
    )
    phase = models.CharField(
        _("phase"),
        max_length=16,
        choices=Phase.choices,
        default=Phase.PLANNING,
        db_index=True,
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    government_budget_krw = models.PositiveBigIntegerField(_("government budget (KRW)"), default=0)
    private_budget_krw = models.PositiveBigIntegerField(_("private budget (KRW)"), default=0)
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.ALLIANCE,
    )
    history = HistoricalRecords()

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [search_index(PROJECT_SEARCH, "project_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=PROJECT_CODE_PATTERN),
                name="project_code_format",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="project_ends_after_start",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(condition=Q(area__in=Area.values), name="project_area_valid"),
            models.CheckConstraint(condition=Q(phase__in=Phase.values), name="project_phase_valid"),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="project_visibility_valid",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="project_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")


class ProjectParticipant(TimeStamped):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participations")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=ParticipantRole.choices,
        default=ParticipantRole.PARTICIPANT,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "role", "organization__name_ko"]
        verbose_name = _("project participant")
        verbose_name_plural = _("project participants")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization"],
                name="participant_once_per_project",
                violation_error_message=_("This organization already takes part in the project."),
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(role="lead"),
                name="participant_one_lead_per_project",
                violation_error_message=_("A project has exactly one lead organization."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipantRole.values),
                name="participant_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class Milestone(TimeStamped, Versioned):
    OPEN_STATUSES = (
        MilestoneStatus.PLANNED,
        MilestoneStatus.IN_PROGRESS,
        MilestoneStatus.DELAYED,
    )

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    deliverable = models.CharField(_("deliverable"), max_length=300, blank=True)
    document_required = models.BooleanField(
        _("document required"),
        default=False,
        db_default=False,  # bulk loads (seed_scale's COPY) leave it out
        help_text=_("The milestone can be marked done only with its deliverable attached as a document."),
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Relative share of the project's work, 1–100."),
    )
    baseline_date = models.DateField(_("baseline date"), help_text=_("The originally planned date."))
    forecast_date = models.DateField(_("forecast date"), db_index=True)
    completed_date = models.DateField(_("completed date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.PLANNED,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["project", "order", "baseline_date"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [
            search_index(MILESTONE_SEARCH, "milestone_search"),
            models.Index(
                fields=["project", "status", "forecast_date"],
                name="milestone_open_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MilestoneStatus.values),
                name="milestone_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="milestone_weight_range",
                violation_error_message=_("The weight must be between 1 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(status="done", completed_date__isnull=False)
                | (~Q(status="done") & Q(completed_date__isnull=True)),
                name="milestone_done_iff_completed",
                violation_error_message=_(
                    "A done milestone needs a completed date, and only a done milestone has one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")


NARRATIVE_MAX_LENGTH = 5000
NARRATIVE_LENGTH = MaxLengthValidator(NARRATIVE_MAX_LENGTH)


class StatusUpdate(Reviewed):
    """A project's monthly self-report, reviewed work (``core.reviewed``): accepted updates are frozen (also by a
    database trigger)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_updates")
    period = models.DateField(_("reporting period"), help_text=_("The first day of the reported month."))
    rag = models.CharField(_("self-reported RAG"), max_length=8, choices=Rag.choices)
    progress_percent = models.PositiveSmallIntegerField(
        _("progress %"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    achievements = models.TextField(_("achievements"), blank=True, validators=[NARRATIVE_LENGTH])
    risks_and_issues = models.TextField(_("risks and issues"), blank=True, validators=[NARRATIVE_LENGTH])
    next_steps = models.TextField(_("next steps"), blank=True, validators=[NARRATIVE_LENGTH])
    support_requested = models.TextField(
        _("support requested from the ministry"), blank=True, validators=[NARRATIVE_LENGTH]
    )
    history = HistoricalRecords()

    SLOT = "statusupdate_one_open_per_period"

    class Meta:
        ordering = ["project", "-period", "-created_at"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        indexes = [
            models.Index(fields=["project", "state", "-period"], name="statusupdate_latest_idx"),
            search_index(UPDATE_SEARCH, "statusupdate_search"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period"],
                condition=~Q(state="returned"),
                name="statusupdate_one_open_per_period",
                violation_error_message=_("This project already has a status update for that period."),
            ),
            *review_constraints("statusupdate"),
            models.CheckConstraint(condition=Q(rag__in=Rag.values), name="statusupdate_rag_valid"),
            models.CheckConstraint(
                condition=Q(progress_percent__gte=0, progress_percent__lte=100),
                name="statusupdate_progress_range",
                violation_error_message=_("Progress is a percentage between 0 and 100."),
            ),
            _month_start("period", "statusupdate_period_month_start"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period:%Y-%m} ({self.get_state_display()})"

    def review_subject(self, verdict: str) -> str:
        return _("%(code)s status update for %(period)s was %(verdict)s") % {
            "code": self.project.code,
            "period": self.period.strftime("%Y-%m"),
            "verdict": verdict,
        }

    def on_submit(self) -> None:
        from core.events import EventType, announce

        announce(EventType.STATUS_UPDATE_SUBMITTED, self)

    def on_accept(self) -> None:
        from core.events import EventType, announce

        announce(EventType.STATUS_UPDATE_ACCEPTED, self)

    def on_return(self) -> None:
        from core.events import EventType, announce

        announce(EventType.STATUS_UPDATE_RETURNED, self)


class ProjectFigures(models.Model):
    """A project's figures derived from its milestones and accepted status updates, stored so that lists read
    columns instead of running a subquery per row. The rules live in ``ProjectQuerySet.computed_figures``;
    ``projects.figures`` keeps these rows equal to them after every write (tested against the rules).
    ``ethics_checked_on`` is kept the same way by ``assessments.figures``, the money figures by ``money.figures``."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, primary_key=True, related_name="figures")
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)
    milestones_done = models.PositiveIntegerField(_("milestones done"), default=0)
    milestones_total = models.PositiveIntegerField(_("milestones"), default=0)
    max_slippage_days = models.IntegerField(_("slippage (days)"), default=0)
    open_forecast_dates = ArrayField(
        models.DateField(),
        verbose_name=_("forecast dates of open milestones"),
        default=list,
        help_text=_("Overdue milestones are counted from these for any day."),
    )
    current_rag = models.CharField(_("self-reported RAG"), max_length=8, choices=Rag.choices, null=True)  # noqa: DJ001
    last_accepted_period = models.DateField(_("last accepted update"), null=True)
    ethics_checked_on = models.DateField(
        _("AI-ethics check accepted"),
        null=True,
        help_text=_("When the project's latest assessment against the current AI-ethics checklist was accepted."),
    )

    # money (kept by ``money.figures`` from accepted plans and executions; confidential in the field map)
    money_year = models.PositiveSmallIntegerField(_("fiscal year of the money figures"), null=True)
    year_planned_krw = models.PositiveBigIntegerField(_("planned this year (KRW)"), default=0)
    year_funds_krw = models.PositiveBigIntegerField(_("money in this year (KRW)"), default=0)
    year_spent_krw = models.PositiveBigIntegerField(_("spent this year (KRW)"), default=0)
    execution_rate = models.DecimalField(
        _("execution rate %"), max_digits=6, decimal_places=1, null=True, help_text=_("Spent ÷ money in, this year.")
    )
    spent_to_date_krw = models.PositiveBigIntegerField(_("spent since the start (KRW)"), default=0)

    class Meta:
        verbose_name = _("project figures")
        verbose_name_plural = _("project figures")
        indexes = [models.Index(fields=("money_year", "execution_rate"), name="figures_execution_rate")]

    def __str__(self) -> str:
        return str(self.project_id)


class Indicator(TimeStamped):
    """An outcome KPI of a project (IATI-style: baseline → target, with periodic actuals)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    unit = models.CharField(_("unit"), max_length=32)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=18, decimal_places=4)
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target value"), max_digits=18, decimal_places=4)
    target_date = models.DateField(_("target date"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "name_en"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        indexes = [search_index(INDICATOR_SEARCH, "indicator_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_date__gt=F("baseline_date")),
                name="indicator_target_after_baseline",
                violation_error_message=_("The target date must be after the baseline date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.name}"

    @property
    def name(self) -> str:
        return localized(self, "name")


class IndicatorValue(TimeStamped):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.DateField(_("period"), help_text=_("The first day of the measured month."))
    actual_value = models.DecimalField(_("actual value"), max_digits=18, decimal_places=4)
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                name="indicatorvalue_once_per_period",
                violation_error_message=_("This indicator already has a value for that period."),
            ),
            _month_start("period", "indicatorvalue_period_month_start"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period:%Y-%m}: {self.actual_value}"


class PolicyBarrier(TimeStamped, Versioned):
    """A regulatory or policy obstacle the alliance tracks on behalf of its projects."""

    CLOSED_STATUSES = (BarrierStatus.RESOLVED, BarrierStatus.REJECTED)

    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"))
    regulation = models.CharField(_("law or regulation concerned"), max_length=300)
    projects = models.ManyToManyField(
        Project,
        verbose_name=_("related projects"),
        related_name="policy_barriers",
        blank=True,
    )
    raised_by = models.ForeignKey(
        Organization,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="raised_barriers",
    )
    responsible_agency = models.CharField(_("responsible agency"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BarrierStatus.choices,
        default=BarrierStatus.RAISED,
        db_index=True,
    )
    resolution_note = models.TextField(_("resolution note"), blank=True)
    resolved_on = models.DateField(_("resolution date"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[projects])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("policy barrier")
        verbose_name_plural = _("policy barriers")
        indexes = [search_index(BARRIER_SEARCH, "policybarrier_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BarrierStatus.values),
                name="barrier_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["resolved", "rejected"], resolved_on__isnull=False)
                | (~Q(status__in=["resolved", "rejected"]) & Q(resolved_on__isnull=True)),
                name="barrier_closed_iff_dated",
                violation_error_message=_(
                    "A resolved or rejected barrier needs a resolution date, and an open one has none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")
