"""Single sign-on: a member organization's people sign in with their company account at the organization's own
OpenID Connect provider (``IdentityProvider``).

The protocol is Authlib's (its Django client): the authorization code flow with PKCE (S256), ``state`` and
``nonce`` kept in the session and used once, the provider's discovery document, the token request. The ID token is
checked here (``verified_claims``): its signature with the provider's published keys (fetched again once when the
token names a key not yet seen: key rotation), only asymmetric algorithms, and its claims — issuer, audience (this
portal's client id, and nobody else's), expiry, issue time, nonce, authorized party.

Who gets in is decided here too (``admit``): a verified e-mail address in one of the provider's domains; the person
is the user already linked to that account at the provider, else the one user with that address, who must belong to
the provider's organization and hold a member role, else a new ``member_viewer`` of that organization. Roles never
come from the provider's claims, a provider never signs anyone into another organization or into a ministry
account, and every refusal is recorded in the audit log and shown as a page that says why."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.contrib.auth import login
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry
from requests import RequestException

from members import audit
from members.models import MEMBER_ROLES, AuditKind, CompanyAccount, IdentityProvider, Role, User

SCOPE = "openid email profile"
# Only asymmetric signatures: a symmetric one would be made with the client secret, which the portal holds too.
SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]
LEEWAY_SECONDS = 60  # clocks of the provider and the portal may differ this much


class Refused(Exception):
    """Sign-in with the company account refused; ``reason`` is a short code for the audit log, the message is the
    page's in the user's language; ``status`` is the page's HTTP status."""

    def __init__(self, reason: str, message, status: int = 403):
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.status = status


def unavailable() -> Refused:
    return Refused(
        "provider_unavailable",
        _("Your company's sign-in service did not answer. Try again in a few minutes."),
        status=502,
    )


def untrusted() -> Refused:
    return Refused(
        "untrusted_answer",
        _("The answer of your company's sign-in service could not be verified, so you were not signed in. Start "
          "again from the sign-in page."),
        status=400,
    )  # fmt: skip


# -- which provider --------------------------------------------------------------------------------------------------


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def provider_for(email: str) -> IdentityProvider | None:
    """The active provider vouching for the address's domain, if any."""
    return (
        IdentityProvider.objects.filter(is_active=True, domains__domain=email_domain(email))
        .select_related("organization")
        .first()
    )


def sign_in_origins() -> list[str]:
    """The origins of the active providers' issuers, where the company sign-in form leads: browsers hold a form's
    redirects to the Content-Security-Policy's ``form-action`` of the page it is on."""
    origins = set()
    for issuer in IdentityProvider.objects.filter(is_active=True).values_list("issuer", flat=True):
        url = urlsplit(issuer)
        origins.add(f"{url.scheme}://{url.netloc}")
    return sorted(origins)


def password_sign_in_refused(user: User) -> bool:
    """Whether the user's organization lets its people sign in only with their company account."""
    return (
        bool(user.organization_id)
        and IdentityProvider.objects.filter(
            organization_id=user.organization_id, is_active=True, password_sign_in=False
        ).exists()
    )


def client_secret(provider: IdentityProvider) -> str:
    return provider.client_secret or os.environ.get(provider.client_secret_variable, "")


# -- the protocol (Authlib) ------------------------------------------------------------------------------------------


class CompanyClient(DjangoOAuth2App):
    """Authlib's client for one provider, with the ID token checked by ``verified_claims``."""

    def parse_id_token(self, token, nonce, claims_options=None, claims_cls=None, leeway=LEEWAY_SECONDS):
        if "id_token" not in token:
            raise untrusted()
        return verified_claims(self, token["id_token"], nonce, access_token=token.get("access_token"))


CLIENT_NAME = "provider-{pk}"  # Authlib keeps a flow's state in the session under _state_<name>_<state>
FLOW_KEY = re.compile(r"_state_provider-(?P<pk>[0-9]+)_(?P<state>.+)")
_clients: dict[int, tuple[object, CompanyClient]] = {}  # per process: the discovery document and keys it cached


def client_for(provider: IdentityProvider) -> CompanyClient:
    """The provider's client, kept while the provider is unchanged (so its discovery document and keys are fetched
    once, and again when a token is signed with a key not yet seen)."""
    kept = _clients.get(provider.pk)
    if kept is not None and kept[0] == provider.updated_at:
        return kept[1]
    name = CLIENT_NAME.format(pk=provider.pk)
    client = CompanyClient(
        DjangoIntegration(name),
        name=name,
        client_id=provider.client_id,
        client_secret=client_secret(provider),
        server_metadata_url=provider.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "default_timeout": settings.SSO_TIMEOUT_SECONDS,
        },
    )
    _clients[provider.pk] = (provider.updated_at, client)
    return client


def discovered(client: CompanyClient, provider: IdentityProvider) -> dict:
    """The provider's discovery document, which must name the configured issuer (OpenID Connect Discovery 4.3)."""
    try:
        metadata = client.load_server_metadata()
    except (RequestException, ValueError):
        client.server_metadata.clear()
        raise unavailable() from None
    if metadata.get("issuer") != provider.issuer:
        client.server_metadata.clear()
        raise Refused(
            "issuer_mismatch",
            _("Your company's sign-in service is not set up as the portal expects. Tell the ministry's "
              "administrators."),
            status=502,
        )  # fmt: skip
    return metadata


def provider_of_flow(request) -> IdentityProvider | None:
    """The active provider of the flow this session started with the callback's ``state``, if any."""
    state = request.GET.get("state", "")
    for key in list(request.session.keys()):
        flow = FLOW_KEY.fullmatch(key)
        if state and flow and flow["state"] == state:
            return IdentityProvider.objects.select_related("organization").filter(pk=flow["pk"], is_active=True).first()
    return None


def authorization_redirect(request, provider: IdentityProvider, redirect_uri: str, email: str):
    """The redirect to the provider's sign-in page; state, nonce and the PKCE verifier stay in the session."""
    client = client_for(provider)
    metadata = discovered(client, provider)
    scope = SCOPE
    if "offline_access" in metadata.get("scopes_supported", []):  # a refresh token for the nightly check
        scope += " offline_access"
    return client.authorize_redirect(request, redirect_uri, login_hint=email, scope=scope)


def verified_claims(client: CompanyClient, id_token: str, nonce: str | None, access_token: str | None = None) -> dict:
    """The ID token's claims once its signature and claims hold; ``Refused`` otherwise."""
    metadata = client.load_server_metadata()
    registry = JWSRegistry(algorithms=SIGNING_ALGORITHMS)
    try:
        try:
            token = jwt.decode(id_token, KeySet.import_key_set(client.fetch_jwk_set()), registry=registry)
        except JoseError:  # perhaps signed with a key published since: fetch the keys once more
            token = jwt.decode(id_token, KeySet.import_key_set(client.fetch_jwk_set(force=True)), registry=registry)
    except RequestException:
        raise unavailable() from None
    except (JoseError, ValueError, TypeError):
        raise untrusted() from None
    options = {
        "iss": {"essential": True, "value": metadata["issuer"]},
        "aud": {"essential": True, "value": client.client_id},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
    }
    params = {"nonce": nonce, "client_id": client.client_id}
    if access_token:
        params["access_token"] = access_token
    claims = CodeIDToken(token.claims, token.header, options, params)
    try:
        if not nonce or "nonce" not in claims:
            raise ValueError("a nonce is required")
        claims.validate(leeway=LEEWAY_SECONDS)
    except (JoseError, ValueError, TypeError):
        raise untrusted() from None
    return dict(claims)


def finish(request, provider: IdentityProvider) -> tuple[dict, str]:
    """The token request for the code the provider sent back: the ID token's verified claims and the refresh token
    (``""`` when the provider gave none)."""
    client = client_for(provider)
    discovered(client, provider)
    try:
        token = client.authorize_access_token(request)
    except OAuthError as error:
        if error.error == "access_denied":
            raise Refused("cancelled", _("Signing in with your company account was cancelled.")) from None
        raise untrusted() from None
    except RequestException:
        raise unavailable() from None
    if "userinfo" not in token:
        raise untrusted()
    claims = dict(token["userinfo"])
    if "email" not in claims:  # many providers give the scopes' claims only at the userinfo endpoint
        try:
            extra = client.userinfo(token=token)
        except (RequestException, ValueError):
            raise unavailable() from None
        if extra.get("sub") != claims["sub"]:  # OpenID Connect Core 5.3.2
            raise untrusted()
        claims = {**extra, **claims}
    return claims, token.get("refresh_token") or ""


# -- who gets in -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Admission:
    user: User
    linked: bool = False
    created: bool = False


def _verified_email(claims: dict) -> str:
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or len(email) > 254:
        raise Refused("no_email", _("Your company account did not give the portal an e-mail address."))
    if claims.get("email_verified") not in (True, "true"):
        raise Refused("unverified_email", _("Your company has not verified the e-mail address of your account."))
    return email.strip()


def _wrong_account() -> Refused:
    return Refused(
        "other_account",
        _("The portal account with your e-mail address cannot sign in with your company account. Sign in with "
          "your password, or ask the ministry's administrators."),
    )  # fmt: skip


def _may_use(user: User, provider: IdentityProvider) -> None:
    """A provider signs people only into active member accounts of its own organization."""
    if user.role in (Role.MINISTRY_ADMIN, Role.MINISTRY_VIEWER):
        raise Refused(
            "ministry_account",
            _("Ministry accounts sign in with their password and second factor, not with a company account."),
        )
    if user.role not in MEMBER_ROLES or user.organization_id != provider.organization_id:
        raise _wrong_account()
    if not user.is_active:
        raise Refused("inactive", _("Your portal account is deactivated. Ask the ministry's administrators."))


def _new_username(email: str) -> str:
    base = email.lower()[:140]
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


@transaction.atomic
def admit(provider: IdentityProvider, claims: dict) -> Admission:
    """The portal user the provider's verified claims stand for (linked or created as needed), or ``Refused``."""
    email = _verified_email(claims)
    if not provider.domains.filter(domain=email_domain(email)).exists():
        raise Refused(
            "wrong_domain",
            _("Your company's sign-in service does not vouch for addresses at %(domain)s.")
            % {"domain": email_domain(email)},
        )
    subject = str(claims["sub"])
    account = CompanyAccount.objects.select_related("user").filter(provider=provider, subject=subject).first()
    if account is not None:
        _may_use(account.user, provider)
        account.last_sign_in = timezone.now()
        account.save(update_fields=["last_sign_in", "updated_at"])
        return Admission(account.user)
    same_address = list(User.objects.filter(email__iexact=email)[:2])
    if len(same_address) > 1:
        raise Refused(
            "several_accounts",
            _("More than one portal account has your e-mail address. Ask the ministry's administrators."),
        )
    if same_address:
        user, created = same_address[0], False
        _may_use(user, provider)
    else:
        user, created = _created_viewer(provider, email, claims), True
    try:
        CompanyAccount.objects.create(provider=provider, subject=subject, user=user, last_sign_in=timezone.now())
    except IntegrityError:  # the user is linked to another account at this provider already
        raise _wrong_account() from None
    return Admission(user, linked=not created, created=created)


def _created_viewer(provider: IdentityProvider, email: str, claims: dict) -> User:
    name = claims.get("name") if isinstance(claims.get("name"), str) else ""
    user = User(
        username=_new_username(email),
        email=email,
        first_name=name[:150],
        role=Role.MEMBER_VIEWER,  # never from the claims: more is granted in the portal
        organization=provider.organization,
    )
    user.set_unusable_password()
    user.save()
    return user


def sign_in(request, provider: IdentityProvider, claims: dict, refresh_token: str) -> User:
    """Admits the person and signs them in, recording each step; ``Refused`` (recorded too) otherwise."""
    try:
        admission = admit(provider, claims)
    except Refused as refusal:
        refused(request, provider, refusal, claims.get("email"))
        raise
    user = admission.user
    subject = str(provider)
    if refresh_token:
        CompanyAccount.objects.filter(provider=provider, user=user).update(refresh_token=refresh_token)
    if admission.created:
        audit.record(AuditKind.SSO_CREATED, request, user=user, subject=subject)
    elif admission.linked:
        audit.record(AuditKind.SSO_LINKED, request, user=user, subject=subject)
    user.sign_in_kind, user.sign_in_subject = AuditKind.SSO_SIGN_IN, subject  # read by members.audit
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return user


def refused(request, provider: IdentityProvider | None, refusal: Refused, email=None) -> None:
    email = email if isinstance(email, str) else ""
    audit.record(
        AuditKind.SSO_REFUSED,
        request,
        username=audit.named_account(email),
        subject=f"{provider}: {email}" if provider else email,
        detail=refusal.reason,
    )


# -- people who left the company -------------------------------------------------------------------------------------


def still_at_company(account: CompanyAccount) -> bool | None:
    """Whether the provider still lets the person in, asked with the refresh token it gave at their last sign-in:
    ``False`` when it refuses the token (``invalid_grant``: the account is gone or disabled), ``None`` when it could
    not say (down, misconfigured). A new refresh token it hands out replaces the old one."""
    client = client_for(account.provider)
    try:
        metadata = discovered(client, account.provider)
        with client._get_oauth_client(**metadata) as session:
            token = session.refresh_token(metadata["token_endpoint"], refresh_token=account.refresh_token)
    except OAuthError as error:
        return False if error.error == "invalid_grant" else None
    except (Refused, RequestException, ValueError, KeyError):
        return None
    if token.get("refresh_token"):
        CompanyAccount.objects.filter(pk=account.pk).update(refresh_token=token["refresh_token"])
    return True


def deactivate_people_who_left() -> int:
    """Deactivates the active users whose company account their provider no longer accepts (their API tokens and
    webhook endpoints follow, as for any deactivation: members/recovery.py); the number deactivated."""
    with_token = ~Q(refresh_token="")  # nosec B106: "none kept"
    accounts = CompanyAccount.objects.filter(with_token, user__is_active=True, provider__is_active=True)
    gone = 0
    for account in accounts.select_related("user", "provider__organization").order_by("pk"):
        if still_at_company(account) is False:
            with transaction.atomic():
                account.user.is_active = False
                account.user.save(update_fields=["is_active", "updated_at"])
                audit.record(AuditKind.SSO_DEACTIVATED, user=account.user, subject=str(account.provider))
            gone += 1
    return gone
