"""Derived values against hand-computed expectations. "Today" is 2026-11-27 (the ``today`` fixture)."""

import datetime

import pytest

from core.reviewed import ReviewState
from projects.models import Milestone, Project
from tests.factories import MilestoneFactory, ProjectFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def annotated(project, today) -> Project:
    return Project.objects.with_progress().with_health(today).get(pk=project.pk)


THIS_MONTH = D(2026, 11, 1)


def reported(project, period=THIS_MONTH, rag="green"):
    """An accepted update for ``period`` — fresh reporting, so staleness plays no part."""
    return StatusUpdateFactory(project=project, period=period, rag=rag, state=ReviewState.ACCEPTED)


# -- progress ---------------------------------------------------------------------------------------------------


def test_progress_is_the_done_share_of_weight_leaving_out_cancelled_milestones(today):
    project = ProjectFactory()
    MilestoneFactory(project=project, weight=10, status="done", completed_date=D(2026, 3, 1))
    MilestoneFactory(project=project, weight=30, status="in_progress")
    MilestoneFactory(project=project, weight=20, status="cancelled")
    assert annotated(project, today).progress == 25  # 10 / (10 + 30)


def test_progress_rounds_to_whole_percent(today):
    project = ProjectFactory()
    MilestoneFactory(project=project, weight=1, status="done", completed_date=D(2026, 3, 1))
    MilestoneFactory(project=project, weight=2, status="planned")
    assert annotated(project, today).progress == 33  # 1 / 3


def test_progress_of_a_project_without_milestones_is_zero(today):
    assert annotated(ProjectFactory(), today).progress == 0


# -- slippage and overdue milestones ---------------------------------------------------------------------------


def test_slippage_is_forecast_minus_baseline_in_days():
    milestone = MilestoneFactory(baseline_date=D(2026, 1, 1), forecast_date=D(2026, 1, 31))
    assert Milestone.objects.with_slippage().get(pk=milestone.pk).slippage_days == 30


def test_slippage_of_a_done_milestone_is_measured_at_completion():
    milestone = MilestoneFactory(
        baseline_date=D(2026, 1, 1), forecast_date=D(2026, 3, 1), status="done", completed_date=D(2026, 1, 11)
    )
    assert Milestone.objects.with_slippage().get(pk=milestone.pk).slippage_days == 10


def test_early_forecast_gives_negative_slippage():
    milestone = MilestoneFactory(baseline_date=D(2026, 1, 10), forecast_date=D(2026, 1, 5))
    assert Milestone.objects.with_slippage().get(pk=milestone.pk).slippage_days == -5


def test_overdue_milestones_are_open_ones_whose_forecast_has_passed(today):
    project = ProjectFactory()
    late = MilestoneFactory(project=project, forecast_date=D(2026, 11, 26), baseline_date=D(2026, 11, 26))
    MilestoneFactory(project=project, forecast_date=today, baseline_date=today)  # due today: not yet overdue
    MilestoneFactory(project=project, baseline_date=D(2026, 1, 1), status="done", completed_date=D(2026, 2, 1))
    MilestoneFactory(project=project, baseline_date=D(2026, 1, 1), status="cancelled")
    assert list(Milestone.objects.overdue(today)) == [late]


# -- current self-reported RAG ---------------------------------------------------------------------------------


def test_current_rag_comes_from_the_latest_accepted_update(today):
    project = ProjectFactory()
    reported(project, D(2026, 9, 1), rag="red")
    reported(project, D(2026, 10, 1), rag="amber")
    StatusUpdateFactory(project=project, period=D(2026, 11, 1), rag="green", state=ReviewState.SUBMITTED)
    result = annotated(project, today)
    assert (result.current_rag, result.last_accepted_period) == ("amber", D(2026, 10, 1))


def test_project_without_accepted_updates_has_no_current_rag(today):
    project = ProjectFactory()
    StatusUpdateFactory(project=project, state=ReviewState.DRAFT, submitted_at=None)
    assert annotated(project, today).current_rag is None


# -- computed health ------------------------------------------------------------------------------------------


def test_fresh_report_and_no_late_milestones_is_green(today):
    project = ProjectFactory()
    reported(project)
    MilestoneFactory(project=project, baseline_date=D(2027, 1, 1), forecast_date=D(2027, 1, 20))  # 19 days
    assert annotated(project, today).health == "green"


def test_one_overdue_milestone_is_amber(today):
    project = ProjectFactory()
    reported(project)
    MilestoneFactory(project=project, baseline_date=D(2026, 11, 20), forecast_date=D(2026, 11, 20))
    result = annotated(project, today)
    assert (result.overdue_milestones, result.health) == (1, "amber")


def test_three_overdue_milestones_are_red(today):
    project = ProjectFactory()
    reported(project)
    for day in (1, 2, 3):
        MilestoneFactory(project=project, baseline_date=D(2026, 11, day), forecast_date=D(2026, 11, day))
    result = annotated(project, today)
    assert (result.overdue_milestones, result.health) == (3, "red")


@pytest.mark.parametrize(
    ("forecast", "slippage", "health"),
    [
        (D(2027, 1, 31), 30, "green"),  # 2027-01-01 + 30 days: at the amber threshold, not over it
        (D(2027, 2, 1), 31, "amber"),
        (D(2027, 4, 1), 90, "amber"),
        (D(2027, 4, 2), 91, "red"),
    ],
)
def test_slippage_of_open_milestones_sets_health(today, forecast, slippage, health):
    project = ProjectFactory()
    reported(project)
    MilestoneFactory(project=project, baseline_date=D(2027, 1, 1), forecast_date=forecast)
    result = annotated(project, today)
    assert (result.max_slippage_days, result.health) == (slippage, health)


def test_slippage_of_done_milestones_does_not_count_against_health(today):
    project = ProjectFactory()
    reported(project)
    MilestoneFactory(
        project=project,
        baseline_date=D(2026, 1, 1),
        forecast_date=D(2026, 6, 1),
        status="done",
        completed_date=D(2026, 6, 1),
    )
    assert annotated(project, today).health == "green"


@pytest.mark.parametrize(
    ("last_accepted", "stale_months", "health"),
    [
        (D(2026, 10, 1), 1, "green"),  # last month's report: the normal state mid-cycle
        (D(2026, 9, 1), 2, "amber"),
        (D(2026, 8, 1), 3, "red"),
    ],
)
def test_stale_reporting_sets_health(today, last_accepted, stale_months, health):
    project = ProjectFactory()
    reported(project, last_accepted)
    result = annotated(project, today)
    assert (result.stale_months, result.health) == (stale_months, health)


def test_project_that_never_reported_is_stale_since_its_start(today):
    project = ProjectFactory(start_date=D(2026, 8, 15))
    result = annotated(project, today)
    assert (result.stale_months, result.health) == (3, "red")


def test_staleness_does_not_count_for_completed_projects(today):
    project = ProjectFactory(phase="completed", start_date=D(2024, 1, 1), end_date=D(2026, 3, 31))
    reported(project, D(2026, 3, 1))
    result = annotated(project, today)
    assert (result.stale_months, result.health) == (0, "green")


def test_health_takes_the_worst_signal(today):
    project = ProjectFactory()
    reported(project, D(2026, 9, 1))  # amber by staleness
    for day in (1, 2, 3):  # red by overdue milestones
        MilestoneFactory(project=project, baseline_date=D(2026, 11, day), forecast_date=D(2026, 11, day))
    assert annotated(project, today).health == "red"
