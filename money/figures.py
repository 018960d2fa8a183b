"""Derived money figures, one rule: each participating organization's latest **accepted** year-to-date figures up to
a quarter, added up — money in (government money received plus private cash), money spent — beside the plan in
force by date (a quarter of the year's cash plan per quarter); the execution rate is spent ÷ money in."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from money.models import BudgetPlan, Execution, PlanState
from money.services import plan_in_force
from projects.choices import UpdateState
from projects.models import Project

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class YearToDate:
    quarter: int
    planned_krw: int  # the plan in force by this quarter's end: government grant and private cash
    funds_krw: int  # received and put in so far
    spent_krw: int

    @property
    def execution_rate(self) -> Decimal | None:
        """Spent ÷ funds, in percent with one decimal (exact arithmetic; None before any money came in)."""
        if not self.funds_krw:
            return None
        return (Decimal(self.spent_krw) * 100 / Decimal(self.funds_krw)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def by_quarter(plan: BudgetPlan | None, executions: list[Execution]) -> list[YearToDate]:
    """The year quarter by quarter, from ``executions`` of one project and year (only accepted ones count)."""
    accepted = [e for e in executions if e.state == UpdateState.ACCEPTED]
    planned = (plan.government_grant_krw + plan.private_cash_krw) if plan and plan.state == PlanState.ACCEPTED else 0
    points = []
    for quarter in QUARTERS:
        latest: dict[int, Execution] = {}
        for e in accepted:
            if e.quarter <= quarter and e.quarter >= getattr(latest.get(e.organization_id), "quarter", 0):
                latest[e.organization_id] = e
        points.append(YearToDate(quarter, planned * quarter // 4, sum(e.funds_krw for e in latest.values()),
                                 sum(e.spent_krw for e in latest.values())))  # fmt: skip
    return points


def year_to_date(project: Project, fiscal_year: int) -> YearToDate:
    """The project's money in ``fiscal_year`` so far (the last quarter's point)."""
    executions = list(Execution.objects.filter(project=project, fiscal_year=fiscal_year, state=UpdateState.ACCEPTED))
    return by_quarter(plan_in_force(project, fiscal_year), executions)[-1]
