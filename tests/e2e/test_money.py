"""Money in a real browser: a member editor reports the fourth quarter of the year for their organization and
submits it; a ministry administrator accepts it, and the project's execution rate and the dashboard's money panel
change."""

import re

import pytest
from playwright.sync_api import expect

from money.models import Execution
from tests.demo_copy import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_reports_a_quarter_and_the_ministry_accepts_it(page, sign_in, live_server, screenshot):
    load_demo()
    url = f"{live_server.url}/projects/MOB-01/money/?year=2026"
    sign_in("ministry")
    page.goto(live_server.url + "/")
    dashboard_before = page.locator("#money-rate").inner_text()
    page.context.clear_cookies()
    sign_in("member")
    page.goto(url)
    before = page.locator(".card-body", has_text="집행률").locator(".fs-5").inner_text()
    q3 = Execution.objects.get(project__code="MOB-01", fiscal_year=2026, quarter=3,
                               organization__slug="hyundai-motor")  # fmt: skip
    form = page.locator("#report form")
    form.locator("select[name=quarter]").select_option("4")
    form.locator("input[name=government_received_krw]").fill(str(q3.government_received_krw + 50_000_000))
    form.locator("input[name=private_cash_krw]").fill(str(q3.private_cash_krw))
    form.locator("input[name=private_in_kind_krw]").fill(str(q3.private_in_kind_krw))
    spent = {line.category.code: line.spent_krw for line in q3.lines.all()}
    for code, amount in spent.items():
        form.locator(f"input[name=spent_{code}]").fill(str(amount + (100_000_000 if code == "personnel" else 0)))
    form.get_by_role("button", name="임시 저장").click()
    expect(page.locator(".alert-success")).to_contain_text("4분기를 임시 저장했습니다")
    row = page.locator("table tr", has_text="Q4")
    row.get_by_role("button", name="제출").click()
    expect(page.locator(".alert-success")).to_contain_text("4분기를 검토 요청했습니다")
    screenshot("money-reported-ko")

    page.context.clear_cookies()
    sign_in("ministry")
    page.goto(url)
    page.locator("table tr", has_text="Q4").get_by_role("button", name="승인").click()
    expect(page.locator(".alert-success")).to_contain_text("4분기를 검토했습니다")
    after = page.locator(".card-body", has_text="집행률").locator(".fs-5").inner_text()
    assert re.fullmatch(r"\d+\.\d%", after) and after != before
    screenshot("money-accepted-ko")
    page.goto(live_server.url + "/")
    dashboard_after = page.locator("#money-rate").inner_text()
    assert re.fullmatch(r"\d+\.\d%", dashboard_after) and dashboard_after != dashboard_before
    screenshot("money-dashboard-ko")
