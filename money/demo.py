"""The demo's money: each project's budget plan for the fiscal years it runs in (accepted; a few revised with a
reason), and each participant's quarterly executions up to the last ended quarter — most projects spending in step,
some ahead of plan, some sitting on their money, one over-spent with a reason. Through the services; deterministic
(seeded by the project's code); idempotent: nothing is added once a project has a plan."""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from core import reviewed
from core.periods import add_months
from members.models import Role, User
from money import services
from money.models import BudgetPlan, CostCategory, Execution
from money.services import PlanPart
from projects.models import Project

SHARES = {"personnel": 40, "equipment": 20, "materials": 15, "commissioned": 10, "indirect": 10, "other": 5}
TRANCHES = (0.4, 0.7, 1.0, 1.0)  # share of the year's grant paid by each quarter's end
PACE = {  # share of the money in that is spent by each quarter's end
    "in_step": (0.55, 0.7, 0.82, 0.95),
    "ahead": (0.9, 0.97, 1.0, 1.0),
    "hoarding": (0.1, 0.15, 0.22, 0.3),
}
OVERSPENT = "MOB-02"  # bought its test vehicles before the second tranche


def _months_in(project: Project, year: int) -> int:
    start, end = max(project.start_date, datetime.date(year, 1, 1)), min(project.end_date, datetime.date(year, 12, 31))
    return max(0, (end.year - start.year) * 12 + end.month - start.month + 1)


def _parts(project: Project, year: int, organizations: list[int]) -> list[PlanPart]:
    total_months = max(1, (project.end_date.year - project.start_date.year) * 12 + project.end_date.month
                       - project.start_date.month + 1)  # fmt: skip
    share = _months_in(project, year) / total_months
    grant, cash = int(project.government_budget_krw * share), int(project.private_budget_krw * share * 0.7)
    kind = int(project.private_budget_krw * share * 0.3)
    weights = [3] + [1] * (len(organizations) - 1)  # the lead carries most of it
    parts = []
    for org, weight in zip(organizations, weights, strict=True):
        for code, percent in SHARES.items():
            portion = weight * percent / (sum(weights) * 100)
            in_kind = kind * weight / sum(weights) if code == "personnel" else 0  # researchers' time, in kind
            parts.append(PlanPart(org, code, _millions(grant * portion), _millions(cash * portion), _millions(in_kind)))
    return parts


def _millions(amount: float) -> int:
    return int(amount) // 1_000_000 * 1_000_000


def _quarters_ended(year: int, as_of: datetime.date) -> list[int]:
    return [q for q in (1, 2, 3, 4) if add_months(datetime.date(year, 3 * q - 2, 1), 3) <= as_of]


def _report(project, plan, organization_id, year, quarter, pace, editor, reviewer, reason="") -> None:
    lines = [line for line in plan.lines.all() if line.organization_id == organization_id]
    grant = sum(line.government_grant_krw for line in lines)
    cash = sum(line.private_cash_krw for line in lines)
    kind = sum(line.private_in_kind_krw for line in lines)
    received = int(grant * TRANCHES[quarter - 1])
    put_in = int(cash * quarter / 4)
    factor = PACE[pace][quarter - 1] if not reason else 1.08
    spent_total = int((received + put_in) * factor)
    planned_spend = sum(line.government_grant_krw + line.private_cash_krw for line in lines) or 1
    spent = {}
    for line in lines:
        spent[line.category.code] = int(spent_total * (line.government_grant_krw + line.private_cash_krw)
                                        / planned_spend) // 1000 * 1000  # fmt: skip
    execution = Execution(project=project, organization_id=organization_id, fiscal_year=year, quarter=quarter,
                          author=editor, government_received_krw=received, private_cash_krw=put_in,
                          private_in_kind_krw=int(kind * quarter / 4), overspend_reason=reason)  # fmt: skip
    services.save_execution(execution, spent)
    reviewed.submit(execution, expected_version=execution.version)
    reviewed.decide(execution, reviewer, accept=True, expected_version=execution.version, tell=False)


@transaction.atomic
def seed(as_of: datetime.date) -> int:
    """Plans and executions for every demo project without a plan; the number of projects given money."""
    if not CostCategory.objects.exists() or BudgetPlan.objects.exists():
        return 0
    reviewer = User.objects.get(username="ministry")
    seeded = 0
    for project in Project.objects.order_by("code").prefetch_related("participations"):
        # seeded for repeatable demo data, never for a secret (bandit B311)
        rng = random.Random(f"money-{project.code}")  # nosec B311
        organizations = sorted(p.organization_id for p in project.participations.all())
        lead = project.lead_organization_id
        organizations = [lead] + [o for o in organizations if o != lead]
        editors = {o: User.objects.filter(organization_id=o, role=Role.MEMBER_EDITOR).order_by("pk").first()
                   for o in organizations}  # fmt: skip
        pace = rng.choices(list(PACE), weights=[70, 15, 15])[0]
        for year in (as_of.year - 1, as_of.year):
            if not _months_in(project, year) or editors[lead] is None:
                continue
            plan = services.save_plan(project, year, _parts(project, year, organizations), editors[lead])
            reviewed.submit(plan, by=editors[lead], expected_version=plan.version)
            reviewed.decide(plan, reviewer, accept=True, expected_version=plan.version, tell=False)
            for quarter in _quarters_ended(year, as_of):
                for org in organizations:
                    if editors[org] is None:
                        continue
                    overspent = project.code == OVERSPENT and year == as_of.year and quarter == 2 and org == lead
                    reason = "시험 차량 3대를 2차 입금 전에 구매(2분기 입금으로 충당)" if overspent else ""
                    _report(project, plan, org, year, quarter, pace, editors[org], reviewer, reason)
        seeded += 1
    return seeded
