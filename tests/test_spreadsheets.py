"""No CSV or XLSX file the portal writes holds a live formula, whatever text users or visitors typed (ASVS 1.2.10):
formula-like text is planted in every text field that reaches a file, and every file is opened."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from core import periods
from core.spreadsheets import FORMULA_STARTS, cell, typed
from members.models import Role
from projects import services
from reports.services import build_report
from tests.factories import (
    IndicatorFactory,
    MilestoneFactory,
    PolicyBarrierFactory,
    ProjectFactory,
    StatusUpdateFactory,
    UserFactory,
)
from tests.reports.stored import stored_file

pytestmark = pytest.mark.django_db

EVIL = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_formula_like_text_gets_the_text_mark_and_everything_else_stays():
    for text in EVIL:
        assert cell(text) == "'" + text
    assert [cell(v) for v in (12, -5, 1.5, None, "plain", "", datetime.date(2026, 1, 1))] == [
        12, -5, 1.5, None, "plain", "", datetime.date(2026, 1, 1),
    ]  # fmt: skip


def test_text_read_back_loses_the_text_mark_the_portal_put_before_it():
    for value in [*EVIL, "'quoted by the writer", "plain", 12, None]:
        assert typed(cell(value)) == value


@pytest.fixture
def planted(settings, tmp_path):
    """Formula text in every text field that the exports and the reports write."""
    settings.REPORTS_DIR = tmp_path
    today = timezone.localdate()
    month = periods.latest_complete(periods.MONTH, today)
    project = ProjectFactory(title_ko=EVIL[0], title_en=EVIL[1], start_date=month.start - datetime.timedelta(days=400))
    milestone = MilestoneFactory(project=project, title_ko=EVIL[2], title_en=EVIL[3], deliverable=EVIL[4])
    services.update_milestone(
        milestone,
        forecast_date=milestone.forecast_date + datetime.timedelta(days=40),
        status=milestone.status,
        completed_date=None,
        reason=EVIL[0],
        expected_version=milestone.version,
    )
    IndicatorFactory(project=project, name_ko=EVIL[1], name_en=EVIL[2], unit=EVIL[3])
    narrative = dict(zip(["achievements", "risks_and_issues", "next_steps", "support_requested"], EVIL, strict=False))
    StatusUpdateFactory(project=project, period=month.start, **narrative)
    barrier = PolicyBarrierFactory(title_ko=EVIL[0], title_en=EVIL[1], regulation=EVIL[2], responsible_agency=EVIL[3])
    barrier.projects.add(project)
    weekly = build_report("weekly", periods.latest_complete(periods.WEEK, today), today)[0]
    monthly = build_report("monthly", month, today, project=project)[0]
    return {"project": project, "reports": [weekly, monthly]}


def marked(value) -> bool:
    return isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS)


def csv_cells(response) -> list[str]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return [value for row in csv.reader(io.StringIO(body)) for value in row]


def assert_no_formula_in_csv(cells: list[str]) -> None:
    assert cells
    assert [value for value in cells if value.startswith(FORMULA_STARTS)] == []
    assert any(marked(value) for value in cells)  # the planted text is there, marked as text


def assert_no_formula_in_xlsx(workbook) -> None:
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.value for c in cells if c.data_type == "f"] == []
    assert any(marked(c.value) for c in cells)


def test_project_and_milestone_csv_files_hold_no_formula(client, planted):
    client.force_login(UserFactory(role=Role.MINISTRY_ADMIN))
    assert_no_formula_in_csv(csv_cells(client.get("/projects/export.csv")))
    assert_no_formula_in_csv(csv_cells(client.get("/api/v1/projects/", {"format": "csv"})))
    assert_no_formula_in_csv(csv_cells(client.get("/api/v1/milestones/", {"format": "csv"})))


def test_the_project_workbook_holds_no_formula_and_numbers_stay_numbers(client, planted):
    client.force_login(UserFactory(role=Role.MINISTRY_ADMIN))
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/projects/export.xlsx").content))
    assert_no_formula_in_xlsx(workbook)
    assert any(c.data_type == "n" and c.value is not None for row in workbook.active.iter_rows() for c in row)


def test_report_workbooks_hold_no_formula(planted):
    for report in planted["reports"]:
        for language in ("ko", "en"):
            assert_no_formula_in_xlsx(openpyxl.load_workbook(stored_file(report, "xlsx", language)))


def test_the_audit_log_csv_holds_no_formula_from_an_anonymous_visitor(client, users):
    UserFactory(username="=cmd")  # not a name the sign-in form accepts, but the admin might store one
    client.post("/accounts/login/", {"username": "=cmd", "password": "wrong"})
    client.force_login(users["ministry"])
    assert_no_formula_in_csv(csv_cells(client.get("/audit/export.csv")))
