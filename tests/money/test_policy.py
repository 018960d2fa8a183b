"""Who sees and changes money: the ministry and the project's participants see it, nobody else (partners, members
of other organizations); a participant's editors enter their own organization's executions only."""

import pytest

from access.policy import CHANGE, REVIEW, VIEW, restrict
from core import reviewed
from money import services
from money.models import BudgetPlan, Execution
from money.services import PlanPart

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(money):
    plan = services.save_plan(money["project"], 2026, [PlanPart(money["lead"].pk, "personnel", 1_000)],
                              money["lead_editor"])  # fmt: skip
    lead = services.save_execution(
        Execution(project=money["project"], organization=money["lead"], fiscal_year=2026, quarter=1,
                  author=money["lead_editor"], government_received_krw=1_000), {"personnel": 500})  # fmt: skip
    other = services.save_execution(
        Execution(project=money["project"], organization=money["partner_org"], fiscal_year=2026, quarter=1,
                  author=money["partner_editor"], government_received_krw=1_000), {"personnel": 100})  # fmt: skip
    return {"plan": plan, "lead": lead, "other": other}


def who(money, model, action, obj) -> set[str]:
    names = ("lead_editor", "partner_editor", "outsider", "partner", "admin", "viewer")
    return {n for n in names if restrict(model.objects.filter(pk=obj.pk), money[n], action).exists()}


def test_money_is_seen_by_the_ministry_and_the_projects_participants_only(money, books):
    everyone_inside = {"lead_editor", "partner_editor", "admin", "viewer"}
    assert who(money, BudgetPlan, VIEW, books["plan"]) == everyone_inside
    assert who(money, Execution, VIEW, books["other"]) == everyone_inside


def test_a_plan_is_drafted_by_the_projects_editors_and_accepted_by_another_ministry_administrator(money, books):
    assert who(money, BudgetPlan, CHANGE, books["plan"]) == {"lead_editor", "partner_editor", "admin"}
    assert who(money, BudgetPlan, REVIEW, books["plan"]) == set()  # a draft is not for review
    plan = reviewed.submit(books["plan"], by=money["lead_editor"], expected_version=books["plan"].version)
    assert who(money, BudgetPlan, REVIEW, plan) == {"admin"}


def test_an_organizations_execution_is_entered_by_its_own_editors(money, books):
    assert who(money, Execution, CHANGE, books["lead"]) == {"lead_editor", "admin"}
    assert who(money, Execution, CHANGE, books["other"]) == {"partner_editor", "admin"}


def test_only_a_ministry_administrator_reviews_a_submitted_execution(money, books):
    execution = reviewed.submit(books["lead"], expected_version=books["lead"].version)
    assert who(money, Execution, REVIEW, execution) == {"admin"}
    assert who(money, Execution, REVIEW, books["other"]) == set()  # a draft is not for review
