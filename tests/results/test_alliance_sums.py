"""What the alliance achieved in sums: sales by the year they were made, effects with their units — on the
dashboard, in the weekly report (the same figures: ``results.figures``) and in the ministry's yearly results report
(XLSX), accepted results only."""

import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from core import reviewed
from core.spreadsheets import XLSX_CONTENT_TYPE
from members.models import Role
from projects.models import Project
from results.figures import alliance_figures
from tests.factories import UserFactory, submitted_result

pytestmark = pytest.mark.django_db


def accept(result, people):
    return reviewed.decide(result, people["admin"], accept=True, expected_version=result.version)


def plant_commercializations_and_effects(people) -> None:
    """Two accepted products (sales in 2025 and 2026) and two accepted effects of one measure, plus a pending product
    whose sales must count nowhere."""
    project, editor = people["project"], people["editor"]
    for title, sales in (("Scheduler", {"2025": 400, "2026": 1000}), ("Controller", {"2026": 250})):
        accept(submitted_result(project, editor, kind="commercialization", title=title,
                                details={"product": title, "sales_krw": sales}), people)  # fmt: skip
    submitted_result(project, editor, kind="commercialization", title="Pending",
                     details={"product": "Pending", "sales_krw": {"2026": 99_000}})  # fmt: skip
    for baseline, measured in (("0.40", "0.10"), ("0.60", "0.20")):
        accept(submitted_result(project, editor, kind="effect", title=f"Defects {baseline}",
                                details={"measure": "defect rate", "unit": "%", "baseline": baseline,
                                         "measured": measured, "method": "sampling"}), people)  # fmt: skip


def test_sales_add_up_by_the_year_they_were_made_and_effects_keep_their_units(people):
    plant_commercializations_and_effects(people)
    figures = alliance_figures(Project.objects.all())
    assert figures["sales"] == [(2025, 400), (2026, 1250)] and figures["sales_total"] == 1650
    assert figures["effects"] == [
        {"measure": "defect rate", "unit": "%", "results": 2, "baseline": Decimal("0.5"), "measured": Decimal("0.15")}
    ]


def test_the_figures_of_one_year_count_that_years_sales_only(people):
    plant_commercializations_and_effects(people)
    figures = alliance_figures(Project.objects.all(), year=2026)
    assert figures["sales"] == [(2026, 1250)]
    assert alliance_figures(Project.objects.all(), year=2024)["total"] == 0


def test_the_dashboard_shows_the_sales_by_year_and_the_effects(people, english):
    plant_commercializations_and_effects(people)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(people["admin"])
    page = client.get("/").content.decode()
    assert "2025 <a" in page and ">1,250</a>" in page
    assert "defect rate" in page


def test_the_yearly_report_holds_the_years_figures_of_accepted_results(people, english):
    plant_commercializations_and_effects(people)
    reader = UserFactory(role=Role.MINISTRY_VIEWER, organization=None, preferred_language="en")
    client = Client()
    client.force_login(reader)
    answer = client.get("/library/figures/report/?year=2026")
    assert answer.status_code == 200 and answer["Content-Type"] == XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(answer.content))
    figures = alliance_figures(Project.objects.all(), year=2026)
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Accepted results"] == figures["total"] == 4
    assert summary["Sales of commercialized products (KRW)"] == 1250
    kinds = list(workbook["Results by kind"].iter_rows(min_row=2, values_only=True))
    assert kinds == [("Commercialization", 2), ("Productivity or environmental effect", 2)]
    assert len(workbook["Results by kind"]._charts) == 1
    assert list(workbook["Sales"].iter_rows(min_row=2, values_only=True)) == [("2026", 1250)]
    effects = list(workbook["Effects"].iter_rows(min_row=2, values_only=True))
    assert effects == [("defect rate", "%", 2, 0.5, 0.15)]


def test_the_yearly_report_refuses_a_year_that_is_not_one(people):
    client = Client()
    client.force_login(people["admin"])
    for year in ("", "20x6", "1999", "²⁰²⁶"):
        assert client.get(f"/library/figures/report/?year={year}").status_code == 400


def test_the_weekly_report_says_what_the_dashboard_says(people):
    from core import periods
    from reports.content import weekly_content

    plant_commercializations_and_effects(people)
    figures = alliance_figures(Project.objects.all())
    today = datetime.date(2026, 12, 7)
    sections = weekly_content(periods.latest_complete(periods.WEEK, today), today)["sections"]
    assert dict(sections["results_summary"]) == {
        "results_accepted": figures["total"], "results_reporting": figures["reporting"],
        "results_jobs": figures["jobs"], "results_fees_krw": figures["fees"],
        "results_sales_krw": figures["sales_total"],
    }  # fmt: skip
    assert sections["results_by_kind"] == [[row["kind"], row["total"]] for row in figures["rows"]]
    assert sections["results_by_year"] == [[2025, 0, 400], [2026, 4, 1250]]
    assert sections["results_effects"] == [["defect rate", "%", 2, "0.5", "0.15"]]
