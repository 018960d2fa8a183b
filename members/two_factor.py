"""The second sign-in factor (TOTP) that ministry staff must pass, with one-time recovery codes.

Built on django-otp's devices: a user's authenticator is a ``TOTPDevice`` (confirmed once the first code from it
is right); the recovery codes are the tokens of a ``StaticDevice``, each accepted once. Both devices slow down
repeated wrong codes (django-otp's throttling: 1, 2, 4, ... seconds between tries after a failure).
"""

import re
import time
from base64 import b32encode

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from access import policy
from members import audit
from members.models import User

RECOVERY_CODES = 10
AUTHENTICATOR = "authenticator"
RECOVERY = "recovery codes"
PENDING_KEY = "two_factor_pending"  # the session's authenticator being enrolled: {"id": device, "at": epoch seconds}
PENDING_SECONDS = 10 * 60  # how long an enrolment key shown on the page stays valid
TOTP_CODE = re.compile(r"[0-9]{6}")


class WrongCode(Exception):
    """The code was not accepted; the message says why in the user's language."""


def is_required(user) -> bool:
    return policy.can(user, "second_factor")


def authenticator(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_authenticator(request) -> TOTPDevice:
    """The authenticator this session is enrolling: the same one on every reload for ``PENDING_SECONDS``, so the QR
    code stays put. A key belongs to one session: another session starting enrolment (or this one after the key
    expired) replaces it, so a key copied by someone who had only the password is worthless once its owner enrols.
    """
    user, now = request.user, int(time.time())
    pending = request.session.get(PENDING_KEY) or {}
    if now - pending.get("at", 0) < PENDING_SECONDS:
        device = TOTPDevice.objects.filter(pk=pending.get("id"), user=user, confirmed=False).first()
        if device is not None:
            return device
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)
    request.session[PENDING_KEY] = {"id": device.pk, "at": now}
    return device


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an authenticator app."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG (no script or style, so the page's CSP allows it)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=True)


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def confirm_enrolment(request, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the pending authenticator with its first code: it replaces any earlier one, the session counts as
    verified, and a fresh set of recovery codes is returned to be shown once."""
    code = code.strip().replace(" ", "")
    if not TOTP_CODE.fullmatch(code):
        raise WrongCode(_("Enter the 6-digit code your authenticator app shows."))
    if not TOTPDevice.objects.filter(pk=device.pk, confirmed=False).exists():
        raise WrongCode(_("This key was replaced by an enrolment started elsewhere. Scan the new code below."))
    _check(
        request,
        device,
        code,
        _("That code is not right. Check the time on your phone and try the newest code."),
        "enrolment",
    )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        request.session.pop(PENDING_KEY, None)
        codes = new_recovery_codes(device.user)
        audit.record(audit.Kind.SECOND_FACTOR_ENROLLED, request)
    _signed_in_with(request, device)
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with a new set (the old ones stop working)."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY, defaults={"confirmed": True})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(request, code: str) -> None:
    """Check a code from the authenticator (6 digits) or a recovery code and mark the session verified."""
    code = code.strip().replace(" ", "").replace("-", "").lower()
    user = request.user
    if TOTP_CODE.fullmatch(code):
        device = authenticator(user)
    else:
        device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None or not code:
        raise WrongCode(_("Enter the 6-digit code from your authenticator app or one of your recovery codes."))
    _check(request, device, code, _("That code is not right."), device.name)
    _signed_in_with(request, device)


def _signed_in_with(request, device) -> None:
    """Mark the session verified, under a new session id (as Django does at the password step)."""
    request.session.cycle_key()
    otp_login(request, device)


def _check(request, device, code: str, wrong: str, what: str) -> None:
    """The code on the device, unless wrong tries have paused it; a wrong code is recorded in the audit log."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        raise WrongCode(
            _("Too many wrong codes. Wait until %(time)s and try again.")
            % {"time": timezone.localtime(details["locked_until"]).strftime("%H:%M:%S")}
        )
    if not device.verify_token(code):
        audit.record(audit.Kind.SECOND_FACTOR_FAILED, request, detail=what)
        raise WrongCode(wrong)
