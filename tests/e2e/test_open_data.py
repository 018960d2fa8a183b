"""The public open-data pages in a real browser, signed out: the portfolio in Korean, then English, a project with
its indicators; a ministry administrator publishes a correction and the public changelog shows it."""

import pytest
from playwright.sync_api import expect

from opendata.models import Publication
from tests.demo_copy import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_public_browses_open_data_and_the_ministry_publishes_a_correction(page, sign_in, live_server, screenshot):
    load_demo()
    publication = Publication.objects.get()
    first = publication.projects.first()

    set_cookies = []
    page.on("response", lambda r: "/open/" in r.url and "set-cookie" in r.headers and set_cookies.append(r.url))
    page.goto(f"{live_server.url}/open/")
    expect(page.locator("h1")).to_have_text(f"{publication.key} 포트폴리오 (버전 1)")
    expect(page.locator("canvas[data-chart=counts]")).to_be_visible()
    screenshot("open-data-portfolio-ko")

    page.get_by_role("link", name="English").click()
    expect(page.locator("h1")).to_have_text(f"Portfolio, {publication.key} (version 1)")
    page.get_by_role("link", name=first.code, exact=True).click()
    expect(page.locator("h1")).to_contain_text(first.record["project"]["title_en"])
    expect(page.locator("main")).to_contain_text("Participating organizations")
    screenshot("open-data-project-en")
    page.get_by_role("link", name="Portfolio", exact=True).first.click()
    expect(page.locator("main")).to_contain_text("datapackage.json")
    assert set_cookies == []  # no public page sets a cookie

    sign_in("ministry")
    page.goto(f"{live_server.url}/publications/")
    page.fill("input[name=period]", publication.key)
    page.fill("textarea[name=note]", "MOB-03 진척도 정정")
    page.get_by_role("button", name="공개", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("버전 2")
    screenshot("open-data-publications-ko")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/open/changes/")
    expect(page.locator("main table")).to_contain_text("MOB-03 진척도 정정")
    expect(page.locator("main table")).to_contain_text("v2")
