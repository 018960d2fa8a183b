import datetime

import pytest
from django.db import IntegrityError, transaction

from projects.models import Milestone, MilestoneStatus
from projects.services import mark_overdue_milestones
from reports.models import ProjectSnapshot
from reports.services import take_snapshot
from tests import factories
from tests.reports.conftest import MONDAY_AFTER


def test_a_snapshot_records_each_projects_figures_of_the_day(portfolio):
    assert take_snapshot(MONDAY_AFTER) == 3
    mob = ProjectSnapshot.objects.get(project=portfolio["mob"], day=MONDAY_AFTER)
    assert (mob.phase, mob.progress, mob.rag, mob.health) == ("in_progress", 50, "green", "amber")
    assert (mob.milestones_done, mob.milestones_total, mob.milestones_overdue) == (1, 2, 1)
    assert (mob.government_budget_krw, mob.private_budget_krw) == (100_000_000, 50_000_000)
    mac = ProjectSnapshot.objects.get(project=portfolio["mac"], day=MONDAY_AFTER)
    assert (mac.rag, mac.health, mac.milestones_done, mac.milestones_total) == ("", "red", 0, 1)


def test_cancelled_milestones_do_not_count(portfolio):
    factories.MilestoneFactory(project=portfolio["prd"], status=MilestoneStatus.CANCELLED)
    take_snapshot(MONDAY_AFTER)
    prd = ProjectSnapshot.objects.get(project=portfolio["prd"], day=MONDAY_AFTER)
    assert (prd.milestones_done, prd.milestones_total) == (0, 0)


def test_taking_the_same_days_snapshot_again_adds_and_changes_nothing(portfolio):
    take_snapshot(MONDAY_AFTER)
    before = list(ProjectSnapshot.objects.order_by("pk").values())
    portfolio["mob"].milestones.update(status=MilestoneStatus.DONE, completed_date=MONDAY_AFTER)
    assert take_snapshot(MONDAY_AFTER) == 0
    assert list(ProjectSnapshot.objects.order_by("pk").values()) == before


def test_the_database_refuses_to_edit_a_snapshot(portfolio):
    take_snapshot(MONDAY_AFTER)
    with pytest.raises(IntegrityError, match="history"), transaction.atomic():
        ProjectSnapshot.objects.filter(project=portfolio["mob"]).update(progress=99)


def test_open_milestones_past_their_forecast_become_delayed_once(portfolio):
    overdue = Milestone.objects.get(project=portfolio["mob"], order=2)
    assert mark_overdue_milestones(MONDAY_AFTER) == 1
    overdue.refresh_from_db()
    assert overdue.status == MilestoneStatus.DELAYED
    assert overdue.version == 2
    assert overdue.history.first().history_change_reason
    assert mark_overdue_milestones(MONDAY_AFTER) == 0
    assert overdue.history.count() == 2


def test_a_milestone_turns_overdue_the_day_after_its_forecast(portfolio):
    milestone = Milestone.objects.get(project=portfolio["mob"], order=2)
    assert mark_overdue_milestones(milestone.forecast_date) == 0
    assert mark_overdue_milestones(milestone.forecast_date + datetime.timedelta(days=1)) == 1
