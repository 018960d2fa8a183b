"""Derived money figures: the execution rate (spent ÷ what came in: government money received plus private cash)
and the year's plan beside the latest year-to-date execution, per project."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from money.models import Execution
from money.services import plan_in_force
from projects.models import Project


@dataclass(frozen=True)
class YearToDate:
    quarter: int | None  # the latest quarter every reported figure reaches (None: nothing reported)
    planned_krw: int  # the plan in force: government grant and private cash
    funds_krw: int  # received and put in so far
    spent_krw: int

    @property
    def execution_rate(self) -> Decimal | None:
        """Spent ÷ funds, in percent with one decimal (exact arithmetic; None before any money came in)."""
        if not self.funds_krw:
            return None
        return (Decimal(self.spent_krw) * 100 / Decimal(self.funds_krw)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def year_to_date(project: Project, fiscal_year: int, *, accepted_only: bool = True) -> YearToDate:
    """The project's money in ``fiscal_year``: each participant's latest year-to-date execution, added up."""
    executions = Execution.objects.filter(project=project, fiscal_year=fiscal_year)
    if accepted_only:
        executions = executions.filter(state="accepted")
    latest = list(executions.order_by("organization_id", "-quarter").distinct("organization_id"))
    plan = plan_in_force(project, fiscal_year)
    return YearToDate(
        quarter=min((e.quarter for e in latest), default=None),
        planned_krw=(plan.government_grant_krw + plan.private_cash_krw) if plan else 0,
        funds_krw=sum(e.funds_krw for e in latest),
        spent_krw=sum(e.spent_krw for e in latest),
    )
