"""Quarterly executions (year to date): spending per category adds up, never beyond what came in without a
reason, figures never fall from one quarter to the next, participants only, stale writes refused, frozen once
accepted; the execution rate from them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from core import reviewed
from core.versions import StaleVersion
from money import figures, services
from money.models import CostCategory, Execution, ExecutionLine
from money.services import PlanPart
from tests.factories import accept_plan
from tests.money.test_plans import codes

FROZEN = r"money_execution \d+ is accepted and cannot be changed"  # core's words, for the lines too

pytestmark = pytest.mark.django_db


def draft(m, quarter=1, org="lead", **figures_):
    values = {"government_received_krw": 100_000_000, "private_cash_krw": 20_000_000, "private_in_kind_krw": 5_000_000}
    author = m["lead_editor"] if org == "lead" else m["partner_editor"]
    return Execution(project=m["project"], organization=m[org], fiscal_year=2026, quarter=quarter, author=author,
                     **(values | figures_))  # fmt: skip


def test_the_total_spent_is_the_sum_of_the_categories(money):
    execution = services.save_execution(draft(money), {"personnel": 60_000_000, "materials": 15_500_000})
    assert execution.spent_krw == 75_500_000
    assert sorted(execution.lines.values_list("category__code", "spent_krw")) == [
        ("materials", 15_500_000), ("personnel", 60_000_000),
    ]  # fmt: skip


def test_spending_beyond_what_came_in_needs_a_reason(money):
    with pytest.raises(ValidationError) as refused:
        services.save_execution(draft(money), {"equipment": 130_000_000})
    assert "overspent" in codes(refused.value) and not Execution.objects.exists()
    reasoned = draft(money, overspend_reason="Equipment delivered early; Q2 tranche covers it")
    assert services.save_execution(reasoned, {"equipment": 130_000_000}).spent_krw == 130_000_000


def test_the_database_refuses_overspending_without_a_reason(money):
    execution = services.save_execution(draft(money), {"personnel": 100_000_000})
    with pytest.raises(IntegrityError), transaction.atomic():
        Execution.objects.filter(pk=execution.pk).update(spent_krw=500_000_000)


def test_year_to_date_figures_never_fall_from_one_quarter_to_the_next(money):
    services.save_execution(draft(money, 1), {"personnel": 50_000_000})
    with pytest.raises(ValidationError) as refused:
        services.save_execution(draft(money, 2, government_received_krw=90_000_000), {"personnel": 60_000_000})
    assert "ytd_fell" in codes(refused.value)
    with pytest.raises(ValidationError):
        services.save_execution(draft(money, 2), {"personnel": 40_000_000})
    assert services.save_execution(draft(money, 2, government_received_krw=200_000_000),
                                   {"personnel": 90_000_000}).quarter == 2  # fmt: skip


def test_an_earlier_quarter_cannot_be_corrected_above_a_later_one(money):
    first = services.save_execution(draft(money, 1), {"personnel": 50_000_000})
    services.save_execution(draft(money, 2, government_received_krw=150_000_000), {"personnel": 80_000_000})
    first.government_received_krw = 160_000_000  # more than the year to date at the end of Q2
    with pytest.raises(ValidationError) as refused:
        services.save_execution(first, {"personnel": 50_000_000})
    assert "ytd_fell" in codes(refused.value)
    first.refresh_from_db()
    assert first.government_received_krw == 100_000_000
    first.government_received_krw = 150_000_000  # as much as at Q2's end: allowed
    assert services.save_execution(first, {"personnel": 80_000_000}).government_received_krw == 150_000_000


def test_a_quarter_reported_twice_at_once_is_a_clear_refusal(money):
    services.save_execution(draft(money, 1), {"personnel": 50_000_000})
    with pytest.raises(ValidationError) as refused:  # the second writer did not see the first one's row
        services.save_execution(draft(money, 1), {"personnel": 40_000_000})
    assert "slot_taken" in codes(refused.value)
    assert Execution.objects.get().spent_krw == 50_000_000


@pytest.mark.parametrize(
    ("execution", "spent", "code"),
    [
        (lambda m: draft(m, quarter=5), {"personnel": 1}, "invalid_quarter"),
        (lambda m: draft(m, government_received_krw=-5), {"personnel": 1}, "invalid_amount"),
        (lambda m: draft(m), {"personnel": 0.5}, "invalid_amount"),
        (lambda m: draft(m), {"caviar": 1}, "unknown_category"),
        (lambda m: Execution(project=m["project"], organization=m["outsider"].organization, fiscal_year=2026,
                             quarter=1, author=m["outsider"]), {"personnel": 1}, "not_a_participant"),
    ],
)  # fmt: skip
def test_bad_figures_are_refused_and_nothing_is_saved(money, execution, spent, code):
    with pytest.raises(ValidationError) as refused:
        services.save_execution(execution(money), spent)
    assert code in codes(refused.value)
    assert not Execution.objects.exists()


def test_a_stale_save_is_refused(money):
    execution = services.save_execution(draft(money), {"personnel": 10_000_000})
    read_version = execution.version
    other = Execution.objects.get(pk=execution.pk)
    services.save_execution(other, {"personnel": 20_000_000}, expected_version=read_version)
    execution.private_cash_krw = 30_000_000
    with pytest.raises(StaleVersion):
        services.save_execution(execution, {"personnel": 10_000_000}, expected_version=read_version)
    assert Execution.objects.get(pk=execution.pk).spent_krw == 20_000_000


@pytest.mark.services
def test_an_accepted_execution_is_frozen(money):
    execution = services.save_execution(draft(money), {"personnel": 10_000_000})
    execution = reviewed.submit(execution, expected_version=execution.version)
    with pytest.raises(ValidationError):
        reviewed.decide(execution, money["admin"], accept=False, expected_version=execution.version)
    execution = reviewed.decide(execution, money["admin"], accept=True, expected_version=execution.version)
    with pytest.raises(ValidationError):
        services.save_execution(execution, {"personnel": 1})
    lines = sorted(execution.lines.values_list("category__code", "spent_krw"))
    unused = CostCategory.objects.exclude(pk__in=execution.lines.values("category")).first()
    for write in (
        lambda: Execution.objects.filter(pk=execution.pk).update(private_cash_krw=0),
        lambda: ExecutionLine.objects.filter(execution=execution).update(spent_krw=1),
        lambda: ExecutionLine.objects.filter(execution=execution).delete(),
        lambda: ExecutionLine.objects.create(execution=execution, category=unused),  # a line of nothing added
        lambda: connection.cursor().execute("DELETE FROM money_execution WHERE id = %s", [execution.pk]),
    ):
        with (
            pytest.raises(IntegrityError, match=r"money_execution \d+ is accepted and cannot be changed"),
            transaction.atomic(),
        ):
            write()
    assert sorted(Execution.objects.get(pk=execution.pk).lines.values_list("category__code", "spent_krw")) == lines


def test_the_execution_rate_adds_each_participants_latest_accepted_quarter(money):
    accept_plan(
        services.save_plan(money["project"], 2026, [PlanPart(money["lead"].pk, "personnel", 400_000_000, 100_000_000),
                                                     PlanPart(money["partner_org"].pk, "materials", 200_000_000)],
                           money["lead_editor"]), money["admin"])  # fmt: skip
    for org, quarter, spent in (("lead", 1, 30_000_000), ("lead", 2, 90_000_000), ("partner_org", 1, 40_000_000)):
        e = services.save_execution(draft(money, quarter, org), {"personnel": spent})
        e = reviewed.submit(e, expected_version=e.version)
        reviewed.decide(e, money["admin"], accept=True, expected_version=e.version)
    services.save_execution(draft(money, 3, "lead", government_received_krw=300_000_000), {"personnel": 250_000_000})
    ytd = figures.year_to_date(money["project"], 2026)
    assert (ytd.quarter, ytd.planned_krw, ytd.funds_krw, ytd.spent_krw) == (4, 700_000_000, 240_000_000, 130_000_000)
    first = figures.by_quarter(figures.plan_in_force(money["project"], 2026), list(Execution.objects.all()))[0]
    assert (first.planned_krw, first.spent_krw) == (175_000_000, 70_000_000)  # a quarter of the plan; both Q1s
    assert ytd.execution_rate == Decimal("54.2")  # 130 / 240, the draft Q3 not counted
    assert figures.year_to_date(money["project"], 2027).execution_rate is None
