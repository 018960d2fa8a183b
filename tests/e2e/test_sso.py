"""Single sign-on in a real browser: a Hyundai Motor engineer signs in at the company's own OpenID Connect provider
(the real oidc-provider on loopback, tests/oidc_provider) and lands on the dashboard as a viewer of Hyundai Motor;
a person of another domain is refused with a message; a ministry user is still asked for the second factor."""

import pytest
from playwright.sync_api import expect

from members.models import EmailDomain, IdentityProvider, Organization, Role, User
from tests.demo_copy import load_demo
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, signing_key

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def clock_on_demo_day():
    """The real clock here, not the demo's day: the provider signs its tokens at the time it is, and a token
    issued "in the future" of a frozen clock is rightly refused."""
    yield


@pytest.fixture(scope="module")
def server(live_server):
    provider = Provider([f"{live_server.url}/accounts/sso/callback/"], [signing_key("browser")])
    yield provider
    provider.stop()


@pytest.fixture
def hyundai(server):
    load_demo()
    organization = Organization.objects.get(slug="hyundai-motor")
    provider = IdentityProvider.objects.create(
        organization=organization, issuer=server.issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET
    )
    EmailDomain.objects.create(provider=provider, domain="hyundai.example")
    return provider


def sign_in_at_company(page, live_server, email: str, login: str) -> None:
    """From the portal's sign-in page to the provider's pages (its development sign-in and consent forms)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=email]", email)
    page.click("text=회사 로그인 페이지로 이동")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "any")
    page.click("button[type=submit]")
    page.click("button[type=submit]")  # consent: "Continue"
    page.wait_for_load_state()


def test_engineer_signs_in_with_the_company_account_and_lands_on_the_dashboard(page, live_server, hyundai, screenshot):
    sign_in_at_company(page, live_server, "engineer@hyundai.example", "engineer@hyundai.example")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_have_text("얼라이언스 과제 현황")
    screenshot("sso-dashboard-ko")
    user = User.objects.get(email="engineer@hyundai.example")
    assert (user.role, user.organization) == (Role.MEMBER_VIEWER, hyundai.organization)


def test_a_person_of_another_domain_is_refused_with_a_message(page, live_server, hyundai, screenshot):
    sign_in_at_company(page, live_server, "engineer@hyundai.example", "engineer@lg.example")

    expect(page.locator("main [role=alert]")).to_contain_text("lg.example 주소를 보증하지 않습니다")
    screenshot("sso-refused-ko")
    assert not User.objects.filter(email="engineer@lg.example").exists()


def test_an_address_without_a_company_sign_in_is_told_so(page, live_server, hyundai):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=email]", "someone@example.org")
    page.click("text=회사 로그인 페이지로 이동")

    expect(page.locator("main .invalid-feedback")).to_contain_text("example.org에는 회사 계정 로그인이 설정되어")


def test_a_ministry_user_is_still_asked_for_the_second_factor(page, sign_in, hyundai):
    User.objects.filter(username="ministry").update(email="official@hyundai.example")

    sign_in("ministry")  # asserts the second factor is asked for, and passes it

    expect(page.locator("h1")).to_have_text("얼라이언스 과제 현황")
