"""Reporting in bulk in a real browser: a member editor downloads the project's template, fills in this month's
indicator value and moves a milestone, uploads it with one bad row (refused, nothing written), fixes the row, applies
the import and sees the figures move on the project's page."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from imports.sheets import INDICATOR_VALUES, MILESTONES
from members.models import User
from projects.models import IndicatorValue, Milestone, Project
from tests import DEMO_DAY
from tests.demo_copy import load_demo
from tests.imports.helpers import fill, rows_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_reports_a_month_from_the_template(page, sign_in, live_server, screenshot, tmp_path):
    load_demo()
    member = User.objects.get(username="member")
    project = (
        Project.objects.filter(lead_organization=member.organization, phase="in_progress").order_by("code").first()
    )
    indicator = project.indicators.order_by("pk").first()
    milestone = project.milestones.filter(status__in=Milestone.OPEN_STATUSES).order_by("order").first()
    month = DEMO_DAY.replace(day=1)
    assert not IndicatorValue.objects.filter(indicator=indicator, period=month).exists()  # the demo leaves it to do
    later = milestone.forecast_date + datetime.timedelta(days=30)

    sign_in("member")
    page.goto(f"{live_server.url}/projects/{project.code}/")
    page.get_by_role("link", name="스프레드시트에서 가져오기").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="서식 내려받기(XLSX)").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    offered = rows_of(book, INDICATOR_VALUES, indicator.pk)[-1]
    assert book[INDICATOR_VALUES.title].cell(offered, 5).value == f"{month:%Y-%m}"
    fill(book, INDICATOR_VALUES, offered, value=42.5, note="11월 실적")
    (milestone_row,) = rows_of(book, MILESTONES, milestone.pk)
    fill(book, MILESTONES, milestone_row, forecast=later)  # past the baseline without a reason: refused
    filled = tmp_path / "filled.xlsx"
    book.save(filled)

    page.locator("input[type=file]").set_input_files(str(filled))
    page.get_by_role("button", name="파일 검사").click()
    expect(page.locator(".alert-danger")).to_contain_text("예상일이 기준일 이후로 바뀌는 사유를 적어 주세요.")
    expect(page.get_by_role("button", name="적용")).to_have_count(0)
    screenshot("import-refused-ko")
    assert not IndicatorValue.objects.filter(indicator=indicator, period=month).exists()

    fill(book, MILESTONES, milestone_row, reason="부품 공급 지연")
    book.save(filled)
    page.get_by_role("link", name="다른 파일 올리기").click()
    page.locator("input[type=file]").set_input_files(str(filled))
    page.get_by_role("button", name="파일 검사").click()
    expect(page.locator("#import-summary")).to_contain_text("만들 행 1개")
    screenshot("import-preview-ko")
    page.get_by_role("button", name="적용").click()

    expect(page.locator(".alert-success")).to_contain_text("2개 행을 저장했습니다")
    expect(page.locator("#milestones")).to_contain_text(later.isoformat())
    assert IndicatorValue.objects.get(indicator=indicator, period=month).actual_value == Decimal("42.5")
    assert Milestone.objects.get(pk=milestone.pk).forecast_date == later
