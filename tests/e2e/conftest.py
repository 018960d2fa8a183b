import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright

from members.models import MINISTRY_ROLES, User
from tests.conftest import DEMO_NOON

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = settings.DATA_DIR / "screenshots"


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def clock_on_demo_day(on_demo_day):
    """Every browser test runs on the demo's day: this process (the tests and the live server's thread) from noon of
    ``DEMO_DAY`` on (the clock running), the browser's clock too (``on_demo_day_in_the_browser``)."""
    yield


def on_demo_day_in_the_browser(context) -> None:
    """The browser's clock (``Date``, timers) from noon of ``DEMO_DAY`` on, running, like the server's."""
    context.clock.install(time=DEMO_NOON)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ko-KR", accept_downloads=True, viewport={"width": 1280, "height": 900})
    on_demo_day_in_the_browser(context)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot as a test artefact (var/screenshots/NAME.png) to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> None:
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take


@pytest.fixture
def sign_in(page, live_server):
    """Sign in through the form; ministry staff must then be asked for the code of an authenticator enrolled for
    them (a new one each time, so a code is never reused within its 30 seconds), and it must be accepted."""

    def go(username: str, password: str = "alliance-demo-2026") -> None:
        user = User.objects.filter(username=username).first()
        device = None
        if user is not None and user.role in MINISTRY_ROLES:  # by role, not by the rule under test
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        if device is not None:  # the second factor is asked for, or the browser tests fail
            assert "/accounts/two-factor/verify/" in page.url, f"no second factor asked of {username}: {page.url}"
            page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
            page.click("main button[type=submit]")
            page.wait_for_load_state()
            assert "/accounts/two-factor/" not in page.url, f"the code was refused for {username}"

    return go
