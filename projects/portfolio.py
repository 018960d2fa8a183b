"""The dashboard's figures and chart series, for whatever project queryset the viewer may see.

Each figure is one grouped query over the projects (or their milestones, updates, indicators), so the dashboard
costs the same number of queries at 40 projects as at 10,000. The portfolio-wide figures are also cached
(``portfolio_figures``), one copy for each set of projects viewers may see (the alliance's, partners'), and any write
to the data they are computed from starts a new copy (``invalidate``, wired to the models' save and delete signals).
"""

from __future__ import annotations

import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Callable

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Greatest, Least, NullIf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.periods import add_months, reporting_period
from core.reviewed import ReviewState
from projects.choices import ETHICS_GATED_PHASES, REPORTING_PHASES
from projects.figures import execution_rate
from projects.models import Area, Indicator, IndicatorValue, Milestone, PolicyBarrier, Rag, StatusUpdate
from projects.querysets import ProjectQuerySet, ethics_due

logger = logging.getLogger(__name__)

CACHE_SECONDS = 10 * 60  # a safety net: writes invalidate at once
VERSION_KEY = "portfolio:version"
KEY = "cache_key"  # where ``portfolio_figures`` says under which key its figures are kept
LAYOUT = 4  # in the cache key: a deploy that changes the cached figures or what is drawn from them (``drawn``,
# ``kept_drawing``) never reads an older copy
DUE_SOON_DAYS = 30
TIMELINE_DAYS = 90
TREND_MONTHS = 12


def ethics_coverage(projects: ProjectQuerySet, today: datetime.date) -> dict[str, int]:
    """How many of ``projects`` are under way (reporting monthly), how many of those have a current AI-ethics check
    (accepted within a year against the checklist in force), and how many are in pilot or rollout without one."""
    due = ethics_due(today, "figures__ethics_checked_on")
    return projects.aggregate(
        under_way=Count("pk", filter=Q(phase__in=REPORTING_PHASES)),
        checked=Count("pk", filter=Q(phase__in=REPORTING_PHASES) & ~due),
        gated_unchecked=Count("pk", filter=Q(phase__in=ETHICS_GATED_PHASES) & due),
    )


def reported_for(period: datetime.date) -> Exists:
    """The project has a submitted or accepted update for ``period`` (a month's first day)."""
    return Exists(
        StatusUpdate.objects.filter(
            project=OuterRef("pk"),
            period=period,
            state__in=[ReviewState.SUBMITTED, ReviewState.ACCEPTED],
        )
    )


def missing_updates(projects: ProjectQuerySet, period: datetime.date) -> ProjectQuerySet:
    """Projects under way (reporting monthly) that have not submitted the update for ``period`` (a month's first
    day)."""
    return projects.filter(phase__in=REPORTING_PHASES).exclude(reported_for(period))


def milestones_due(projects: ProjectQuerySet, today: datetime.date, days: int):
    return Milestone.objects.due_within(today, days).filter(project__in=projects)


def counts(queryset, field: str) -> dict:
    """{value: number of rows} for one column, in one grouped query."""
    return {row[field]: row["n"] for row in queryset.values(field).annotate(n=Count("pk")).order_by()}


def tiles(projects: ProjectQuerySet, today: datetime.date, money: bool = False) -> dict:
    """The portfolio's summary figures — the dashboard's tiles, the API's summary, the weekly report's summary
    (the computed health with the money rules for ``money``: see ``ProjectQuerySet.with_health``)."""
    by_area, by_phase = defaultdict(int), defaultdict(int)
    for row in projects.values("area", "phase").annotate(n=Count("pk")).order_by():  # both from one grouped query
        by_area[row["area"]] += row["n"]
        by_phase[row["phase"]] += row["n"]
    return {
        "projects": sum(by_area.values()),
        "by_area": dict(by_area),
        "by_phase": dict(by_phase),
        "by_rag": counts(projects.with_current_rag(), "current_rag"),
        "by_health": counts(projects.with_health(today, money=money), "health"),
        "due_soon": milestones_due(projects, today, DUE_SOON_DAYS).count(),
        "overdue": Milestone.objects.overdue(today).filter(project__in=projects).count(),
        "missing_updates": missing_updates(projects, reporting_period(today)).count(),
        "open_barriers": PolicyBarrier.objects.exclude(status__in=PolicyBarrier.CLOSED_STATUSES).count(),
    }


def rag_by_area(projects: ProjectQuerySet) -> dict:
    """{"labels": [areas], "series": {rag: [count per area]}} for a stacked bar chart."""
    rows = projects.with_current_rag().values("area", "current_rag").annotate(n=Count("pk")).order_by()
    per_cell = {(row["area"], row["current_rag"]): row["n"] for row in rows}
    return {
        "keys": list(Area.values),
        "labels": [str(label) for label in Area.labels],
        "series": {
            rag or "none": [per_cell.get((area, rag), 0) for area in Area.values] for rag in [*Rag.values, None]
        },
    }


def monthly_trend(projects: ProjectQuerySet, today: datetime.date) -> dict:
    """Accepted updates of the last 12 periods: RAG mix and average self-reported progress per month."""
    first = add_months(reporting_period(today), -(TREND_MONTHS - 1))
    periods = [add_months(first, i) for i in range(TREND_MONTHS)]
    rows = (
        StatusUpdate.objects.filter(project__in=projects, state=ReviewState.ACCEPTED, period__gte=first)
        .values("period", "rag")
        .annotate(n=Count("pk"), progress=Sum("progress_percent"))
        .order_by()
    )
    per_cell, progress_sum = defaultdict(int), defaultdict(int)
    for row in rows:
        per_cell[(row["period"], row["rag"])] = row["n"]
        progress_sum[row["period"]] += row["progress"]
    totals = {p: sum(per_cell[(p, rag)] for rag in Rag.values) for p in periods}
    return {
        "labels": [p.strftime("%Y-%m") for p in periods],
        "series": {rag: [per_cell[(p, rag)] for p in periods] for rag in Rag.values},
        "progress": [round(progress_sum[p] / totals[p]) if totals[p] else None for p in periods],
    }


def upcoming_milestones(projects: ProjectQuerySet, today: datetime.date, limit: int = 40):
    return (
        milestones_due(projects, today, TIMELINE_DAYS)
        .select_related("project")
        .order_by("forecast_date", "project__code")[:limit]
    )


def indicator_attainment_by_area(projects: ProjectQuerySet) -> dict:
    """Average share of the way from baseline to target that each area's indicators' latest actuals have come."""
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-period").values("actual_value")[:1]
    attainment = Greatest(
        0.0,
        Least(
            100.0,
            100.0 * (F("latest") - F("baseline_value")) / NullIf(F("target_value") - F("baseline_value"), 0),
        ),
        output_field=models.FloatField(),
    )
    rows = (
        Indicator.objects.filter(project__in=projects)
        .annotate(latest=Subquery(latest))
        .filter(latest__isnull=False)
        .values("project__area")
        .annotate(attainment=Avg(attainment))
        .order_by()
    )
    by_area = {row["project__area"]: row["attainment"] for row in rows}
    return {
        "keys": list(Area.values),
        "labels": [str(label) for label in Area.labels],
        "values": [round(by_area[a], 1) if by_area.get(a) is not None else None for a in Area.values],
    }


SPEND_GAPS = 5  # the dashboard's projects whose spending runs furthest ahead of progress
LOW_EXECUTION = 50  # percent: "money left unspent" on the dashboard is this year's projects below this rate


def money_panel(projects: ProjectQuerySet, today: datetime.date) -> dict:
    """This fiscal year's money from the stored figures (``ProjectFigures``, kept by ``money.figures``): the
    execution rate by area, the money left unspent (and how many projects are below ``LOW_EXECUTION`` percent), and
    the projects whose spending runs furthest ahead of their progress. For viewers who see every project's money."""
    this_year = projects.filter(figures__money_year=today.year)
    rows = this_year.values("area").annotate(
        funds=Sum("figures__year_funds_krw"), spent=Sum("figures__year_spent_krw"), n=Count("pk"),
        low=Count("pk", filter=Q(figures__execution_rate__lt=LOW_EXECUTION)),
    )  # fmt: skip
    by_area = {row["area"]: row for row in rows.order_by()}
    areas = [
        {"key": key, "label": str(label), "projects": by_area[key]["n"], "funds": by_area[key]["funds"],
         "spent": by_area[key]["spent"], "rate": execution_rate(by_area[key]["spent"], by_area[key]["funds"])}
        for key, label in Area.choices if key in by_area
    ]  # fmt: skip
    funds, spent = sum(a["funds"] for a in areas), sum(a["spent"] for a in areas)
    gaps = projects.with_money_checks(today).filter(spend_ahead__gt=0).order_by("-spend_ahead", "code")
    return {
        "year": today.year,
        "areas": areas,
        "funds": funds,
        "spent": spent,
        "rate": execution_rate(spent, funds),
        "unspent": funds - spent,
        "low_execution": sum(row["low"] for row in by_area.values()),
        "low_execution_below": LOW_EXECUTION,
        "gaps": list(gaps.select_related("lead_organization")[:SPEND_GAPS]),
    }


def my_projects(projects: ProjectQuerySet, today: datetime.date) -> ProjectQuerySet:
    """A member's own projects (``access.policy.taken_part_in``), with this period's update state and what is due,
    and whether the member may change each (``can_edit``)."""
    this_period = StatusUpdate.objects.filter(project=OuterRef("pk"), period=reporting_period(today)).order_by(
        "-updated_at"
    )
    next_due = Milestone.objects.open().filter(project=OuterRef("pk")).order_by("forecast_date")
    return (
        projects.with_health(today)
        .annotate(
            update_state=Subquery(this_period.values("state")[:1]),
            next_milestone_date=Subquery(next_due.values("forecast_date")[:1]),
        )
        .select_related("lead_organization")
        .order_by("code")
    )


# -- the cached portfolio-wide figures -----------------------------------------------------------------------------


def invalidate() -> None:
    """Start a new copy of the cached figures, now and again once the surrounding transaction commits (so a
    request that read the data before the commit cannot keep its figures in the new copy)."""
    new_copy()
    transaction.on_commit(new_copy)


def new_copy() -> None:
    """Make the next request compute the figures afresh (the version is part of the cache key)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted)
        cache.add(VERSION_KEY, _first_version(), timeout=None)
    except Exception:
        logger.warning("the portfolio cache could not be invalidated; its copies expire in %s s", CACHE_SECONDS)


def _first_version() -> int:
    """Where the data version starts when the cache has none (first use, eviction, a flushed cache): a number of
    the clock's, past every version an earlier copy still in the cache can be kept under (the version never expires,
    so a copy kept under version 1 cannot come back when a later version 1 would start the count again)."""
    return time.time_ns() // 1000


MONEY, ETHICS = "money", "ethics"  # what a viewer may see beyond the common figures (``portfolio_figures``' sees)


def portfolio_figures(
    projects: ProjectQuerySet, today: datetime.date, *, scope: str, sees: frozenset[str] = frozenset()
) -> dict:
    """Tiles, chart series, upcoming milestones and ratings to check, in the active language.

    ``projects`` is what the viewer may see and ``scope`` names that set (``access.policy.portfolio_scope``), so
    one copy serves every viewer of the same set; ``sees`` adds what the viewer may see beyond it — ``MONEY`` (the
    money rules count in the ratings to check and the health, and the money panel is added) and ``ETHICS`` (the
    AI-ethics coverage) — each combination a copy of its own. Served from the cache
    when a copy for this scope, day, language and data version exists; computed (and stored) otherwise. A cache
    that is down is logged and bypassed.
    """
    key = _copy_key(scope, sees, today)
    if key is None:
        logger.warning("the portfolio cache is unavailable; computing the dashboard figures directly")
        return _compute_figures(projects, today, sees)
    return {**_kept(key, lambda: _compute_figures(projects, today, sees), "the dashboard figures"), KEY: key}


def _copy_key(scope: str, sees: frozenset[str], today: datetime.date) -> str | None:
    """The key of one copy of what is cached from the portfolio's data: per set of projects, what the viewer sees
    beyond them, day, language and data version (None when the cache is down)."""
    try:
        version = cache.get_or_set(VERSION_KEY, _first_version, timeout=None)
    except Exception:
        return None
    sight = "+".join(sorted(sees)) or "plain"
    return f"portfolio:figures:{LAYOUT}:{scope}:{sight}:{today.isoformat()}:{get_language()}:{version}"


def drawn(figures: dict, name: str, draw: Callable[[], str]) -> str:
    """HTML that ``draw`` makes from ``figures`` alone (and the active language), kept beside them in the cache under
    their key, so it is drawn once per copy of the figures (scope, sight, day, language, data version) rather than
    once per request. Drawn afresh when the figures came without the cache."""
    if KEY not in figures:
        return draw()
    # HTML the portal's autoescaping templates drew from its own figures (bandit B308, B703)
    return mark_safe(_kept(f"{figures[KEY]}:{name}", draw, name))  # nosec B308 B703


def kept_drawing(
    name: str, draw: Callable[[], str], *, scope: str, today: datetime.date, sees: frozenset[str] = frozenset()
) -> str:
    """HTML that ``draw`` makes from the portfolio's data alone (the projects of ``scope``, what the viewer ``sees``
    beyond them, ``today``, the active language — nothing else of the request or the viewer), kept under ``name``
    beside the figures' copy of the same key, so a page drawn from the data is drawn once per copy (scope, sight, day,
    language, data version) rather than once per request. ``name`` says everything else the drawing depends on (a
    page's parameters). Drawn directly when the cache is down."""
    key = _copy_key(scope, sees, today)
    if key is None:
        return draw()
    # HTML the portal's autoescaping templates drew from its own data (bandit B308, B703)
    return mark_safe(_kept(f"{key}:{name}", draw, name))  # nosec B308 B703


def _kept(key: str, make: Callable, what: str):
    """The value cached under ``key``, made and stored when there is none; made directly (and logged) when the cache
    is down."""
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("the portfolio cache is unavailable; %s made directly", what)
        return make()
    if value is None:
        value = make()
        try:
            cache.set(key, value, CACHE_SECONDS)
        except Exception:
            logger.warning("%s could not be cached", what)
    return value


def _compute_figures(projects: ProjectQuerySet, today: datetime.date, sees: frozenset[str]) -> dict:
    money = MONEY in sees
    return {
        "tiles": tiles(projects, today, money),
        "rag_by_area": rag_by_area(projects),
        "trend": monthly_trend(projects, today),
        "attainment": indicator_attainment_by_area(projects),
        "upcoming": list(upcoming_milestones(projects, today)),
        "checks": list(projects.ratings_to_check(today, money=money).select_related("lead_organization")[:12]),
        "money": money_panel(projects, today) if money else None,
        "ethics": ethics_coverage(projects, today) if ETHICS in sees else None,
    }
