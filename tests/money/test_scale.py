"""``seed_scale``'s money: an accepted plan and accepted quarters per project, whose stored figures follow the rule."""

import datetime

import pytest
from django.core.management import call_command

from core.reviewed import ReviewState
from money import figures, scale
from money.apps import ensure_categories
from money.models import BudgetPlan, Execution
from projects.models import Project, ProjectFigures
from projects.scale import seed_scale

AS_OF = datetime.date(2026, 11, 27)  # three quarters of 2026 ended


@pytest.mark.django_db
def test_every_project_gets_a_plan_and_its_ended_quarters_by_the_rule():
    ensure_categories(None)
    seed_scale(44, as_of=AS_OF)
    assert scale.seed(AS_OF) == 44  # the projects' part of the demo has no money yet
    assert BudgetPlan.objects.filter(state=ReviewState.ACCEPTED, fiscal_year=2026).count() == 44
    quarters = set(Execution.objects.values_list("quarter", flat=True).distinct())
    assert quarters == {1, 2, 3} and not Execution.objects.exclude(state="accepted").exists()
    for project in Project.objects.order_by("pk")[:10]:
        point = figures.year_to_date(project, 2026)
        row = ProjectFigures.objects.get(project=project)
        assert (row.money_year, row.year_funds_krw, row.year_spent_krw) == (2026, point.funds_krw, point.spent_krw)
        assert row.year_funds_krw > 0
    assert scale.seed(AS_OF) == 0  # again: nothing to add


@pytest.mark.django_db
def test_the_command_seeds_projects_and_money_in_one_go(capsys):
    ensure_categories(None)
    call_command("seed_scale", "--projects", "41")
    assert "money for 41 projects" in capsys.readouterr().out
