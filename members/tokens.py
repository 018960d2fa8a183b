"""API tokens: issue (shown once), authenticate (by hash), revoke. The only place tokens are handled."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access import policy
from core.links import absolute_url
from members import audit
from members.models import ApiToken, User

# the tokens' public prefix, not a secret (bandit B105)
TOKEN_PREFIX = "iaa_"  # nosec B105
DEFAULT_DAYS = 90
MAX_DAYS = 365
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
REVOCATION_REASONS = {  # why a user's tokens were all revoked (the audit log keeps the key, the e-mail the words)
    "password changed": gettext_lazy("Your password was changed"),
    "deactivated": gettext_lazy("Your account was deactivated"),
    "authenticator reset": gettext_lazy("Your authenticator app was reset"),
}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, *, name: str, scopes: list[str], days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """Create a token; returns the stored record and the token itself, which is never stored or shown again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the system that will use it.")})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("A token lives between 1 and %(max)d days.") % {"max": MAX_DAYS}})
    unknown = set(scopes) - set(ApiToken.Scope.values)
    if unknown or "read" not in scopes:
        raise ValidationError({"scopes": _("Scopes are read, with write and webhooks as you need.")})
    if "write" in scopes and not policy.can(user, "write_api"):
        raise ValidationError({"scopes": _("Your role cannot write through the API.")})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=token[: len(TOKEN_PREFIX) + 6],
        key_hash=_digest(token),
        scopes=",".join(s for s in ApiToken.Scope.values if s in scopes),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    audit.record(audit.Kind.TOKEN_CREATED, user=user, subject=f"{record.prefix}… {name}", detail=record.scopes)
    return record, token


def authenticate_token(token: str) -> ApiToken | None:
    """The live token for this secret (not expired, not revoked, its user active), noting when it was last used."""
    record = ApiToken.objects.select_related("user", "user__organization").filter(key_hash=_digest(token)).first()
    now = timezone.now()
    if record is None or record.revoked_at or record.expires_at <= now or not record.user.is_active:
        return None
    if record.last_used_at is None or now - record.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record


def revoke_token(record: ApiToken, *, detail: str = "") -> None:
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.save(update_fields=["revoked_at", "updated_at"])
        subject = f"{record.prefix}… {record.name}"
        audit.record(audit.Kind.TOKEN_REVOKED, user=record.user, subject=subject, detail=detail)


def revoke_all(user: User, reason: str) -> int:
    """Revoke every live token of ``user`` after their credentials changed (``reason`` says how) and tell them by
    e-mail. All tokens, not only the write ones: whoever took the password could have made a read token too, and
    read tokens see confidential figures. Returns how many were revoked."""
    live = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()))
    for record in live:
        revoke_token(record, detail=reason)
    if live and user.email:
        with translation.override(user.preferred_language):
            subject = _("Your API tokens were revoked")
            body = _(
                "%(reason)s, so the portal revoked your %(n)d API tokens. Issue new ones under API tokens when you "
                "need them:\n%(link)s\n\nIf this was not you, tell the ministry's administrators at once."
            ) % {"reason": REVOCATION_REASONS[reason], "n": len(live), "link": absolute_url(reverse("token_list"))}
        send_mail(subject, body, None, [user.email], fail_silently=True)
    return len(live)
