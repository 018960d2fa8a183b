from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.i18n import localized
from core.sealing import SealedCharField
from core.search import search_index
from core.versions import TimeStamped
from members.validators import validate_business_registration_number


class OrganizationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    UNIVERSITY = "university", _("University")
    ASSOCIATION = "association", _("Association")
    PUBLIC_AGENCY = "public_agency", _("Public agency")


class OrganizationSize(models.TextChoices):
    LARGE = "large", _("Large enterprise")
    MID_SIZED = "mid_sized", _("Mid-sized enterprise")
    SME = "sme", _("SME")
    STARTUP = "startup", _("Startup")


class Sector(models.TextChoices):
    AUTOMOTIVE = "automotive", _("Automotive")
    ELECTRONICS = "electronics", _("Electronics")
    STEEL = "steel", _("Steel and metals")
    BATTERY = "battery", _("Batteries")
    SHIPBUILDING = "shipbuilding", _("Shipbuilding")
    MACHINERY = "machinery", _("Machinery")
    CHEMICALS = "chemicals", _("Chemicals")
    ENERGY = "energy", _("Energy")
    ENVIRONMENT = "environment", _("Environment and recycling")
    ICT = "ict", _("ICT and software")
    RESEARCH = "research", _("Research and education")
    PUBLIC = "public", _("Public sector")


class Tier(models.TextChoices):
    FOUNDING = "founding", _("Founding member")
    MEMBER = "member", _("Member")
    DX_ALLIANCE = "dx_alliance", _("Digital-transformation alliance member")
    PARTNER = "partner", _("Partner")


ORGANIZATION_SEARCH = ("name_ko", "name_en")  # what the search box reads (core.search)


class Organization(TimeStamped):
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    business_registration_number = models.CharField(
        _("business registration number"),
        max_length=10,
        blank=True,
        validators=[validate_business_registration_number],
        help_text=_("10 digits without hyphens, e.g. 1018100340."),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=OrganizationKind.choices)
    size = models.CharField(_("size"), max_length=16, choices=OrganizationSize.choices, blank=True)
    sector = models.CharField(_("industry sector"), max_length=16, choices=Sector.choices)
    tier = models.CharField(_("alliance tier"), max_length=16, choices=Tier.choices, db_index=True)
    joined_on = models.DateField(_("joined"))
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("A fictional organisation created by seed_demo."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_ko"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [search_index(ORGANIZATION_SEARCH, "organization_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["business_registration_number"],
                condition=~Q(business_registration_number=""),
                name="organization_brn_unique",
                violation_error_message=_("An organization with this business registration number exists."),
            ),
            models.CheckConstraint(
                condition=Q(business_registration_number="") | Q(business_registration_number__regex=r"^[0-9]{10}$"),
                name="organization_brn_ten_digits",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values),
                name="organization_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(size__in=[*OrganizationSize.values, ""]),
                name="organization_size_valid",
            ),
            models.CheckConstraint(condition=Q(sector__in=Sector.values), name="organization_sector_valid"),
            models.CheckConstraint(condition=Q(tier__in=Tier.values), name="organization_tier_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Role(models.TextChoices):
    MINISTRY_ADMIN = "ministry_admin", _("Ministry administrator")
    MINISTRY_VIEWER = "ministry_viewer", _("Ministry viewer")
    MEMBER_EDITOR = "member_editor", _("Member editor")
    MEMBER_VIEWER = "member_viewer", _("Member viewer")
    PARTNER = "partner", _("Partner")


MINISTRY_ROLES = (Role.MINISTRY_ADMIN, Role.MINISTRY_VIEWER)
MEMBER_ROLES = (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER)


class User(AbstractUser):
    """A person or API client. The role, not Django's staff/superuser flags, decides what they may do."""

    class Language(models.TextChoices):
        KOREAN = "ko", _("Korean")
        ENGLISH = "en", _("English")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=Language.KOREAN,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()
    REQUIRED_FIELDS = ["email", "role"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.CheckConstraint(
                condition=Q(role__in=MINISTRY_ROLES, organization__isnull=True)
                | Q(role__in=MEMBER_ROLES, organization__isnull=False)
                | Q(role=Role.PARTNER),
                name="user_role_matches_organization",
                violation_error_message=_("Member roles require an organization; ministry roles must not have one."),
            ),
        ]

    @property
    def is_ministry_admin(self) -> bool:
        return self.is_active and self.role == Role.MINISTRY_ADMIN

    def has_perm(self, perm, obj=None) -> bool:
        # Ministry administrators manage everything in the admin; nobody else uses Django's model permissions.
        return self.is_ministry_admin

    def has_module_perms(self, app_label) -> bool:
        return self.is_ministry_admin


class ApiToken(TimeStamped):
    """A named, scoped, expiring bearer token. Only its SHA-256 is stored; the token is shown once at creation."""

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Write")
        WEBHOOKS = "webhooks", _("Manage webhooks")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, help_text=_("The token's first characters, to recognise it."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.CharField(
        _("scopes"), max_length=20, default="read", help_text=_("Comma-separated: read, write, webhooks.")
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(scopes__in=["read", "read,write", "read,webhooks", "read,write,webhooks"]),
                name="apitoken_scopes_valid",
            ),
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="apitoken_expires_later"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split(",")


class AuditKind(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGN_OUT = "sign_out", _("Signed out")
    LOCKED_OUT = "locked_out", _("Locked out")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("Second factor failed")
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Authenticator enrolled")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    ACCESS_DENIED = "access_denied", _("Access denied")
    CHANGE = "change", _("Data changed")
    WEBHOOK_SENT = "webhook_sent", _("Webhook events sent on request")
    SSO_SIGN_IN = "sso_sign_in", _("Signed in with a company account")
    SSO_LINKED = "sso_linked", _("Company account linked")
    SSO_CREATED = "sso_created", _("User created from a company account")
    SSO_REFUSED = "sso_refused", _("Company sign-in refused")
    SSO_DEACTIVATED = "sso_deactivated", _("Deactivated: gone from the company's sign-in")


class AuditEvent(models.Model):
    """One line of the audit log: a sign-in, a refusal, a token issued or revoked, or a change to tracked data
    (whose before/after stays in that model's history). Written by ``members.audit``; never edited."""

    Kind = AuditKind

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=24, choices=Kind.choices)
    user = models.ForeignKey(
        User, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["kind", "-at"], name="audit_kind_at"),
            models.Index(fields=["username", "-at"], name="audit_username_at"),
        ]
        constraints = [models.CheckConstraint(condition=Q(kind__in=AuditKind.values), name="audit_event_kind_valid")]

    # What a data change did, as recorded (members/audit.py) and as shown in the reader's language.
    DATA_CHANGES = {
        "created": pgettext_lazy("data change", "created"),
        "changed": pgettext_lazy("data change", "changed"),
        "deleted": pgettext_lazy("data change", "deleted"),
    }

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"

    def get_detail_display(self) -> str:
        return self.DATA_CHANGES.get(self.detail, self.detail)


class IdentityProvider(TimeStamped):
    """A member organization's own OpenID Connect provider (members/sso.py): its people sign in to the portal with
    their company account. It vouches only for the e-mail domains listed for it, and only into its organization."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="identity_providers"
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        unique=True,
        help_text=_("The provider's issuer URL; its discovery document is at /.well-known/openid-configuration."),
    )
    client_id = models.CharField(_("client id"), max_length=200)
    client_secret = SealedCharField(
        _("client secret"), max_length=500, blank=True, help_text=_("Stored encrypted. Leave empty to read it from "
        "the environment variable below.")
    )  # fmt: skip
    client_secret_variable = models.CharField(
        _("client secret variable"),
        max_length=100,
        blank=True,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9_]*$", _("An environment variable name: A-Z, 0-9 and _."))],
        help_text=_("The name of the environment variable holding the client secret, e.g. SSO_HYUNDAI_SECRET."),
    )
    password_sign_in = models.BooleanField(
        _("password sign-in allowed"),
        default=True,
        help_text=_("Unticked, the organization's people sign in only with their company account."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(excluded_fields=["client_secret"])

    class Meta:
        ordering = ["organization__name_ko", "issuer"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(client_secret="") | ~Q(client_secret_variable=""),  # nosec B106: "none given"
                name="identityprovider_has_secret",
                violation_error_message=_("Give the client secret or the environment variable that holds it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.issuer})"

    def clean(self):
        if self.issuer and not self.issuer.startswith("https://") and not settings.SSO_ALLOW_HTTP:
            raise ValidationError({"issuer": _("The issuer must be an https:// address.")})


class EmailDomain(models.Model):
    """An e-mail domain an identity provider vouches for; one provider per domain, so an address finds its own."""

    provider = models.ForeignKey(
        IdentityProvider, verbose_name=_("identity provider"), on_delete=models.CASCADE, related_name="domains"
    )
    domain = models.CharField(
        _("e-mail domain"),
        max_length=253,
        unique=True,
        validators=[
            RegexValidator(
                r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$", _("A domain in small letters, e.g. hyundai.com.")
            )
        ],
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")
        constraints = [
            models.CheckConstraint(condition=Q(domain=Lower("domain")), name="emaildomain_lower_case"),
        ]

    def __str__(self) -> str:
        return self.domain


class CompanyAccount(TimeStamped):
    """The link between a portal user and their account at an identity provider (its ``sub``, which never
    changes, unlike an e-mail address)."""

    provider = models.ForeignKey(
        IdentityProvider, verbose_name=_("identity provider"), on_delete=models.CASCADE, related_name="accounts"
    )
    subject = models.CharField(_("subject"), max_length=255)
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="company_accounts")
    last_sign_in = models.DateTimeField(_("last sign-in"), null=True, blank=True)
    # the provider's refresh token, sealed: the nightly check (members/sso.py) asks with it whether the person can
    # still sign in at the company
    refresh_token = SealedCharField(max_length=4000, blank=True, editable=False)

    class Meta:
        verbose_name = _("company account")
        verbose_name_plural = _("company accounts")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="companyaccount_one_per_subject"),
            models.UniqueConstraint(fields=["provider", "user"], name="companyaccount_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.provider.issuer}"
