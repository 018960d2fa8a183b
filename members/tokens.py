"""API tokens: issue (shown once), authenticate (by hash), revoke. The only place tokens are handled."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policy
from members import audit
from members.models import ApiToken, User

TOKEN_PREFIX = "iaa_"
DEFAULT_DAYS = 90
MAX_DAYS = 365
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


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
        raise ValidationError({"scopes": _("Scopes are read, or read and write.")})
    if "write" in scopes and not policy.can(user, "write_api"):
        raise ValidationError({"scopes": _("Your role cannot write through the API.")})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=token[: len(TOKEN_PREFIX) + 6],
        key_hash=_digest(token),
        scopes=",".join(s for s in ("read", "write") if s in scopes),
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


def revoke_token(record: ApiToken) -> None:
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.save(update_fields=["revoked_at", "updated_at"])
        audit.record(audit.Kind.TOKEN_REVOKED, user=record.user, subject=f"{record.prefix}… {record.name}")
