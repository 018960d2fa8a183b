"""Sign-in in a real browser: Debian's Chromium driven by Playwright against the live server."""

import pytest
from playwright.sync_api import expect, sync_playwright

from members.models import Role
from tests.factories import ProjectFactory, UserFactory

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ko-KR")
    yield context.new_page()
    context.close()


def sign_in(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_member_signs_in_and_sees_the_portfolio(page, live_server):
    UserFactory(username="kim", role=Role.MEMBER_EDITOR)
    ProjectFactory(code="MOB-01", title_ko="자율주행 물류 셔틀", title_en="Autonomous logistics shuttle")
    sign_in(page, live_server, "kim")
    expect(page.locator("h1")).to_have_text("얼라이언스 과제 현황")  # Korean by default
    expect(page.locator("table.grid")).to_contain_text("자율주행 물류 셔틀")


@pytest.mark.django_db(transaction=True)
def test_language_switch_shows_the_portfolio_in_english(page, live_server):
    UserFactory(username="kim", role=Role.MEMBER_EDITOR)
    ProjectFactory(code="MOB-01", title_ko="자율주행 물류 셔틀", title_en="Autonomous logistics shuttle")
    sign_in(page, live_server, "kim")
    page.click("button[name=language][value=en]")
    expect(page.locator("h1")).to_have_text("Alliance portfolio")
    expect(page.locator("table.grid")).to_contain_text("Autonomous logistics shuttle")


@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_an_error_and_stays_on_sign_in(page, live_server):
    UserFactory(username="kim", role=Role.MEMBER_EDITOR)
    sign_in(page, live_server, "kim", "not-the-password")
    expect(page.locator(".errors")).to_be_visible()
    assert "/accounts/login/" in page.url
