"""Budget plans: totals are the sums of their parts, participants and categories only, accepted plans frozen (a
change is a revision with a reason), and the database holds the sums for any other writer."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from core.reviewed import ReviewState
from core.versions import StaleVersion
from money import figures, services
from money.models import BudgetPlan, CostCategory, PlanLine
from money.services import PlanPart
from tests.factories import accept_plan

FROZEN = r"money_budgetplan \d+ is accepted and cannot be changed"  # core's words, for the lines too

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> set[str]:
    """The codes of a ValidationError, whether it names fields or not."""
    lists = error.error_dict.values() if hasattr(error, "error_dict") else [error.error_list]
    return {e.code for errors in lists for e in errors}


def parts(m, scale=1):
    return [
        PlanPart(m["lead"].pk, "personnel", 300_000_000 * scale, 100_000_000 * scale, 50_000_000),
        PlanPart(m["lead"].pk, "equipment", 200_000_000 * scale, 0, 0),
        PlanPart(m["partner_org"].pk, "materials", 120_000_000, 30_000_000, 10_000_000 * scale),
    ]


def test_a_plans_totals_are_the_sums_across_participants_and_categories(money):
    plan = services.save_plan(money["project"], 2026, parts(money), money["lead_editor"])
    assert (plan.government_grant_krw, plan.private_cash_krw, plan.private_in_kind_krw) == (
        620_000_000, 130_000_000, 60_000_000,
    )  # fmt: skip
    assert (plan.revision, plan.state, plan.lines.count()) == (1, ReviewState.DRAFT, 3)
    assert plan.total_krw == 810_000_000


def test_saving_the_draft_again_replaces_its_lines(money):
    services.save_plan(money["project"], 2026, parts(money), money["lead_editor"])
    plan = services.save_plan(money["project"], 2026, parts(money, scale=2), money["lead_editor"])
    assert BudgetPlan.objects.count() == 1 and plan.lines.count() == 3
    assert plan.government_grant_krw == 1_120_000_000


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda m, p: [], "empty_plan"),
        (lambda m, p: [*p, p[0]], "duplicate_line"),
        (lambda m, p: [PlanPart(m["lead"].pk, "yachts", 1)], "unknown_category"),
        (lambda m, p: [PlanPart(m["outsider"].organization_id, "personnel", 1)], "not_a_participant"),
        (lambda m, p: [PlanPart(m["lead"].pk, "personnel", -1)], "invalid_amount"),
        (lambda m, p: [PlanPart(m["lead"].pk, "personnel", 1.5)], "invalid_amount"),
        (lambda m, p: [PlanPart(m["lead"].pk, "personnel", 10**16)], "invalid_amount"),
        (lambda m, p: [PlanPart(m["lead"].pk, "personnel", "100")], "invalid_amount"),
    ],
)
def test_a_bad_plan_is_refused_and_nothing_is_saved(money, change, code):
    with pytest.raises(ValidationError) as refused:
        services.save_plan(money["project"], 2026, change(money, parts(money)), money["lead_editor"])
    assert code in codes(refused.value)
    assert not BudgetPlan.objects.exists()


def test_an_accepted_plan_changes_only_by_a_revision_with_a_reason(money):
    first = accept_plan(services.save_plan(money["project"], 2026, parts(money), money["lead_editor"]),
                                 money["admin"])  # fmt: skip
    with pytest.raises(ValidationError):
        services.save_plan(money["project"], 2026, parts(money, scale=2), money["lead_editor"])
    second = services.save_plan(money["project"], 2026, parts(money, scale=2), money["lead_editor"],
                                reason="Second pilot line added")  # fmt: skip
    assert (second.revision, second.state) == (2, ReviewState.DRAFT)
    assert figures.plan_in_force(money["project"], 2026) == first  # until the revision is accepted
    accept_plan(second, money["admin"])
    assert figures.plan_in_force(money["project"], 2026) == second
    first.refresh_from_db()
    assert first.government_grant_krw == 620_000_000  # history kept


@pytest.mark.parametrize(
    "write",
    [
        lambda plan: BudgetPlan.objects.filter(pk=plan.pk).update(government_grant_krw=1),
        lambda plan: BudgetPlan.objects.filter(pk=plan.pk).delete(),
        lambda plan: PlanLine.objects.filter(plan=plan).update(private_cash_krw=0),
        lambda plan: PlanLine.objects.filter(plan=plan).delete(),
        lambda plan: PlanLine.objects.create(  # a line added, of nothing (the sums still hold)
            plan=plan,
            organization_id=plan.lines.get(category__code="materials").organization_id,
            category=CostCategory.objects.get(code="equipment"),
        ),
    ],
)
@pytest.mark.services
def test_the_database_refuses_to_change_an_accepted_plan(money, write):
    plan = accept_plan(services.save_plan(money["project"], 2026, parts(money), money["lead_editor"]),
                                money["admin"])  # fmt: skip
    with (
        pytest.raises(IntegrityError, match=r"money_budgetplan \d+ is accepted and cannot be changed"),
        transaction.atomic(),
    ):
        write(plan)


def test_the_database_refuses_lines_that_do_not_add_up_to_the_totals(money):
    plan = services.save_plan(money["project"], 2026, parts(money), money["lead_editor"])
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanLine.objects.filter(plan=plan, category__code="equipment").update(government_grant_krw=1)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the check is deferred to the commit


def test_a_draft_plan_may_be_rewritten_directly_if_it_still_adds_up(money):
    plan = services.save_plan(money["project"], 2026, parts(money), money["lead_editor"])
    with transaction.atomic():
        PlanLine.objects.filter(plan=plan, category__code="equipment").update(government_grant_krw=100_000_000)
        BudgetPlan.objects.filter(pk=plan.pk).update(government_grant_krw=520_000_000)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    plan.refresh_from_db()
    assert plan.government_grant_krw == 520_000_000


def test_a_plan_accepted_since_the_writer_read_it_is_not_revised_unknowingly(money):
    plan = services.save_plan(money["project"], 2026, parts(money), money["lead_editor"])
    read = plan.version
    accept_plan(plan, money["admin"])
    with pytest.raises(StaleVersion):
        services.save_plan(money["project"], 2026, parts(money, scale=2), money["lead_editor"], reason="more",
                           expected_version=read)  # fmt: skip
    assert BudgetPlan.objects.count() == 1
