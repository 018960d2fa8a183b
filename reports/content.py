"""What the reports say: the figures of each kind of report, computed once when it is generated.

A report's figures are stored as plain JSON (``Report.content``): codes, numbers, ISO dates and both languages of
every name. How they are shown (sections, columns, labels) is ``reports.layout``'s job.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone, translation

from access.fields import MINISTRY, PARTICIPANT, sees
from assessments.choices import Response
from assessments.models import Assessment
from core.periods import Period, reporting_period
from core.reviewed import ReviewState
from core.rows import streamed
from documents.models import Document, DocumentVersion
from money import figures as money_figures
from money import services as money_services
from money.models import Execution
from projects import health, portfolio
from projects.choices import REPORTING_PHASES
from projects.models import (
    Area,
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneStatus,
    PolicyBarrier,
    Project,
    ProjectFigures,
    Rag,
    StatusUpdate,
)
from projects.portfolio import missing_updates
from projects.querysets import MONEY_FIGURES
from projects.sql import DaysBetween
from reports import cycle
from reports.models import ProjectSnapshot
from results.figures import alliance_figures

# -- computing the figures -----------------------------------------------------------------------------------------

ETHICS_CHECKS_SHOWN = 3  # the monthly report lists the latest AI-ethics checks up to the month's end


def _i18n(obj, field: str) -> dict:
    return {"ko": getattr(obj, f"{field}_ko"), "en": getattr(obj, f"{field}_en") or getattr(obj, f"{field}_ko")}


def _in_both_languages(function, *args) -> dict:
    result = {}
    for language in ("ko", "en"):
        with translation.override(language):
            result[language] = function(*args)
    return result


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _local_day(moment: datetime.datetime | None) -> str | None:
    return _iso(timezone.localtime(moment).date()) if moment else None


def _as_of(period: Period, today: datetime.date) -> datetime.date:
    """The day after the period (the morning its report is made), or today for a period still running."""
    return min(period.end + datetime.timedelta(days=1), today)


def _day_bounds(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=zone)
    return start, start + datetime.timedelta(days=period.days)


def _snapshot_ratings(day: datetime.date) -> dict[int, tuple[str, str]]:
    rows = ProjectSnapshot.objects.filter(day=day).values_list("project_id", "rag", "health")
    return {project_id: (rag or None, health) for project_id, rag, health in rows}


def slipped_milestones(period: Period) -> list[list]:
    """Forecast dates moved later during the period, one row per change, from the milestone history."""
    history = Milestone.history.model.objects
    previous = history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by("-history_date")
    start, end = _day_bounds(period)
    changes = (
        history.filter(history_date__gte=start, history_date__lt=end, history_type="~")
        .annotate(previous_forecast=Subquery(previous.values("forecast_date")[:1]))
        .filter(forecast_date__gt=F("previous_forecast"))
        .annotate(days=DaysBetween(F("forecast_date"), F("previous_forecast")))
        .select_related("project")
        .order_by("history_date", "id")
    )
    return [
        [
            change.project.code,
            _i18n(change, "title"),
            _iso(change.previous_forecast),
            _iso(change.forecast_date),
            change.days,
            change.history_change_reason or "",
            _local_day(change.history_date),
        ]
        for change in changes
    ]


MONTHLY_READERS = (PARTICIPANT, MINISTRY)  # who reads a project's monthly report (access.policy)


def _for_monthly_readers(model, field: str) -> bool:
    """Whether every reader of a monthly report may see the field (the field map decides)."""
    return all(sees(reader, model, field) for reader in MONTHLY_READERS)


def weekly_content(period: Period, today: datetime.date) -> dict:
    """The portfolio's week, for ministry staff only (``access.policy``): every field the map shows the ministry,
    the computed health with its money rules, and this fiscal year's money."""
    as_of = _as_of(period, today)
    projects = (
        Project.objects.with_progress().with_money_figures().with_health(as_of, money=True).order_by("code")
    )  # read in chunks and kept as the few figures each section needs: memory does not follow the portfolio's size

    areas = {area: defaultdict(int) for area in Area.values}
    names, money, budgets = {}, [], defaultdict(int)
    for project in streamed(projects):
        figures = areas[project.area]
        figures["projects"] += 1
        figures["in_progress"] += project.phase in REPORTING_PHASES
        figures[project.health] += 1
        figures["overdue"] += project.overdue_milestones
        figures["government_budget_krw"] += project.government_budget_krw
        figures["progress"] += project.progress
        budgets["government_budget_krw"] += project.government_budget_krw
        budgets["private_budget_krw"] += project.private_budget_krw
        names[project.pk] = (project.code, _i18n(project, "title"))
        if project.money_year == as_of.year:
            money.append((-project.spend_ahead, project.code, _money_row(project)))  # furthest ahead first
    by_area = [
        [
            area,
            figures["projects"],
            figures["in_progress"],
            figures["green"],
            figures["amber"],
            figures["red"],
            round(figures["progress"] / figures["projects"]) if figures["projects"] else None,
            figures["overdue"],
            figures["government_budget_krw"],
        ]
        for area, figures in areas.items()
    ]

    before, now = _snapshot_ratings(period.start), _snapshot_ratings(as_of)
    rag_changes = [
        [*names[pk], before[pk][0], now[pk][0], before[pk][1], now[pk][1]]
        for pk in sorted(now.keys() & before.keys(), key=lambda pk: names[pk][0])
        if before[pk] != now[pk]
    ]

    completed = (
        Milestone.objects.filter(
            status=MilestoneStatus.DONE, completed_date__gte=period.start, completed_date__lte=period.end
        )
        .select_related("project")
        .order_by("completed_date", "project__code", "order")
    )
    milestones_completed = [
        [m.project.code, _i18n(m, "title"), _iso(m.baseline_date), _iso(m.completed_date)] for m in completed
    ]
    milestones_slipped = slipped_milestones(period)

    due_period = cycle.latest_due_period(as_of)
    overdue_updates = [
        [p.code, _i18n(p, "title"), _i18n(p.lead_organization, "name"), _iso(due_period), _iso(p.last_accepted_period)]
        for p in missing_updates(Project.objects.with_current_rag(), due_period)
        .select_related("lead_organization")
        .order_by("code")
    ]

    to_check = Project.objects.ratings_to_check(as_of, money=True)
    ratings_to_check = [
        [
            p.code,
            _i18n(p, "title"),
            p.current_rag,
            p.health,
            _in_both_languages(lambda p=p: "; ".join(health.reasons(p))),
        ]
        for p in to_check
    ]

    barriers = (
        PolicyBarrier.objects.exclude(status__in=PolicyBarrier.CLOSED_STATUSES)
        .prefetch_related("projects")
        .order_by("created_at", "pk")
    )
    open_barriers = [
        [
            _i18n(b, "title"),
            b.regulation,
            b.responsible_agency,
            b.status,
            ", ".join(sorted(p.code for p in b.projects.all())),
            _local_day(b.created_at),
        ]
        for b in barriers
    ]

    tiles = portfolio.tiles(Project.objects.all(), as_of, money=True)
    summary = {
        "projects": tiles["projects"],
        "in_progress": sum(tiles["by_phase"].get(phase, 0) for phase in REPORTING_PHASES),
        **{f"health_{value}": tiles["by_health"].get(value, 0) for value in Rag.values},
        **{f"rag_{value or 'none'}": tiles["by_rag"].get(value, 0) for value in [*Rag.values, None]},
        "milestones_completed": len(milestones_completed),
        "milestones_slipped": len({(row[0], row[1]["ko"]) for row in milestones_slipped}),
        "milestones_overdue": tiles["overdue"],
        "updates_overdue": len(overdue_updates),
        "ratings_to_check": len(ratings_to_check),
        "open_barriers": len(open_barriers),
        "government_budget_krw": budgets["government_budget_krw"],
        "private_budget_krw": budgets["private_budget_krw"],
    }
    return {
        "as_of": as_of.isoformat(),
        "compared_with": period.start.isoformat() if before and now else None,
        "sections": {
            "summary": [[metric, value] for metric, value in summary.items()],
            "by_area": by_area,
            "trend": _trend(as_of),
            "rag_changes": rag_changes,
            "milestones_completed": milestones_completed,
            "milestones_slipped": milestones_slipped,
            "overdue_updates": overdue_updates,
            "ratings_to_check": ratings_to_check,
            "money": [row for _ahead, _code, row in sorted(money)],
            "open_barriers": open_barriers,
            **_alliance_results(),
        },
    }


def _alliance_results() -> dict:
    """What the alliance achieved, as the ministry's dashboard shows it (``results.figures``: one rule)."""
    figures = alliance_figures(Project.objects.all())
    sales = dict(figures["sales"])
    counts = dict(figures["by_year"])
    return {
        "results_summary": [
            ["results_accepted", figures["total"]],
            ["results_reporting", figures["reporting"]],
            ["results_jobs", figures["jobs"]],
            ["results_fees_krw", figures["fees"]],
            ["results_sales_krw", figures["sales_total"]],
        ],
        "results_by_kind": [[row["kind"], row["total"]] for row in figures["rows"]],
        "results_by_year": [
            [year, counts.get(year, 0), sales.get(year, 0)] for year in sorted(counts.keys() | sales.keys())
        ],
        "results_effects": [
            [e["measure"], e["unit"], e["results"], str(e["baseline"]), str(e["measured"])] for e in figures["effects"]
        ],
    }


def _money_row(project: Project) -> list:
    """A project with accepted executions in the report's fiscal year: planned, money in and spent (exact won), the
    execution rate, and the budget spent beside the progress."""
    rate = str(project.execution_rate) if project.execution_rate is not None else None
    return [
        project.code, _i18n(project, "title"), project.year_planned_krw, project.year_funds_krw,
        project.year_spent_krw, rate, project.spend_ahead + project.progress_now, project.progress,
    ]  # fmt: skip


def _trend(as_of: datetime.date) -> list[list]:
    """Accepted updates of the 12 months up to ``as_of``: the RAG mix and average self-reported progress."""
    trend = portfolio.monthly_trend(Project.objects.all(), as_of)
    series = trend["series"]
    return [
        [month, series["green"][i], series["amber"][i], series["red"][i], trend["progress"][i]]
        for i, month in enumerate(trend["labels"])
    ]


def monthly_content(project: Project, period: Period, today: datetime.date) -> dict:
    """A project's month, for its participants and ministry staff: only fields the field map shows both."""
    as_of = _as_of(period, today)
    figures = (
        Project.objects.with_progress()
        .with_health(as_of)
        .with_milestone_counts()
        .select_related("lead_organization")
        .get(pk=project.pk)
    )
    milestones = list(Milestone.objects.filter(project=project).with_slippage().order_by("order", "baseline_date"))
    overview = [
        figures.code,
        _i18n(figures, "title"),
        _i18n(figures.lead_organization, "name"),
        figures.phase,
        figures.current_rag,
        figures.health,
        figures.progress,
        figures.milestones_done,
        figures.milestones_total,
        figures.overdue_milestones,
        *(
            getattr(figures, field) if _for_monthly_readers(Project, field) else None
            for field in ("government_budget_krw", "private_budget_krw")
        ),
    ]

    update = (
        StatusUpdate.objects.filter(project=project, period=reporting_period(period.start))
        .exclude(state=ReviewState.DRAFT)
        .order_by("-updated_at")
        .first()
    )
    status_update, narrative = [], []
    if update:
        status_update = [
            [
                update.state,
                update.rag,
                update.progress_percent,
                _local_day(update.submitted_at),
                _local_day(update.reviewed_at),
            ]
        ]
        narrative = [
            [field, getattr(update, field)]
            for field in ("achievements", "risks_and_issues", "next_steps", "support_requested")
            if getattr(update, field) and _for_monthly_readers(StatusUpdate, field)
        ]

    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk"), period__lte=period.start).order_by("-period")
    indicators = (
        Indicator.objects.filter(project=project)
        .annotate(actual=Subquery(latest.values("actual_value")[:1]), measured=Subquery(latest.values("period")[:1]))
        .order_by("pk")
    )
    snapshots = ProjectSnapshot.objects.filter(project=project, day__gte=period.start, day__lte=as_of).order_by("day")
    checks = (
        Assessment.objects.filter(project=project, submitted_at__date__lte=as_of)
        .exclude(state=ReviewState.DRAFT)
        .select_related("checklist")
        .annotate(
            no=Count("answers", filter=Q(answers__response=Response.NO)),
            partly=Count("answers", filter=Q(answers__response=Response.PARTLY)),
        )
        .order_by("-submitted_at")[:ETHICS_CHECKS_SHOWN]
    )
    start, end = _day_bounds(period)
    filed = (
        DocumentVersion.objects.filter(document__in=Document.objects.live().filter(project=project))
        .exclude(document__status_update__state=ReviewState.DRAFT)  # a draft's evidence is its participants' only
        .filter(uploaded_at__gte=start, uploaded_at__lt=end)
        .select_related("document", "uploaded_by")
        .order_by("uploaded_at", "pk")
    )
    return {
        "as_of": as_of.isoformat(),
        "sections": {
            "overview": [overview],
            "status_update": status_update,
            "narrative": narrative,
            "milestones": [
                [
                    _i18n(m, "title"),
                    _iso(m.baseline_date),
                    _iso(m.forecast_date),
                    _iso(m.completed_date),
                    m.status,
                    m.slippage_days,
                ]
                for m in milestones
            ],
            "indicators": [
                [
                    _i18n(i, "name"),
                    i.unit,
                    str(i.baseline_value),
                    str(i.target_value),
                    None if i.actual is None else str(i.actual),
                    _iso(i.measured),
                ]
                for i in indicators
            ],
            "barriers": [
                [_i18n(b, "title"), b.regulation, b.status]
                for b in project.policy_barriers.order_by("created_at", "pk")
            ],
            "ethics": [
                [c.checklist.number, c.state, _local_day(c.submitted_at), _local_day(c.reviewed_at), c.no, c.partly]
                for c in checks
            ],
            "evidence": [
                [v.name, v.document.attached_to, v.number, v.size, v.uploaded_by.username, _local_day(v.uploaded_at)]
                for v in filed
            ],
            "money": _money_by_quarter(project, period),
            "progress_trend": [
                [_iso(s.day), s.progress, s.rag or None, s.health, s.milestones_overdue] for s in snapshots
            ],
        },
    }


def _money_by_quarter(project: Project, period: Period) -> list[list]:
    """The fiscal year of the month quarter by quarter, up to the month's quarter: the plan in force by then, money in
    and spent from the quarters accepted when the report is made (a quarter is reported and reviewed after it ends;
    ``money.figures.by_quarter``, the money page's rule) and the execution rate — for the report's readers only
    where the field map shows them all the money figures."""
    if not all(_for_monthly_readers(ProjectFigures, field) for field in MONEY_FIGURES):
        return []
    year, last = period.start.year, money_services.quarter_of(period.end)
    accepted = Execution.objects.filter(project=project, fiscal_year=year, state=ReviewState.ACCEPTED)
    points = money_figures.by_quarter(money_figures.plan_in_force(project, year), list(accepted))[:last]
    if not any(p.funds_krw or p.planned_krw for p in points):
        return []
    return [[f"{year} Q{p.quarter}", p.planned_krw, p.funds_krw, p.spent_krw,
             None if p.execution_rate is None else str(p.execution_rate)] for p in points]  # fmt: skip
