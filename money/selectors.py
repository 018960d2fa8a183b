"""Reading money for the project's money page: the plans and the executions of a year that the reader may see."""

from __future__ import annotations

from django.db.models import Prefetch

from access.policy import restrict
from money.models import BudgetPlan, Execution, ExecutionLine, PlanLine
from projects.models import Project


def plans(project: Project, fiscal_year: int, user):
    lines = Prefetch("lines", PlanLine.objects.select_related("organization", "category")
                     .order_by("organization__name_en", "category__order"))  # fmt: skip
    found = BudgetPlan.objects.filter(project=project, fiscal_year=fiscal_year).select_related("author", "reviewer")
    return restrict(found, user).prefetch_related(lines).order_by("-revision")


def executions(project: Project, fiscal_year: int, user):
    lines = Prefetch("lines", ExecutionLine.objects.select_related("category").order_by("category__order"))
    found = Execution.objects.filter(project=project, fiscal_year=fiscal_year)
    return (restrict(found, user).select_related("organization", "author", "reviewer").prefetch_related(lines)
            .order_by("quarter", "organization__name_en"))  # fmt: skip
