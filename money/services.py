"""Writing money: budget plans (drafted by those who change the project, revised with a reason) and quarterly
executions (year to date, drafted by the participant's editors) — both reviewed work, submitted and decided through
``core.reviewed``. Callers have asked the access policy first; these functions keep the rules that hold whoever
calls: totals are the sums of their parts, only participating organizations and categories in use, accepted work is
never edited, year-to-date figures never fall, spending beyond what came in needs a reason, and a stale write is
refused."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core import reviewed
from core.reviewed import ReviewState
from core.slots import insert_once
from core.versions import StaleVersion
from money.models import BudgetPlan, CostCategory, Execution, ExecutionLine, PlanLine
from projects.models import Project

AMOUNTS = ("government_grant_krw", "private_cash_krw", "private_in_kind_krw")
FIGURES = ("government_received_krw", "private_cash_krw", "private_in_kind_krw")
MAX_WON = 10**15  # a thousand trillion won: far beyond any project, still exact in a bigint


@dataclass(frozen=True)
class PlanPart:
    organization_id: int
    category: str  # a CostCategory code
    government_grant_krw: int = 0
    private_cash_krw: int = 0
    private_in_kind_krw: int = 0


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """An error about one field, its code kept (forms and the API show it beside the field)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _won(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WON:
        raise _field_error(field, _("Enter a whole number of won from 0 to 10¹⁵."), "invalid_amount")
    return value


def _categories(codes) -> dict[str, CostCategory]:
    codes = set(codes)
    found = {c.code: c for c in CostCategory.objects.filter(code__in=codes, is_active=True)}
    unknown = sorted(codes - set(found))
    if unknown:
        raise ValidationError(
            _("Not a cost category in use: %(codes)s.") % {"codes": ", ".join(unknown)}, code="unknown_category"
        )
    return found


def _participants(project: Project, organization_ids) -> None:
    taking_part = set(project.participations.values_list("organization_id", flat=True))
    if not set(organization_ids) <= taking_part:
        raise _not_taking_part(project)


def _not_taking_part(project: Project) -> ValidationError:
    return ValidationError(
        _("Money can only be planned or reported for organizations taking part in %(code)s.") % {"code": project.code},
        code="not_a_participant",
    )


# -- plans ----------------------------------------------------------------------------------------------------------


def save_plan(
    project: Project,
    fiscal_year: int,
    parts: list[PlanPart],
    by,
    *,
    reason: str = "",
    expected_version: int | None = None,
) -> BudgetPlan:
    """The open plan of ``project`` for ``fiscal_year`` with ``parts`` (its totals are their sums): a new draft, or
    the lines of the draft or returned plan replaced (a submitted one waits for its decision). After an accepted
    plan the new draft is the next revision, which needs ``reason``. ``expected_version``: the open plan's version
    as the writer read it, 0 when there was none — a plan made or changed since is refused (``StaleVersion``), not
    overwritten; without it (the API's POST without a version) the open plan is replaced."""
    if not 2000 <= fiscal_year <= 2100:
        raise _field_error("fiscal_year", _("Enter a year from 2000 to 2100."), "invalid_year")
    if not parts:
        raise ValidationError(_("A plan needs at least one line."), code="empty_plan")
    keys = [(p.organization_id, p.category) for p in parts]
    if len(set(keys)) != len(keys):
        raise ValidationError(_("Each organization has one line per cost category."), code="duplicate_line")
    categories = _categories(p.category for p in parts)
    _participants(project, (p.organization_id for p in parts))
    amounts = [{field: _won(getattr(p, field), field) for field in AMOUNTS} for p in parts]
    reason = reason.strip()
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).get()  # one writer of a project's plans at a time
        plans = BudgetPlan.objects.filter(project=project, fiscal_year=fiscal_year)
        plan = plans.exclude(state=ReviewState.ACCEPTED).first()
        if plan is None:
            if expected_version:  # the writer read an open plan: accepted since (the latest revision)
                raise StaleVersion(plans.order_by("-revision").first() or BudgetPlan(), expected_version)
            revision = (plans.aggregate(last=Max("revision"))["last"] or 0) + 1
            plan = BudgetPlan(project=project, fiscal_year=fiscal_year, revision=revision, author=by)
        elif expected_version == 0:  # the writer saw no open plan: someone started one meanwhile
            raise StaleVersion(plan, expected_version)
        if plan.revision > 1 and not reason:
            raise _field_error("reason", _("Say why the accepted plan changes: a revision needs a reason."),
                               "reason_required")  # fmt: skip
        plan.reason = reason
        for field in AMOUNTS:
            setattr(plan, field, sum(a[field] for a in amounts))
        if plan.pk is None:
            plan._history_user = by
            plan.save()
        else:
            version = plan.version if expected_version is None else expected_version
            reviewed.save_content(plan, by, expected_version=version)
        plan.lines.all().delete()
        PlanLine.objects.bulk_create(
            PlanLine(plan=plan, organization_id=p.organization_id, category=categories[p.category], **a)
            for p, a in zip(parts, amounts, strict=True)
        )
    return plan


# -- executions -----------------------------------------------------------------------------------------------------


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def _year_to_date_in_order(execution: Execution, others: Iterable[Execution]) -> None:
    """Year-to-date figures never fall: none below the organization's quarter before it, none above its quarter
    after it (a correction of an earlier quarter keeps the later ones true). ``others``: the organization's
    executions of the project and year."""
    earlier = max((e for e in others if e.quarter < execution.quarter), key=lambda e: e.quarter, default=None)
    later = min((e for e in others if e.quarter > execution.quarter), key=lambda e: e.quarter, default=None)
    fields = (*FIGURES, "spent_krw")
    names = lambda found: ", ".join(str(Execution._meta.get_field(f).verbose_name) for f in found)  # noqa: E731
    fallen = [f for f in fields if earlier and getattr(execution, f) < getattr(earlier, f)]
    if fallen:
        raise ValidationError(_("Figures are year to date: %(fields)s cannot be less than in Q%(quarter)d.")
                              % {"fields": names(fallen), "quarter": earlier.quarter}, code="ytd_fell")  # fmt: skip
    above = [f for f in fields if later and getattr(execution, f) > getattr(later, f)]
    if above:
        raise ValidationError(_("Figures are year to date: %(fields)s cannot be more than in Q%(quarter)d.")
                              % {"fields": names(above), "quarter": later.quarter}, code="ytd_fell")  # fmt: skip


def categories_in_use() -> dict[str, CostCategory]:
    return {category.code: category for category in CostCategory.objects.filter(is_active=True)}


def check_execution(
    execution: Execution,
    spent_by_category: dict[str, int],
    *,
    in_use: dict[str, CostCategory],
    taking_part: set[int],
    others: Iterable[Execution],
) -> dict[str, int]:
    """Every rule of ``save_execution`` that needs no write, against what was read for it: the cost categories
    ``in_use``, the organizations ``taking_part`` in the project and the organization's ``others`` executions of the
    year (an import reads them once for all its rows). Sets the total spent and the reason as kept on
    ``execution``; returns the spending per category."""
    if execution.pk:
        reviewed.check_editable(execution)
    if not 1 <= execution.quarter <= 4:
        raise _field_error("quarter", _("A quarter is 1, 2, 3 or 4."), "invalid_quarter")
    for field in FIGURES:
        _won(getattr(execution, field), field)
    spent = {code: _won(amount, "spent") for code, amount in spent_by_category.items()}
    unknown = sorted(set(spent) - set(in_use))
    if unknown:
        raise ValidationError(
            _("Not a cost category in use: %(codes)s.") % {"codes": ", ".join(unknown)}, code="unknown_category"
        )
    if execution.organization_id not in taking_part:
        raise _not_taking_part(execution.project)
    execution.spent_krw = sum(spent.values())
    execution.overspend_reason = execution.overspend_reason.strip()
    if execution.spent_krw > execution.funds_krw and not execution.overspend_reason:
        message = _("%(spent)s won spent is more than the %(funds)s won received and put in; say why.") % {
            "spent": f"{execution.spent_krw:,}", "funds": f"{execution.funds_krw:,}"}  # fmt: skip
        raise _field_error("overspend_reason", message, "overspent")
    _year_to_date_in_order(execution, others)
    return spent


def save_execution(
    execution: Execution, spent_by_category: dict[str, int], *, expected_version: int | None = None, by=None
) -> Execution:
    """Save a draft or returned execution (year-to-date figures on ``execution``, spending per category code): its
    total spent is the sum of the categories; figures never fall from one quarter to the next; spending
    beyond the money received and the private cash needs ``overspend_reason``."""
    in_use = categories_in_use()
    same_year = Execution.objects.filter(project=execution.project, organization=execution.organization_id,
                                         fiscal_year=execution.fiscal_year)  # fmt: skip
    taking_part = set(execution.project.participations.values_list("organization_id", flat=True))
    spent = check_execution(execution, spent_by_category, in_use=in_use, taking_part=taking_part, others=same_year)
    with transaction.atomic():
        if execution.pk is None:
            message = _("This quarter is already reported for this organization: change that report.")
            insert_once(execution, Execution.SLOT, message, by=by, clean=False)
        else:
            version = execution.version if expected_version is None else expected_version
            reviewed.save_content(execution, by, expected_version=version)
        execution.lines.all().delete()
        ExecutionLine.objects.bulk_create(
            ExecutionLine(execution=execution, category=in_use[code], spent_krw=amount)
            for code, amount in spent.items()
        )
    return execution
