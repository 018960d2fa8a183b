"""Single sign-on with a member organization's own OpenID Connect provider (members/sso.py), against a real
provider (panva's oidc-provider, started on loopback: tests/oidc_provider): discovery, sign-in and consent at the
provider, the code exchanged with PKCE, the ID token checked — and who gets in. The token checks themselves (wrong
audience, bad signature, expiry, a replayed nonce, key rotation) are tried with tokens signed here with the keys
the provider publishes (the tests made them), and with a key it does not publish."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from joserfc import jwt

from members import sso
from members.models import AuditEvent, CompanyAccount, EmailDomain, IdentityProvider, Role, User
from tests.factories import OrganizationFactory, UserFactory
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, signing_key

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"
CALLBACK = "http://testserver/accounts/sso/callback/"
FIRST_KEY = signing_key("first")


@pytest.fixture(scope="module")
def server():
    provider = Provider([CALLBACK], [FIRST_KEY])
    yield provider
    provider.stop()


@pytest.fixture
def hyundai(server):
    """Hyundai Motor's provider, vouching for hyundai.example."""
    organization = OrganizationFactory(name_en="Hyundai Motor", name_ko="현대자동차")
    provider = IdentityProvider.objects.create(
        organization=organization, issuer=server.issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET
    )
    EmailDomain.objects.create(provider=provider, domain="hyundai.example")
    return provider


@pytest.fixture
def in_english(client):
    """The test client's pages in English (the portal's default is Korean)."""
    client.cookies["django_language"] = "en"


def start(client, email: str):
    return client.post(reverse("sso_start"), {"email": email})


def sign_in_with_company(client, server, email: str, login: str | None = None, *, cancel: bool = False):
    """Type the e-mail address, sign in at the provider as ``login`` (the address itself by default), come back."""
    response = start(client, email)
    assert response.status_code == 302, response.content[:500]
    back = server.walk(response["Location"], login or email, cancel=cancel)
    assert back.startswith(CALLBACK), back
    return client.get(back.removeprefix("http://testserver"))


def kinds() -> list[str]:
    """The audit log's sign-in events, oldest first (data changes left out)."""
    events = AuditEvent.objects.exclude(kind=AuditEvent.Kind.CHANGE).order_by("pk")
    return list(events.values_list("kind", flat=True))


def refusal(response) -> str:
    return response.context["reason"]


# -- the flow with the real provider ---------------------------------------------------------------------------------


def test_engineer_signs_in_and_lands_on_the_dashboard_as_a_viewer_of_the_organization(client, server, hyundai):
    response = sign_in_with_company(client, server, "kim@hyundai.example")

    assert response.status_code == 302, response.context["reason"]
    assert response["Location"] == reverse("dashboard")
    user = User.objects.get(email="kim@hyundai.example")
    assert (user.role, user.organization, user.has_usable_password()) == (
        Role.MEMBER_VIEWER,
        hyundai.organization,
        False,
    )
    assert client.get(reverse("dashboard")).status_code == 200
    assert CompanyAccount.objects.get(user=user).provider == hyundai
    assert kinds() == [AuditEvent.Kind.SSO_CREATED, AuditEvent.Kind.SSO_SIGN_IN]


def test_the_redirect_asks_for_a_code_with_pkce_state_and_nonce(client, hyundai):
    response = start(client, "kim@hyundai.example")

    url = urlsplit(response["Location"])
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}" == hyundai.issuer
    assert query["response_type"] == ["code"] and query["code_challenge_method"] == ["S256"]
    assert query["scope"] == ["openid email profile offline_access"] and query["login_hint"] == ["kim@hyundai.example"]
    assert all(len(query[name][0]) >= 20 for name in ("state", "nonce", "code_challenge"))


def test_existing_member_is_linked_and_keeps_the_role_the_portal_gave(client, server, hyundai):
    editor = UserFactory(email="Lee@Hyundai.example", role=Role.MEMBER_EDITOR, organization=hyundai.organization)

    sign_in_with_company(client, server, "lee@hyundai.example")
    client.logout()
    sign_in_with_company(client, server, "lee@hyundai.example")

    editor.refresh_from_db()
    assert editor.role == Role.MEMBER_EDITOR
    assert CompanyAccount.objects.filter(user=editor).count() == 1
    assert User.objects.filter(organization=hyundai.organization).count() == 1
    assert kinds() == [AuditEvent.Kind.SSO_LINKED, AuditEvent.Kind.SSO_SIGN_IN, AuditEvent.Kind.SIGN_OUT,
                       AuditEvent.Kind.SSO_SIGN_IN]  # fmt: skip


def test_an_address_no_provider_vouches_for_is_told_to_use_the_password(client, in_english, hyundai):
    response = start(client, "park@lg.example")

    assert response.status_code == 200
    assert "No company sign-in is set up for lg.example" in response.content.decode()


def test_a_person_of_another_domain_is_refused_with_a_message(client, server, in_english, hyundai):
    response = sign_in_with_company(client, server, "kim@hyundai.example", login="park@lg.example")

    assert response.status_code == 403 and refusal(response) == "wrong_domain"
    assert "does not vouch for addresses at lg.example" in response.content.decode()
    assert not User.objects.filter(email="park@lg.example").exists()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.exclude(kind=AuditEvent.Kind.CHANGE).get()
    assert (event.kind, event.detail, event.subject) == (
        AuditEvent.Kind.SSO_REFUSED,
        "wrong_domain",
        f"{hyundai}: park@lg.example",
    )


def test_an_unverified_address_is_refused(client, server, hyundai):
    response = sign_in_with_company(client, server, "kim@hyundai.example", login="unverified.kim@hyundai.example")

    assert response.status_code == 403 and refusal(response) == "unverified_email"
    assert not User.objects.exists()


def test_a_member_of_another_organization_is_never_signed_in(client, server, hyundai):
    UserFactory(email="choi@hyundai.example", role=Role.MEMBER_EDITOR)  # of another organization

    response = sign_in_with_company(client, server, "choi@hyundai.example")

    assert response.status_code == 403 and refusal(response) == "other_account"
    assert not CompanyAccount.objects.exists()


def test_a_ministry_account_is_never_signed_in_by_a_provider(client, server, hyundai):
    UserFactory(email="official@hyundai.example", role=Role.MINISTRY_ADMIN)

    response = sign_in_with_company(client, server, "official@hyundai.example")

    assert response.status_code == 403 and refusal(response) == "ministry_account"
    assert "_auth_user_id" not in client.session


def test_a_ministry_user_is_still_asked_for_the_second_factor(client, hyundai):
    official = UserFactory(email="official@hyundai.example", role=Role.MINISTRY_VIEWER)

    client.post(reverse("login"), {"username": official.username, "password": PASSWORD})

    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))


def test_a_deactivated_account_is_refused(client, server, hyundai):
    UserFactory(email="gone@hyundai.example", role=Role.MEMBER_VIEWER, organization=hyundai.organization,
                is_active=False)  # fmt: skip

    response = sign_in_with_company(client, server, "gone@hyundai.example")

    assert response.status_code == 403 and refusal(response) == "inactive"


def test_cancelling_at_the_provider_shows_a_page(client, server, in_english, hyundai):
    response = sign_in_with_company(client, server, "kim@hyundai.example", cancel=True)

    assert response.status_code == 403 and refusal(response) == "cancelled"
    assert "was cancelled" in response.content.decode()
    assert kinds() == [AuditEvent.Kind.SSO_REFUSED]


def test_a_provider_that_does_not_answer_is_a_clear_page(client, in_english, hyundai):
    hyundai.issuer = "http://127.0.0.1:9"  # discard: nothing listens
    hyundai.save()

    response = start(client, "kim@hyundai.example")

    assert response.status_code == 502 and refusal(response) == "provider_unavailable"
    assert "did not answer" in response.content.decode()
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.SSO_REFUSED).detail == "provider_unavailable"


def test_a_discovery_document_naming_another_issuer_is_refused(client, hyundai):
    hyundai.issuer = hyundai.issuer.replace("127.0.0.1", "localhost")  # same server, another name
    hyundai.save()

    response = start(client, "kim@hyundai.example")

    assert response.status_code == 502 and refusal(response) == "issuer_mismatch"


def test_the_providers_answer_is_used_once(client, server, hyundai):
    response = start(client, "kim@hyundai.example")
    back = server.walk(response["Location"], "kim@hyundai.example").removeprefix("http://testserver")
    assert client.get(back).status_code == 302
    client.logout()

    replayed = client.get(back)

    assert replayed.status_code == 400 and refusal(replayed) == "untrusted_answer"


def test_a_callback_without_a_flow_is_refused(client, hyundai):
    response = client.get(reverse("sso_callback"), {"code": "x", "state": "y"})

    assert response.status_code == 400 and refusal(response) == "untrusted_answer"


def test_password_sign_in_can_be_turned_off_for_the_organization(client, in_english, hyundai):
    member = UserFactory(role=Role.MEMBER_EDITOR, organization=hyundai.organization)
    hyundai.password_sign_in = False
    hyundai.save()

    response = client.post(reverse("login"), {"username": member.username, "password": PASSWORD})

    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "signs you in with your company account" in response.content.decode()
    assert kinds() == [AuditEvent.Kind.SIGN_IN_FAILED]


def test_the_client_secret_can_come_from_the_environment(monkeypatch, hyundai):
    monkeypatch.setenv("SSO_HYUNDAI_SECRET", "from-the-environment")
    hyundai.client_secret, hyundai.client_secret_variable = "", "SSO_HYUNDAI_SECRET"

    assert sso.client_secret(hyundai) == "from-the-environment"


def test_the_client_secret_is_sealed_at_rest(hyundai):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM members_identityprovider WHERE id = %s", [hyundai.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("gAAAA") and CLIENT_SECRET not in stored


# -- the ID token's checks, with tokens signed here ------------------------------------------------------------------


def claims(issuer: str, **changes) -> dict:
    now = int(time.time())
    base = {"iss": issuer, "sub": "kim", "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": "n-1",
            "email": "kim@hyundai.example", "email_verified": True}  # fmt: skip
    return {**base, **changes}


def signed(payload: dict, key=FIRST_KEY, alg: str = "RS256") -> str:
    return jwt.encode({"alg": alg, "kid": key.kid}, payload, key)


@pytest.fixture
def client_of(hyundai):
    client = sso.client_for(hyundai)
    sso.discovered(client, hyundai)
    return client


def test_a_token_signed_with_the_providers_key_is_accepted(client_of, hyundai):
    assert sso.verified_claims(client_of, signed(claims(hyundai.issuer)), "n-1")["sub"] == "kim"


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"aud": "another-portal"}, id="wrong audience"),
        pytest.param({"aud": ["another-portal", CLIENT_ID], "azp": "another-portal"}, id="issued to another party"),
        pytest.param({"iss": "https://idp.example"}, id="another issuer"),
        pytest.param({"exp": int(time.time()) - 600}, id="expired"),
        pytest.param({"iat": int(time.time()) + 600}, id="issued in the future"),
        pytest.param({"nonce": "n-0"}, id="replayed nonce of an earlier sign-in"),
        pytest.param({"nonce": None}, id="no nonce"),
    ],
)
def test_a_token_with_wrong_claims_is_refused(client_of, hyundai, changes):
    payload = {key: value for key, value in claims(hyundai.issuer, **changes).items() if value is not None}

    with pytest.raises(sso.Refused) as refused:
        sso.verified_claims(client_of, signed(payload), "n-1")

    assert refused.value.reason == "untrusted_answer"


def test_a_token_with_a_bad_signature_is_refused(client_of, hyundai):
    impostor = signing_key(FIRST_KEY.kid)  # the provider's key id, another key

    with pytest.raises(sso.Refused):
        sso.verified_claims(client_of, signed(claims(hyundai.issuer), key=impostor), "n-1")


def test_a_token_signed_with_the_client_secret_is_refused(client_of, hyundai):
    from joserfc.jwk import OctKey

    secret = OctKey.import_key(CLIENT_SECRET.encode())
    token = jwt.encode({"alg": "HS256"}, claims(hyundai.issuer), secret)

    with pytest.raises(sso.Refused):
        sso.verified_claims(client_of, token, "n-1")


def test_a_key_the_provider_rotated_in_is_fetched_when_a_token_names_it(client, server, client_of, hyundai):
    assert sso.verified_claims(client_of, signed(claims(hyundai.issuer)), "n-1")  # the first key set, kept
    new_key = signing_key("second")
    server.rotate(new_key, FIRST_KEY)
    try:
        assert sso.verified_claims(client_of, signed(claims(hyundai.issuer), key=new_key), "n-1")["sub"] == "kim"
        assert [key["kid"] for key in client_of.server_metadata["jwks"]["keys"]] == ["second", "first"]
        assert sign_in_with_company(client, server, "kim@hyundai.example")["Location"] == reverse("dashboard")
    finally:
        server.rotate(FIRST_KEY)


# -- the administrators' form ----------------------------------------------------------------------------------------


def admin_form_data(provider, **changes) -> dict:
    data = {"organization": provider.organization_id, "issuer": provider.issuer, "client_id": provider.client_id,
            "client_secret": "", "client_secret_variable": "", "password_sign_in": "on", "is_active": "on"}  # fmt: skip
    return {**data, **changes}


def test_the_admin_form_keeps_the_stored_secret_when_none_is_typed(hyundai, settings):
    from members.admin import IdentityProviderForm

    settings.SSO_ALLOW_HTTP = True  # the test provider's loopback issuer
    form = IdentityProviderForm(admin_form_data(hyundai, client_id="renamed"), instance=hyundai)
    assert form.is_valid(), form.errors
    form.save()

    hyundai.refresh_from_db()
    assert (hyundai.client_id, hyundai.client_secret) == ("renamed", CLIENT_SECRET)
    assert 'value="' + CLIENT_SECRET not in str(IdentityProviderForm(instance=hyundai)["client_secret"])


def test_the_admin_form_needs_a_secret_or_its_variable(english):
    from members.admin import IdentityProviderForm

    organization = OrganizationFactory()
    form = IdentityProviderForm(
        {"organization": organization.pk, "issuer": "https://idp.example", "client_id": "portal", "is_active": "on"}
    )
    assert not form.is_valid()
    assert "Give the client secret or the environment variable that holds it." in str(form.errors)


def test_the_admin_form_refuses_a_plain_http_issuer_in_production_settings(english, settings):
    from members.admin import IdentityProviderForm

    settings.SSO_ALLOW_HTTP = False
    form = IdentityProviderForm(
        {"organization": OrganizationFactory().pk, "issuer": "http://idp.example", "client_id": "portal",
         "client_secret": "s", "is_active": "on"}
    )  # fmt: skip
    assert "The issuer must be an https:// address." in str(form.errors)


def test_the_sign_in_pages_let_their_forms_lead_to_the_providers(client, hyundai):
    """Browsers hold a form's redirect to the page's Content-Security-Policy ``form-action``."""
    for url in (reverse("login"), reverse("sso_start")):
        policy = client.get(url)["Content-Security-Policy"]
        assert f"form-action 'self' {hyundai.issuer}" in policy, url


def test_the_audit_log_shows_company_sign_ins_to_the_ministry(client, server, hyundai):
    sign_in_with_company(client, server, "kim@hyundai.example")
    client.logout()
    client.force_login(UserFactory(role=Role.MINISTRY_VIEWER))

    page = client.get(reverse("audit_log"), {"kind": AuditEvent.Kind.SSO_CREATED}).content.decode()

    assert "회사 계정으로 사용자 생성" in page and "kim@hyundai.example" in page


# -- people who left the company -------------------------------------------------------------------------------------


def test_a_person_gone_from_the_companys_sign_in_is_deactivated_at_night_with_their_tokens(
    client, server, hyundai, django_capture_on_commit_callbacks
):
    from members.models import ApiToken
    from members.tasks import deactivate_people_who_left
    from members.tokens import issue_token

    sign_in_with_company(client, server, "leaver@hyundai.example")
    client.logout()
    sign_in_with_company(client, server, "stayer@hyundai.example")
    leaver = User.objects.get(email="leaver@hyundai.example")
    issue_token(leaver, name="script", scopes=["read"])
    assert CompanyAccount.objects.exclude(refresh_token="").count() == 2

    server.deactivate("leaver@hyundai.example")
    with django_capture_on_commit_callbacks(execute=True):
        assert deactivate_people_who_left() == 1

    assert not User.objects.get(email="leaver@hyundai.example").is_active
    assert User.objects.get(email="stayer@hyundai.example").is_active
    assert ApiToken.objects.get(user=leaver).revoked_at is not None
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SSO_DEACTIVATED)
    assert (event.username, event.subject) == (leaver.username, str(hyundai))


def test_a_provider_that_does_not_answer_deactivates_nobody(client, server, hyundai):
    from members.tasks import deactivate_people_who_left

    sign_in_with_company(client, server, "kim@hyundai.example")
    hyundai.issuer = "http://127.0.0.1:9"
    hyundai.save()

    assert deactivate_people_who_left() == 0
    assert User.objects.get(email="kim@hyundai.example").is_active


def test_the_nightly_check_is_scheduled():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    migration = importlib.import_module("members.migrations.0007_single_sign_on")
    migration.schedule_check(apps, None)  # as migrating does (a test before may have emptied the table)
    schedule = PeriodicTask.objects.get(task="members.deactivate_people_who_left")
    assert (schedule.crontab.hour, schedule.crontab.minute, str(schedule.crontab.timezone)) == ("4", "0", "Asia/Seoul")
