"""The sign-in lockout (django-axes) counted two ways.

- **One address against one account**: ``AXES_FAILURE_LIMIT`` failures for a username from one address pause that
  pair for ``AXES_COOLOFF_TIME`` (axes' own ``AXES_LOCKOUT_PARAMETERS``); the account stays open elsewhere.
- **Many addresses against one account**: ``ACCOUNT_LOCKOUT_FAILURES`` failures for a username from any addresses
  within ``AXES_COOLOFF_TIME`` pause the account everywhere for the rest of that time, so guessing one password from
  many addresses is bounded too. The limit is higher than the pair's, so one office's typos never pause an account.

Axes compares one count with one limit, so the handler reports the pair's count, raised to the limit when the
account's count reaches its own. A success resets the pair only (the attempts from elsewhere still count against the
account); a new password clears the account's attempts (``members.recovery``), so a reset ends a pause.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

ACCOUNT_LOCKED = "axes_account_locked"  # set on the request when the account (not only the pair) is paused


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class AccountAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if username is None:
            return pair
        recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=get_cool_off_threshold(request))
        account_locked = _failures(recent) >= settings.ACCOUNT_LOCKOUT_FAILURES
        setattr(request, ACCOUNT_LOCKED, account_locked and pair < settings.AXES_FAILURE_LIMIT)
        return max(pair, settings.AXES_FAILURE_LIMIT) if account_locked else pair


def clear_account(username: str) -> None:
    """Forget the failed sign-ins for ``username`` (its password was just changed or reset)."""
    AccessAttempt.objects.filter(username=username).delete()
