"""Scale money for benchmarks (``manage.py seed_scale``): every project without a budget plan gets an accepted plan
for the current fiscal year (each participant's share in personnel and equipment) and each participant's accepted
quarters of that year up to the last ended one — most spending in step, some ahead, some sitting on their money.

Rows are written as drafts and then accepted in one ``UPDATE`` each, since an accepted plan's or execution's lines
can no longer be written (migration 0002); the totals are the lines' sums, which the deferred triggers check at
commit. ``money.figures.refresh`` then stores the projects' money figures. Deterministic for a given seed and day.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from core.periods import add_months
from core.reviewed import ReviewState
from members.models import User
from money import figures
from money.models import BudgetPlan, CostCategory, Execution, ExecutionLine, PlanLine
from projects.models import Project, ProjectParticipant

SPLIT = {"personnel": 70, "equipment": 30}  # percent of each participant's share
PACES = (0.85, 0.98, 0.25)  # share of the money in spent: in step, ahead, sitting on it (weights below)
PACE_WEIGHTS = (70, 15, 15)


@transaction.atomic
def seed(as_of: datetime.date, *, seed: int = 1) -> int:
    """Money for every project without a plan; returns how many projects got it."""
    projects = list(Project.objects.filter(budget_plans__isnull=True).order_by("pk"))
    if not projects:
        return 0
    # seeded for repeatable benchmark data, never for a secret (bandit B311)
    rng = random.Random(seed)  # nosec B311
    author, reviewer = User.objects.get(username="member"), User.objects.get(username="ministry")
    now, year = timezone.now(), as_of.year
    categories = {c.code: c for c in CostCategory.objects.filter(code__in=SPLIT)}
    taking_part: dict[int, list[int]] = {}
    for project_id, organization_id in (
        ProjectParticipant.objects.filter(project__in=projects)
        .order_by("project_id", "role", "organization_id")
        .values_list("project_id", "organization_id")
    ):
        taking_part.setdefault(project_id, []).append(organization_id)
    quarters = [q for q in (1, 2, 3, 4) if add_months(datetime.date(year, 3 * q - 2, 1), 3) <= as_of]

    plans = BudgetPlan.objects.bulk_create(
        (BudgetPlan(project=p, fiscal_year=year, revision=1, author=author,
                    government_grant_krw=_share(p.government_budget_krw, 3), private_cash_krw=0)
         for p in projects), batch_size=2000,
    )  # fmt: skip
    plan_lines, executions, spent_by_execution = [], [], []
    for plan, project in zip(plans, projects, strict=True):
        organizations = taking_part.get(project.pk, [project.lead_organization_id])
        shares = _split(plan.government_grant_krw, len(organizations))
        pace = rng.choices(PACES, PACE_WEIGHTS)[0]
        for organization_id, share in zip(organizations, shares, strict=True):
            amounts = _split_by_category(share)
            plan_lines += [PlanLine(plan=plan, organization_id=organization_id, category=categories[code],
                                    government_grant_krw=amount) for code, amount in amounts.items()]  # fmt: skip
            for quarter in quarters:
                received = share * quarter // 4
                spent = _split_by_category(int(received * pace) // 1000 * 1000)
                executions.append(Execution(
                    project=project, organization_id=organization_id, fiscal_year=year, quarter=quarter,
                    author=author, government_received_krw=received, spent_krw=sum(spent.values()),
                ))  # fmt: skip
                spent_by_execution.append(spent)
    plan_ids = [plan.pk for plan in plans]
    PlanLine.objects.bulk_create(plan_lines, batch_size=5000)
    executions = Execution.objects.bulk_create(executions, batch_size=5000)
    ExecutionLine.objects.bulk_create(
        (ExecutionLine(execution=execution, category=categories[code], spent_krw=amount)
         for execution, spent in zip(executions, spent_by_execution, strict=True) for code, amount in spent.items()),
        batch_size=5000,
    )  # fmt: skip
    BudgetPlan.objects.filter(pk__in=plan_ids).update(
        state=ReviewState.ACCEPTED, reviewer=reviewer, submitted_at=now, reviewed_at=now
    )
    Execution.objects.filter(pk__in=[e.pk for e in executions]).update(
        state=ReviewState.ACCEPTED, reviewer=reviewer, submitted_at=now, reviewed_at=now
    )
    figures.refresh([p.pk for p in projects])
    return len(projects)


def _share(budget: int, years: int) -> int:
    """A year's grant: the project's government budget over its years, in whole millions."""
    return budget // years // 1_000_000 * 1_000_000


def _split(amount: int, parts: int) -> list[int]:
    """``amount`` in ``parts`` that add up to it (the first part takes the remainder)."""
    each = amount // parts
    return [amount - each * (parts - 1)] + [each] * (parts - 1)


def _split_by_category(amount: int) -> dict[str, int]:
    personnel = amount * SPLIT["personnel"] // 100
    return {"personnel": personnel, "equipment": amount - personnel}
