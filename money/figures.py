"""Derived money figures, one rule: each participating organization's latest **accepted** year-to-date figures up to
a quarter, added up — money in (government money received plus private cash), money spent — beside the plan in
force by date (a quarter of the year's cash plan per quarter); the execution rate is spent ÷ money in.

``refresh`` stores each project's figures by the same rule in ``ProjectFigures`` (its latest fiscal year with accepted
executions, and what was spent since the start), which lists, the dashboard and the computed health read; the
plans' and executions' ``on_accept`` hooks call it whenever one is accepted, in the same transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from core.reviewed import ReviewState
from core.rows import streamed
from money.models import BudgetPlan, Execution
from projects import figures as project_figures
from projects.models import Project, ProjectFigures
from projects.querysets import MONEY_FIGURES

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class YearToDate:
    quarter: int
    planned_krw: int  # the plan in force by this quarter's end: government grant and private cash
    funds_krw: int  # received and put in so far
    spent_krw: int

    @property
    def execution_rate(self) -> Decimal | None:
        """Spent ÷ funds (``projects.figures.execution_rate``)."""
        return project_figures.execution_rate(self.spent_krw, self.funds_krw)


def by_quarter(plan: BudgetPlan | None, executions: list[Execution]) -> list[YearToDate]:
    """The year quarter by quarter, from ``executions`` of one project and year (only accepted ones count)."""
    accepted = [e for e in executions if e.state == ReviewState.ACCEPTED]
    planned = (plan.government_grant_krw + plan.private_cash_krw) if plan and plan.state == ReviewState.ACCEPTED else 0
    points = []
    for quarter in QUARTERS:
        latest: dict[int, Execution] = {}
        for e in accepted:
            if e.quarter <= quarter and e.quarter >= getattr(latest.get(e.organization_id), "quarter", 0):
                latest[e.organization_id] = e
        points.append(YearToDate(quarter, planned * quarter // 4, sum(e.funds_krw for e in latest.values()),
                                 sum(e.spent_krw for e in latest.values())))  # fmt: skip
    return points


def plan_in_force(project: Project, fiscal_year: int) -> BudgetPlan | None:
    """The latest accepted revision of the project's plan for the year."""
    accepted = BudgetPlan.objects.filter(project=project, fiscal_year=fiscal_year, state=ReviewState.ACCEPTED)
    return accepted.order_by("-revision").first()


def year_to_date(project: Project, fiscal_year: int) -> YearToDate:
    """The project's money in ``fiscal_year`` so far (the last quarter's point)."""
    executions = list(Execution.objects.filter(project=project, fiscal_year=fiscal_year, state=ReviewState.ACCEPTED))
    return by_quarter(plan_in_force(project, fiscal_year), executions)[-1]


def refresh(project_ids: Iterable[int] | None = None) -> int:
    """Store the money figures of the given projects (every project when None) in ``ProjectFigures``; returns how
    many rows (kept by ``projects.figures.keep``: locked, missing rows made, the cache invalidated)."""
    return project_figures.keep(project_ids, _store)


def _store(projects) -> int:
    """Reads every accepted plan and execution of the projects once (no query per project)."""
    plans: dict[tuple[int, int], BudgetPlan] = {}
    for plan in BudgetPlan.objects.filter(project__in=projects, state=ReviewState.ACCEPTED).order_by("revision"):
        plans[plan.project_id, plan.fiscal_year] = plan  # the latest revision wins
    executions: dict[int, dict[int, list[Execution]]] = defaultdict(lambda: defaultdict(list))
    accepted = Execution.objects.filter(project__in=projects, state=ReviewState.ACCEPTED).only(
        "project_id", "organization_id", "fiscal_year", "quarter", "state", "government_received_krw",
        "private_cash_krw", "spent_krw",
    )  # fmt: skip
    for execution in streamed(accepted, chunk_size=5000):
        executions[execution.project_id][execution.fiscal_year].append(execution)
    rows = list(ProjectFigures.objects.filter(project__in=projects).only("project_id"))
    for row in rows:
        years = executions.get(row.project_id, {})
        points = {year: by_quarter(plans.get((row.project_id, year)), found)[-1] for year, found in years.items()}
        row.money_year = max(points, default=None)
        latest = points.get(row.money_year)
        row.year_planned_krw = latest.planned_krw if latest else 0
        row.year_funds_krw = latest.funds_krw if latest else 0
        row.year_spent_krw = latest.spent_krw if latest else 0
        row.execution_rate = latest.execution_rate if latest else None
        row.spent_to_date_krw = sum(point.spent_krw for point in points.values())
    ProjectFigures.objects.bulk_update(rows, MONEY_FIGURES, batch_size=2000)
    return len(rows)
