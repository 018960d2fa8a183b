import datetime

import pytest

from projects import services
from projects.models import BarrierStatus, MilestoneStatus
from tests import factories

WEEK_48 = (datetime.date(2026, 11, 23), datetime.date(2026, 11, 29))
MONDAY_AFTER = datetime.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def reports_dir(settings, tmp_path):
    """Generated files go to a fresh folder per test."""
    settings.REPORTS_DIR = tmp_path / "reports"
    settings.REPORTING_DUE_DAY = 10
    return settings.REPORTS_DIR


@pytest.fixture
def portfolio(db):
    """Three projects whose week-48 figures are worked out by hand in the tests.

    MOB (mobility, in progress, budgets 100 M + 50 M): one milestone done on 24 Nov, one overdue since 20 Nov, an
    accepted green update for November → progress 50 %, health amber (1 overdue), self-rated green.
    MAC (machinery, in progress, budgets 30 M + 0): never reported since its January start → red (10 months stale);
    its one milestone's forecast moved from 1 Dec to 20 Dec on 25 Nov.
    PRD (production, completed): nothing due → green, not rated.
    """
    editor = factories.UserFactory(username="mob-editor")
    mob = factories.ProjectFactory(
        code="MOB-001", lead_organization=editor.organization, government_budget_krw=100_000_000,
        private_budget_krw=50_000_000,
    )  # fmt: skip
    factories.MilestoneFactory(
        project=mob, status=MilestoneStatus.DONE, baseline_date=datetime.date(2026, 11, 25),
        forecast_date=datetime.date(2026, 11, 25), completed_date=datetime.date(2026, 11, 24), order=1,
    )  # fmt: skip
    factories.MilestoneFactory(
        project=mob, baseline_date=datetime.date(2026, 11, 20), forecast_date=datetime.date(2026, 11, 20), order=2
    )
    factories.StatusUpdateFactory(project=mob, author=editor, period=datetime.date(2026, 11, 1), rag="green")

    mac = factories.ProjectFactory(code="MAC-001", area="machinery", government_budget_krw=30_000_000)
    slipping = factories.MilestoneFactory(
        project=mac, baseline_date=datetime.date(2026, 12, 1), forecast_date=datetime.date(2026, 12, 1)
    )
    services.update_milestone(
        slipping, forecast_date=datetime.date(2026, 12, 20), status=MilestoneStatus.IN_PROGRESS, completed_date=None,
        reason="장비 납기 지연", expected_version=slipping.version,
    )  # fmt: skip
    created_at = datetime.datetime(2026, 11, 1, 10, 0, tzinfo=datetime.UTC)
    slipping.history.filter(history_type="+").update(history_date=created_at)
    slipped_at = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)
    slipping.history.filter(history_type="~").update(history_date=slipped_at)

    prd = factories.ProjectFactory(code="PRD-001", area="production", phase="completed")

    factories.PolicyBarrierFactory(title_ko="데이터 반출 규제", title_en="Data export rules")
    factories.PolicyBarrierFactory(status=BarrierStatus.RESOLVED, resolution_note="해결", resolved_on=WEEK_48[0])
    return {"mob": mob, "mac": mac, "prd": prd, "editor": editor}
