"""Project and milestone querysets: the derived values, computed in one place.

Derived values (progress, current self-reported RAG, slippage, overdue milestones, computed health) are
queryset annotations. Their rules are written once, in ``ProjectQuerySet.computed_figures`` (correlated
subqueries, never joins with ``Count``/``Sum``); ``projects.figures`` stores their results per project after
every write, and the readers (``with_progress``, ``with_health`` …) read those columns, so a list page costs
one join instead of a subquery per row and figure. What depends on the day (overdue milestones, stale
reporting, health) is computed at read time from the stored figures. Who may see which project is not decided
here but in ``access.policy``.

The querysets import no model module (the models import them): related models are looked up by name.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, JSONObject, NullIf, Round

from core.periods import reporting_period
from core.reviewed import ReviewState
from projects import health
from projects.choices import ETHICS_GATED_PHASES, REPORTING_PHASES, MilestoneStatus
from projects.sql import CountBefore, DaysBetween, HealthLabel, month_index, per_project, rag_rank

ETHICS_VALID_FOR = datetime.timedelta(days=365)  # an AI-ethics check is renewed at least yearly
# the money figures stored in ``ProjectFigures`` (kept by ``money.figures``)
MONEY_FIGURES = ("money_year", "year_planned_krw", "year_funds_krw", "year_spent_krw", "execution_rate",
                 "spent_to_date_krw")  # fmt: skip


def ethics_due(today: datetime.date, accepted_on: str = "ethics_checked_on") -> Q:
    """No AI-ethics check of the checklist in force accepted within ``ETHICS_VALID_FOR`` before ``today``
    (``accepted_on``: the path to the stored figure)."""
    return Q(**{f"{accepted_on}__isnull": True}) | Q(**{f"{accepted_on}__lte": today - ETHICS_VALID_FOR})


def _model(name: str) -> type[models.Model]:
    return apps.get_model("projects", name)


class MilestoneQuerySet(models.QuerySet):
    def open(self) -> MilestoneQuerySet:
        return self.filter(status__in=self.model.OPEN_STATUSES)

    def counted(self) -> MilestoneQuerySet:
        """The milestones progress and milestone counts are made of: cancelled ones are left out."""
        return self.exclude(status=MilestoneStatus.CANCELLED)

    def overdue(self, today: datetime.date) -> MilestoneQuerySet:
        """Open milestones whose forecast date has passed."""
        return self.open().filter(forecast_date__lt=today)

    def due_within(self, today: datetime.date, days: int) -> MilestoneQuerySet:
        """Open milestones forecast from today up to ``days`` ahead."""
        return self.open().filter(forecast_date__gte=today, forecast_date__lte=today + datetime.timedelta(days=days))

    def with_slippage(self) -> MilestoneQuerySet:
        """``slippage_days``: how far the forecast (or, once done, the completion) lies behind the baseline."""
        return self.annotate(slippage_days=DaysBetween(Coalesce("completed_date", "forecast_date"), F("baseline_date")))


class ProjectQuerySet(models.QuerySet):
    def listed(self, today: datetime.date, *, money: bool = False) -> ProjectQuerySet:
        """What list and detail pages and the API show of each project: progress, health (``money``: see
        ``with_health``), lead."""
        return (
            self.with_progress()
            .with_money_figures()
            .with_health(today, money=money)
            .select_related("lead_organization")
        )

    def with_participant_list(self) -> ProjectQuerySet:
        """``participant_list``: ``[{"organization": slug, "role": role}, …]`` by role then slug, shaped by the
        database in the project's own row (no second query, no model instances)."""
        participants = (
            _model("ProjectParticipant")
            .objects.filter(project=OuterRef("pk"))
            .order_by("role", "organization__slug")
            .values(entry=JSONObject(organization="organization__slug", role="role"))
        )
        return self.annotate(participant_list=ArraySubquery(participants))

    def taking_part(self, organization_id: int) -> ProjectQuerySet:
        """The projects an organization takes part in (as lead or otherwise)."""
        return self.filter(participations__organization_id=organization_id)

    # -- derived values ---------------------------------------------------------------------------------------

    def computed_figures(self) -> ProjectQuerySet:
        """The rules for the per-project figures, as correlated subqueries (``projects.figures`` stores them):

        - ``progress``: percent of milestone weight done, cancelled milestones left out (0 without milestones);
        - ``milestones_done`` / ``milestones_total``: counted milestones (cancelled ones left out);
        - ``max_slippage_days``: the furthest an open milestone's forecast lies past its baseline (0 if none);
        - ``open_forecast_dates``: the open milestones' forecasts, from which overdue counts follow for any day;
        - ``current_rag`` and ``last_accepted_period``: from the latest accepted status update.
        """
        milestones, updates = _model("Milestone").objects, _model("StatusUpdate").objects
        counted = milestones.counted()
        done = Q(status=MilestoneStatus.DONE)
        weight_done = per_project(counted, models.IntegerField(), v=Sum("weight", filter=done, default=0))
        weight_total = per_project(counted, models.IntegerField(), v=Sum("weight"))
        latest = updates.filter(project=OuterRef("pk"), state=ReviewState.ACCEPTED).order_by("-period")
        return self.annotate(
            progress=Coalesce(
                Round(100.0 * weight_done / NullIf(weight_total, 0), output_field=models.IntegerField()), Value(0)
            ),
            milestones_done=Coalesce(
                per_project(counted.filter(done), models.IntegerField(), v=models.Count("pk")), Value(0)
            ),
            milestones_total=Coalesce(per_project(counted, models.IntegerField(), v=models.Count("pk")), Value(0)),
            max_slippage_days=Coalesce(
                per_project(
                    milestones.open(),
                    models.IntegerField(),
                    v=models.Max(DaysBetween(F("forecast_date"), F("baseline_date"))),
                ),
                Value(0),
            ),
            open_forecast_dates=Coalesce(
                per_project(
                    milestones.open(),
                    ArrayField(models.DateField()),
                    v=ArrayAgg("forecast_date", order_by="forecast_date"),
                ),
                Value([], output_field=ArrayField(models.DateField())),
            ),
            current_rag=Subquery(latest.values("rag")[:1]),
            last_accepted_period=Subquery(latest.values("period")[:1]),
        )

    def _figure(self, name: str, default) -> models.Expression:
        """A stored figure (``ProjectFigures``), or its value for a project without milestones or updates."""
        return F(f"figures__{name}") if default is None else Coalesce(F(f"figures__{name}"), Value(default))

    def with_progress(self) -> ProjectQuerySet:
        """``progress`` (see ``computed_figures``)."""
        return self.annotate(progress=self._figure("progress", 0))

    def with_milestone_counts(self) -> ProjectQuerySet:
        """``milestones_done`` and ``milestones_total`` (see ``computed_figures``)."""
        return self.annotate(
            milestones_done=self._figure("milestones_done", 0), milestones_total=self._figure("milestones_total", 0)
        )

    def with_current_rag(self) -> ProjectQuerySet:
        """``current_rag``, ``last_accepted_period`` (see ``computed_figures``) and ``rag_rank``."""
        return self.annotate(
            current_rag=self._figure("current_rag", None),
            last_accepted_period=self._figure("last_accepted_period", None),
        ).annotate(rag_rank=rag_rank("current_rag"))

    def with_money_figures(self) -> ProjectQuerySet:
        """The stored money figures (``ProjectFigures``, kept by ``money.figures``; confidential in the field map):
        ``money_year`` (the latest fiscal year with accepted executions), ``year_planned_krw``, ``year_funds_krw``,
        ``year_spent_krw``, ``execution_rate`` (of that year) and ``spent_to_date_krw``."""
        return self.annotate(**{name: F(f"figures__{name}") for name in MONEY_FIGURES})

    def with_money_checks(self, today: datetime.date) -> ProjectQuerySet:
        """The money figures the money rules of ``projects.health`` read: ``spend_ahead`` (percentage points by which
        the share of the budget — government and private — spent since the start runs ahead of progress; 0 without
        a budget), ``unspent_share`` (percent of the year's money in left unspent, from October of the figures'
        fiscal year ``unspent_year``; 0 otherwise)."""
        budget = F("government_budget_krw") + F("private_budget_krw")
        progress = self._figure("progress", 0)
        funds, spent = F("figures__year_funds_krw"), F("figures__year_spent_krw")
        last_quarter = Q(figures__money_year=today.year, figures__year_funds_krw__gt=0) if today.month >= 10 else None
        integer = models.IntegerField()
        return self.annotate(
            progress_now=progress,
            spend_ahead=Case(
                When(Q(government_budget_krw__gt=0) | Q(private_budget_krw__gt=0),
                     then=models.ExpressionWrapper(100 * F("figures__spent_to_date_krw") / budget, integer) - progress),
                default=Value(0), output_field=integer,
            ),
            unspent_share=Case(
                When(last_quarter, then=models.ExpressionWrapper(100 * (funds - spent) / funds, integer)),
                default=Value(0), output_field=integer,
            ) if last_quarter else Value(0, output_field=integer),
            unspent_year=F("figures__money_year"),
        )  # fmt: skip

    def with_health(self, today: datetime.date, *, money: bool = False) -> ProjectQuerySet:
        """``health`` (green/amber/red) by the rules of ``projects.health``: overdue milestones, slippage, stale
        reporting.

        Also annotates its inputs — ``overdue_milestones`` (open milestones forecast before ``today``),
        ``max_slippage_days``, ``stale_months`` (months since the last accepted update; counted only for projects
        under way, from their start when they never had one), ``ethics_checked_on`` and ``ethics_unchecked`` (1
        for a project in pilot or rollout without an AI-ethics check of the current checklist accepted in the last
        year) — and everything ``with_current_rag`` gives. With ``money`` (for viewers who see every project's
        money: the policy's ``see_portfolio_money``) the money rules count too, on ``with_money_checks``.
        """
        current = reporting_period(today)
        in_progress = Q(phase__in=REPORTING_PHASES)
        projects = self.with_money_checks(today) if money else self
        return (
            projects.with_current_rag()
            .annotate(
                overdue_milestones=CountBefore(F("figures__open_forecast_dates"), Value(today)),
                max_slippage_days=self._figure("max_slippage_days", 0),
                stale_months=Case(
                    When(
                        in_progress,
                        then=Value(current.year * 12 + current.month)
                        - month_index(Coalesce("last_accepted_period", "start_date")),
                    ),
                    default=Value(0),
                    output_field=models.IntegerField(),
                ),
                ethics_checked_on=self._figure("ethics_checked_on", None),
            )
            .annotate(
                ethics_unchecked=Case(
                    When(Q(phase__in=ETHICS_GATED_PHASES) & ethics_due(today), then=Value(1)),
                    default=Value(0),
                    output_field=models.IntegerField(),
                )
            )
            .annotate(health_rank=health.rank(money))
            .annotate(health=HealthLabel(F("health_rank")))
        )

    def ratings_to_check(self, today: datetime.date, *, money: bool = False) -> ProjectQuerySet:
        """Projects rating themselves better than their computed health, whose reporting has gone stale, or that
        are in pilot or rollout without a current AI-ethics check — and, with ``money``, whose money is out of step
        (a money rule rates amber or worse)."""
        checks = (
            Q(rag_rank__lt=F("health_rank"))
            | Q(stale_months__gte=health.STALE.amber)
            | Q(ethics_unchecked__gte=health.ETHICS.amber)
        )
        for rule in health.MONEY_RULES if money else ():
            checks |= Q(**{f"{rule.figure}__gte": rule.amber})
        return (
            self.with_health(today, money=money)
            .filter(checks)
            .order_by("-health_rank", "-overdue_milestones", "-stale_months", "code")
        )
