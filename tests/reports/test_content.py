"""What the weekly and monthly reports say, against figures worked out by hand (see the ``portfolio`` fixture)."""

import datetime

from core import periods
from reports.content import monthly_content, weekly_content
from tests import factories
from tests.reports.conftest import MONDAY_AFTER, WEEK_48

WEEK = periods.parse(periods.WEEK, "2026-W48")


def rows(content, section):
    return content["sections"][section]


def test_week_48_runs_monday_to_sunday():
    assert (WEEK.start, WEEK.end) == WEEK_48


def test_weekly_summary_counts_the_portfolio(portfolio):
    summary = dict(rows(weekly_content(WEEK, MONDAY_AFTER), "summary"))
    assert summary == {
        "projects": 3,
        "in_progress": 2,
        "health_green": 1,
        "health_amber": 1,
        "health_red": 1,
        "rag_green": 1,
        "rag_amber": 0,
        "rag_red": 0,
        "rag_none": 2,
        "milestones_completed": 1,
        "milestones_slipped": 1,
        "milestones_overdue": 1,
        "updates_overdue": 1,
        "ratings_to_check": 2,
        "open_barriers": 1,
        "government_budget_krw": 130_000_000,
        "private_budget_krw": 50_000_000,
    }


def test_weekly_by_area_has_every_area_in_order(portfolio):
    by_area = rows(weekly_content(WEEK, MONDAY_AFTER), "by_area")
    assert by_area == [
        ["mobility", 1, 1, 0, 1, 0, 50, 1, 100_000_000],
        ["machinery", 1, 1, 0, 0, 1, 0, 0, 30_000_000],
        ["production", 1, 0, 1, 0, 0, 0, 0, 0],
        ["waste", 0, 0, 0, 0, 0, None, 0, 0],
    ]


def test_weekly_lists_the_weeks_completed_and_slipped_milestones(portfolio):
    content = weekly_content(WEEK, MONDAY_AFTER)
    [completed] = rows(content, "milestones_completed")
    assert completed[0] == "MOB-001"
    assert completed[2:] == ["2026-11-25", "2026-11-24"]
    [slipped] = rows(content, "milestones_slipped")
    assert slipped[0] == "MAC-001"
    assert slipped[2:] == ["2026-12-01", "2026-12-20", 19, "장비 납기 지연", "2026-11-25"]


def test_a_slip_outside_the_week_is_not_in_it(portfolio):
    earlier = periods.parse(periods.WEEK, "2026-W47")
    assert rows(weekly_content(earlier, MONDAY_AFTER), "milestones_slipped") == []


def test_weekly_lists_overdue_updates_and_ratings_to_check(portfolio):
    content = weekly_content(WEEK, MONDAY_AFTER)
    [overdue] = rows(content, "overdue_updates")
    assert overdue[0] == "MAC-001"
    assert overdue[3:] == ["2026-11-01", None]
    to_check = rows(content, "ratings_to_check")
    assert [row[0] for row in to_check] == ["MAC-001", "MOB-001"]  # worst computed health first
    mac, mob = to_check
    assert mac[2:4] == [None, "red"]
    assert mob[2:4] == ["green", "amber"]
    assert mob[4] == {"ko": "기한 초과 마일스톤 1건; 자체 평가 정상", "en": "1 milestone overdue; self-rated On track"}


def test_before_the_due_day_the_previous_month_is_the_one_overdue(portfolio):
    """On 5 November the November update is not due yet; October's is, and nobody reported for October."""
    early = periods.parse(periods.WEEK, "2026-W44")  # 26 Oct – 1 Nov, made on Monday 2 Nov
    overdue = rows(weekly_content(early, datetime.date(2026, 11, 2)), "overdue_updates")
    assert [(row[0], row[3]) for row in overdue] == [("MAC-001", "2026-10-01"), ("MOB-001", "2026-10-01")]


def test_weekly_lists_open_barriers_only(portfolio):
    [barrier] = rows(weekly_content(WEEK, MONDAY_AFTER), "open_barriers")
    assert barrier[0] == {"ko": "데이터 반출 규제", "en": "Data export rules"}
    assert barrier[3] == "raised"


def test_rag_changes_compare_the_snapshots_a_week_apart(portfolio):
    mob, mac = portfolio["mob"], portfolio["mac"]
    factories.ProjectSnapshotFactory(project=mob, day=WEEK.start, rag="amber", health="amber")
    factories.ProjectSnapshotFactory(project=mob, day=MONDAY_AFTER, rag="green", health="amber")
    factories.ProjectSnapshotFactory(project=mac, day=WEEK.start, rag="", health="red")
    factories.ProjectSnapshotFactory(project=mac, day=MONDAY_AFTER, rag="", health="red")
    content = weekly_content(WEEK, MONDAY_AFTER)
    assert content["compared_with"] == "2026-11-23"
    assert rows(content, "rag_changes") == [
        ["MOB-001", {"ko": mob.title_ko, "en": mob.title_en}, "amber", "green", "amber", "amber"]
    ]


def test_without_last_weeks_snapshot_there_is_nothing_to_compare(portfolio):
    factories.ProjectSnapshotFactory(project=portfolio["mob"], day=MONDAY_AFTER)
    content = weekly_content(WEEK, MONDAY_AFTER)
    assert content["compared_with"] is None
    assert rows(content, "rag_changes") == []


def test_monthly_report_describes_one_project(portfolio):
    mob = portfolio["mob"]
    indicator = factories.IndicatorFactory(project=mob)
    factories.IndicatorValueFactory(indicator=indicator, period=datetime.date(2026, 10, 1), actual_value=2)
    factories.IndicatorValueFactory(indicator=indicator, period=datetime.date(2026, 12, 1), actual_value="1.5")
    factories.ProjectSnapshotFactory(project=mob, day=datetime.date(2026, 11, 2), progress=0)
    factories.ProjectSnapshotFactory(project=mob, day=datetime.date(2026, 12, 1), progress=50)  # after the month
    month = periods.parse(periods.MONTH, "2026-11")
    content = monthly_content(mob, month, datetime.date(2026, 12, 2))

    assert content["as_of"] == "2026-12-01"
    [overview] = rows(content, "overview")
    assert overview[0] == "MOB-001"
    assert overview[3:] == ["in_progress", "green", "amber", 50, 1, 2, 1, 100_000_000, 50_000_000]
    [update] = rows(content, "status_update")
    assert update[:3] == ["accepted", "green", 40]
    assert [row[1:] for row in rows(content, "milestones")] == [
        ["2026-11-25", "2026-11-25", "2026-11-24", "done", -1],
        ["2026-11-20", "2026-11-20", None, "planned", 0],
    ]
    [kpi] = rows(content, "indicators")
    assert kpi[1:] == ["%", "3.0000", "1.0000", "2.0000", "2026-10-01"]  # December's value is after the month
    assert [row[:2] for row in rows(content, "progress_trend")] == [["2026-11-02", 0], ["2026-12-01", 50]]
