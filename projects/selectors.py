"""Reads: who may see or edit which project, and the derived values computed in one place.

Derived values (progress, current self-reported RAG, slippage, overdue milestones, computed health) are
queryset annotations built from correlated subqueries, never stored copies. Subqueries, not joins with
``Count``/``Sum``, so that on a paginated list PostgreSQL evaluates them only for the rows of the page.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Round

# Computed health thresholds: the first rule a project meets decides its rating.
RED_OVERDUE_MILESTONES = 3
AMBER_OVERDUE_MILESTONES = 1
RED_SLIPPAGE_DAYS = 90
AMBER_SLIPPAGE_DAYS = 30
RED_STALE_MONTHS = 3
AMBER_STALE_MONTHS = 2


class DaysBetween(models.Func):
    """``later - earlier`` in whole days (PostgreSQL's date subtraction yields an integer)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = models.IntegerField()


def month_index(value) -> models.Expression:
    """A month as a single integer (year × 12 + month), so month differences are a subtraction."""
    return ExtractYear(value) * 12 + ExtractMonth(value)


def reporting_period(day: datetime.date) -> datetime.date:
    """The reporting period (month) a day falls in, as its first day."""
    return day.replace(day=1)


class MilestoneQuerySet(models.QuerySet):
    def open(self) -> MilestoneQuerySet:
        return self.filter(status__in=self.model.OPEN_STATUSES)

    def overdue(self, today: datetime.date) -> MilestoneQuerySet:
        """Open milestones whose forecast date has passed."""
        return self.open().filter(forecast_date__lt=today)

    def with_slippage(self) -> MilestoneQuerySet:
        """``slippage_days``: how far the forecast (or, once done, the completion) lies behind the baseline."""
        return self.annotate(slippage_days=DaysBetween(Coalesce("completed_date", "forecast_date"), F("baseline_date")))


def _per_project(queryset: models.QuerySet, output_field: models.Field, **aggregate) -> Subquery:
    """One aggregate over a project's related rows as a correlated subquery."""
    ((name, expression),) = aggregate.items()
    return Subquery(
        queryset.filter(project=OuterRef("pk")).order_by().values("project").annotate(**{name: expression})
        .values(name)[:1],
        output_field=output_field,
    )  # fmt: skip


class ProjectQuerySet(models.QuerySet):
    # -- permissions: the only way views and API fetch projects ------------------------------------------------

    def visible_to(self, user) -> ProjectQuerySet:
        """Every signed-in, active user sees the alliance portfolio; confidential fields are decided elsewhere."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        return self.all()

    def editable_by(self, user) -> ProjectQuerySet:
        """Ministry administrators edit everything; member editors the projects their organization is part of."""
        from members.models import Role

        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.role == Role.MINISTRY_ADMIN:
            return self.all()
        if user.role == Role.MEMBER_EDITOR and user.organization_id:
            return self.participated_by(user.organization_id)
        return self.none()

    def participated_by(self, organization_id: int) -> ProjectQuerySet:
        from projects.models import ProjectParticipant

        participates = ProjectParticipant.objects.filter(project=OuterRef("pk"), organization_id=organization_id)
        return self.filter(Exists(participates))

    # -- derived values ---------------------------------------------------------------------------------------

    def with_progress(self) -> ProjectQuerySet:
        """``progress``: percent of milestone weight done, cancelled milestones left out (0 without milestones)."""
        from projects.models import Milestone, MilestoneStatus

        counted = Milestone.objects.exclude(status=MilestoneStatus.CANCELLED)
        done = _per_project(
            counted,
            models.IntegerField(),
            v=Sum("weight", filter=Q(status=MilestoneStatus.DONE), default=0),
        )
        total = _per_project(counted, models.IntegerField(), v=Sum("weight"))
        return self.annotate(
            progress=Coalesce(
                Round(
                    100.0 * done / models.functions.NullIf(total, 0),
                    output_field=models.IntegerField(),
                ),
                Value(0),
            )
        )

    def with_current_rag(self) -> ProjectQuerySet:
        """``current_rag`` and ``last_accepted_period``: from the latest accepted status update."""
        from projects.models import StatusUpdate, UpdateState

        latest = StatusUpdate.objects.filter(project=OuterRef("pk"), state=UpdateState.ACCEPTED).order_by("-period")
        return self.annotate(
            current_rag=Subquery(latest.values("rag")[:1]),
            last_accepted_period=Subquery(latest.values("period")[:1]),
        )

    def with_health(self, today: datetime.date) -> ProjectQuerySet:
        """``health`` (green/amber/red) computed from overdue milestones, slippage and stale reporting.

        Also annotates its inputs — ``overdue_milestones``, ``max_slippage_days`` (over open milestones),
        ``stale_months`` (months since the last accepted update; counted only for projects in progress, from
        their start when they never had one) — and everything ``with_current_rag`` gives.
        """
        from projects.models import Milestone, Phase

        open_milestones = Milestone.objects.open()
        current = reporting_period(today)
        in_progress = Q(phase=Phase.IN_PROGRESS)
        return (
            self.with_current_rag()
            .annotate(
                overdue_milestones=Coalesce(
                    _per_project(
                        Milestone.objects.overdue(today),
                        models.IntegerField(),
                        v=models.Count("pk"),
                    ),
                    Value(0),
                ),
                max_slippage_days=Coalesce(
                    _per_project(
                        open_milestones,
                        models.IntegerField(),
                        v=models.Max(DaysBetween(F("forecast_date"), F("baseline_date"))),
                    ),
                    Value(0),
                ),
                stale_months=Case(
                    When(
                        in_progress,
                        then=Value(current.year * 12 + current.month)
                        - month_index(Coalesce("last_accepted_period", "start_date")),
                    ),
                    default=Value(0),
                    output_field=models.IntegerField(),
                ),
            )
            .annotate(
                health=Case(
                    When(
                        Q(overdue_milestones__gte=RED_OVERDUE_MILESTONES)
                        | Q(max_slippage_days__gt=RED_SLIPPAGE_DAYS)
                        | Q(stale_months__gte=RED_STALE_MONTHS),
                        then=Value("red"),
                    ),
                    When(
                        Q(overdue_milestones__gte=AMBER_OVERDUE_MILESTONES)
                        | Q(max_slippage_days__gt=AMBER_SLIPPAGE_DAYS)
                        | Q(stale_months__gte=AMBER_STALE_MONTHS),
                        then=Value("amber"),
                    ),
                    default=Value("green"),
                    output_field=models.CharField(),
                )
            )
        )
