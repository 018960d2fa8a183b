"""The audit log: who signed in (or failed to), who was refused what, API tokens issued and revoked, and every
change to tracked data, in one table (``AuditEvent``) for ministry staff to filter and export.

Sign-ins come from Django's auth signals and django-axes' lockout signal, changes from django-simple-history's
``post_create_historical_record`` (the before/after stays in that model's history), refusals from
``AccessDeniedMiddleware``; tokens and second-factor events are recorded by their services.
"""

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record

from alliance_portal import request_id
from members.models import AuditEvent, User

Kind = AuditEvent.Kind
HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}  # AuditEvent.DATA_CHANGES shows them
UNKNOWN_USER = "(unknown)"  # no account can be named so: usernames have no parentheses


def record(kind: str, request=None, *, user=None, username: str = "", subject: str = "", detail: str = "") -> None:
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    AuditEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        ip_address=get_client_ip_address(request) if request is not None else None,
        subject=subject[:300],
        detail=detail[:500],
        request_id=request_id.current.get()[:64],
    )


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    """A sign-in; one with a company account (members/sso.py) says so and names the provider."""
    kind = getattr(user, "sign_in_kind", Kind.SIGN_IN)
    record(kind, request, user=user, subject=getattr(user, "sign_in_subject", ""))


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(Kind.SIGN_OUT, request, user=user)


def _as_typed(username) -> str:
    """The username of a failed sign-in as the log keeps it: only when it names an account. Otherwise it may be a
    password typed into the wrong box, which ministry staff reading the log must never see."""
    username = str(username or "")
    if username and len(username) <= 150 and User.objects.filter(username=username).exists():
        return username
    return UNKNOWN_USER


def named_account(email: str) -> str:
    """The username of the one account with this e-mail address, for the log; ``UNKNOWN_USER`` otherwise."""
    usernames = list(User.objects.filter(email__iexact=email).values_list("username", flat=True)[:2]) if email else []
    return usernames[0] if len(usernames) == 1 else UNKNOWN_USER


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    record(Kind.SIGN_IN_FAILED, request, username=_as_typed(credentials.get("username")))


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    record(Kind.LOCKED_OUT, request, username=_as_typed(username))


@receiver(post_create_historical_record)
def _changed(sender, instance, history_instance, history_user=None, **kwargs):
    request = getattr(HistoricalRecords.context, "request", None)
    record(
        Kind.CHANGE,
        request,
        user=history_user,
        subject=f"{instance._meta.verbose_name}: {instance}",
        detail=HISTORY_ACTIONS.get(history_instance.history_type, ""),
    )


class AccessDeniedMiddleware:
    """Records a signed-in user's (or API token's) refused request for an object or a forbidden page: 403s, and
    404s on URLs naming an object (a 404 is how an object one may not see is refused)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404):
            user = getattr(request, "user", None)
            match = request.resolver_match
            names_an_object = match is not None and bool(match.kwargs)
            if user is not None and user.is_authenticated and (response.status_code == 403 or names_an_object):
                record(
                    Kind.ACCESS_DENIED, request, subject=request.path, detail=f"{request.method} {response.status_code}"
                )
        return response
