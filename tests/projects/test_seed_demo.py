"""Seeding the demo: deterministic, the command's password check and its reports. What the demo holds:
test_demo_portfolio.py."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from alliance_portal.demo import seed_demo
from assessments.models import Answer
from core import periods
from projects.models import Milestone, Project, StatusUpdate
from reports.models import Report
from reports.services import projects_active_in
from tests import DEMO_DAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_open_data_folder")]
AS_OF = DEMO_DAY


def fingerprint() -> list[tuple]:
    return (
        list(
            Milestone.objects.order_by("project__code", "order").values_list(
                "project__code",
                "project__lead_organization__slug",
                "baseline_date",
                "forecast_date",
                "status",
                "weight",
            )
        )
        + list(
            StatusUpdate.objects.order_by("project__code", "period", "state").values_list(
                "project__code", "period", "rag", "state"
            )
        )
        + list(
            Answer.objects.order_by("assessment__project__code", "question__stage", "question__order").values_list(
                "assessment__project__code", "assessment__state", "question__order", "response", "note"
            )
        )
    )


def test_seeding_is_deterministic():
    with transaction.atomic():
        seed_demo(as_of=AS_OF)
        first = fingerprint()
        transaction.set_rollback(True)
    assert not Project.objects.exists()
    seed_demo(as_of=AS_OF)
    assert fingerprint() == first


def test_seed_command_refuses_a_weak_password():
    with pytest.raises(CommandError, match="--password"):
        call_command("seed_demo", "--password", "short")
    assert not Project.objects.exists()


def test_the_seed_command_makes_the_latest_reports_once(settings, tmp_path):
    settings.REPORTS_DIR = tmp_path / "reports"
    call_command("seed_demo", "--as-of", AS_OF.isoformat(), stdout=io.StringIO())
    weekly = Report.objects.get(kind="weekly")
    assert (weekly.period, weekly.state) == ("2026-W47", "ready")
    monthly = Report.objects.filter(kind="monthly", period="2026-10")
    assert monthly.count() == projects_active_in(periods.parse(periods.MONTH, "2026-10")).count() > 30
    out = io.StringIO()
    call_command("seed_demo", "--as-of", AS_OF.isoformat(), stdout=out)
    assert "Latest reports already present." in out.getvalue() and Report.objects.count() == monthly.count() + 1
