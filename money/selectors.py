"""Reading money for the project's money page: the plan in force, the executions the reader may see, and the
quarter-by-quarter series of the year (plan by date, money in, money spent) from accepted executions."""

from __future__ import annotations

from django.db.models import Prefetch

from access.policy import restrict
from money.models import BudgetPlan, Execution, ExecutionLine, PlanLine, PlanState
from projects.choices import UpdateState
from projects.models import Project

QUARTERS = (1, 2, 3, 4)


def plans(project: Project, fiscal_year: int, user):
    lines = Prefetch("lines", PlanLine.objects.select_related("organization", "category")
                     .order_by("organization__name_en", "category__order"))  # fmt: skip
    found = BudgetPlan.objects.filter(project=project, fiscal_year=fiscal_year).select_related("created_by")
    return restrict(found, user).prefetch_related(lines).order_by("-revision")


def executions(project: Project, fiscal_year: int, user):
    lines = Prefetch("lines", ExecutionLine.objects.select_related("category").order_by("category__order"))
    found = Execution.objects.filter(project=project, fiscal_year=fiscal_year)
    return (restrict(found, user).select_related("organization", "author", "reviewer").prefetch_related(lines)
            .order_by("quarter", "organization__name_en"))  # fmt: skip


def series(plan: BudgetPlan | None, rows: list[Execution]) -> dict:
    """Per quarter: the plan by date (a quarter of the year's cash plan each), and the money in and spent so far —
    each organization's latest accepted year-to-date figures up to that quarter, added up."""
    accepted = [e for e in rows if e.state == UpdateState.ACCEPTED]
    planned = (plan.government_grant_krw + plan.private_cash_krw) if plan and plan.state == PlanState.ACCEPTED else 0
    funds, spent = [], []
    for quarter in QUARTERS:
        latest: dict[int, Execution] = {}
        for e in accepted:
            if e.quarter <= quarter and (
                e.organization_id not in latest or latest[e.organization_id].quarter < e.quarter
            ):
                latest[e.organization_id] = e
        funds.append(sum(e.funds_krw for e in latest.values()))
        spent.append(sum(e.spent_krw for e in latest.values()))
    return {
        "labels": [f"Q{q}" for q in QUARTERS],
        "planned": [planned * q // 4 for q in QUARTERS],
        "funds": funds,
        "spent": spent,
    }
