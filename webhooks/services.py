"""Webhook endpoints as their owners and ministry administrators manage them: create (a new secret), change, rotate
the secret, switch off, send a test event, redeliver, replay. Recording and dispatching events: ``webhooks.outbox``;
sending them: ``webhooks.sending``.

Who switched an endpoint off decides who may switch it back on (``Endpoint.held_by``): its owner after their own
switch-off, a failing receiver, or a change of their credentials (``pause_for_credentials``: the endpoints pause with
the API tokens, and the owner resumes them once signed in again); only another administrator after an administrator's.
Each person has at most ``WEBHOOK_MAX_ENDPOINTS`` endpoints and ``WEBHOOK_REQUESTS_PER_HOUR`` test events,
redeliveries and replays an hour (counted in the audit log, which records each).
"""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.events import EventType
from core.versions import save_if_current
from members import audit
from members.models import AuditEvent, User
from webhooks import outbox, payloads, signing, tasks, transport
from webhooks.models import Delivery, Endpoint, Event

ROTATION_OVERLAP = datetime.timedelta(hours=1)
REQUEST_WINDOW = datetime.timedelta(hours=1)
Hold = Endpoint.Hold


class TooManyRequests(Exception):
    """A person asked for more test events, redeliveries or replays than an hour allows; the message says so."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def _within_request_quota(by) -> None:
    """Refuse a test event, redelivery or replay past ``WEBHOOK_REQUESTS_PER_HOUR`` (the person's row locked so two
    requests at once cannot both take the last one)."""
    if by is None:  # the portal itself (tests, commands)
        return
    User.objects.select_for_update().filter(pk=by.pk).first()
    since = timezone.now() - REQUEST_WINDOW
    made = AuditEvent.objects.filter(kind=audit.Kind.WEBHOOK_SENT, user=by, at__gte=since).order_by("at")
    limit = settings.WEBHOOK_REQUESTS_PER_HOUR
    if made.count() >= limit:
        oldest = made.values_list("at", flat=True)[made.count() - limit]
        retry_after = max(1, math.ceil((oldest + REQUEST_WINDOW - timezone.now()).total_seconds()))
        raise TooManyRequests(
            _("You may send %(n)d test events, redeliveries and replays an hour; try again in %(minutes)d minutes.")
            % {"n": limit, "minutes": -(-retry_after // 60)},
            retry_after,
        )


def _clean(endpoint: Endpoint) -> None:
    try:
        transport.check_url(endpoint.url)
    except transport.Refused as refusal:
        raise ValidationError({"url": str(refusal)}) from None
    offered = payloads.offered_types(endpoint.owner)
    if not endpoint.event_types:
        raise ValidationError({"event_types": _("Choose at least one event.")})
    if unknown := sorted(set(endpoint.event_types) - set(offered)):
        raise ValidationError({"event_types": _("You cannot subscribe to: %(types)s.") % {"types": ", ".join(unknown)}})
    endpoint.event_types = [t for t in offered if t in endpoint.event_types]  # one order, no repeats
    endpoint.full_clean(exclude=["secret", "event_types"])


@transaction.atomic
def create_endpoint(endpoint: Endpoint) -> str:
    """Save a new endpoint with a new secret; returns the secret (shown to its owner this once)."""
    User.objects.select_for_update().filter(pk=endpoint.owner_id).first()  # two at once cannot pass the limit
    limit = settings.WEBHOOK_MAX_ENDPOINTS
    if Endpoint.objects.filter(owner_id=endpoint.owner_id).count() >= limit:
        raise ValidationError(
            _("You have %(n)d webhook endpoints, the most one person may have: delete one first.") % {"n": limit}
        )
    endpoint.secret = signing.new_secret()
    endpoint.version = 1
    _clean(endpoint)
    endpoint.save()
    return endpoint.secret


@transaction.atomic
def change_endpoint(endpoint: Endpoint, *, expected_version: int) -> Endpoint:
    """Save the owner's changes to URL, events, description or the active flag. Switching an endpoint back on clears
    the failures that disabled it (its pending deliveries then go out); one an administrator switched off stays off."""
    _clean(endpoint)
    if endpoint.is_active and endpoint.held_by == Hold.ADMINISTRATOR:
        raise ValidationError(
            {"is_active": _("An administrator switched this endpoint off; only an administrator can lift that.")}
        )
    if endpoint.is_active:
        endpoint.disabled_reason = ""
        endpoint.held_by = Hold.NONE
    save_if_current(endpoint, expected_version=expected_version)
    if endpoint.is_active:  # try at once, from a clean slate
        Endpoint.objects.filter(pk=endpoint.pk).update(failures=0, failing_since=None, retry_at=None)
        tasks.queue_send(endpoint.pk)
    return endpoint


@transaction.atomic
def rotate_secret(endpoint: Endpoint) -> str:
    """A new secret; the old one still signs (a second signature) for ``ROTATION_OVERLAP``. Returns the new one."""
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = timezone.now() + ROTATION_OVERLAP
    endpoint.secret = signing.new_secret()
    endpoint._change_reason = "secret rotated"
    save_if_current(endpoint, expected_version=endpoint.version)
    return endpoint.secret


def disable_endpoint(endpoint: Endpoint, reason: str, held_by: str = Hold.RECEIVER) -> None:
    """Stop sending to ``endpoint`` (recorded in its history and the audit log); its pending deliveries wait. An
    administrator's switch-off is never replaced by a weaker one."""
    endpoint.refresh_from_db()
    if endpoint.held_by == Hold.ADMINISTRATOR:
        held_by = Hold.ADMINISTRATOR
        reason = endpoint.disabled_reason
    endpoint.is_active = False
    endpoint.held_by = held_by
    endpoint.disabled_reason = reason[:200]
    endpoint._change_reason = reason[:100]
    save_if_current(endpoint, expected_version=endpoint.version)


def switch_off(endpoint: Endpoint, by) -> None:
    """A person switches the endpoint off: its owner (who may switch it back on), or a ministry administrator
    overseeing it (then only an administrator can lift it)."""
    held_by = Hold.OWNER if by.pk == endpoint.owner_id else Hold.ADMINISTRATOR
    disable_endpoint(endpoint, _("Switched off by %(user)s.") % {"user": by}, held_by)


@transaction.atomic
def lift_switch_off(endpoint: Endpoint, by) -> None:
    """An administrator lifts an administrator's switch-off: the endpoint stays off until its owner switches it on."""
    endpoint.refresh_from_db()
    if endpoint.held_by != Hold.ADMINISTRATOR:
        raise ValidationError({"is_active": _("No administrator's switch-off holds this endpoint.")})
    endpoint.held_by = Hold.OWNER
    endpoint.disabled_reason = _("Switch-off lifted by %(user)s: its owner may switch it back on.") % {"user": by}
    endpoint._change_reason = "switch-off lifted"
    save_if_current(endpoint, expected_version=endpoint.version)


def pause_for_credentials(user: User, reason: str) -> int:
    """Pause every active endpoint of ``user`` whose credentials just changed (a new password, a deactivation, an
    authenticator reset), as their API tokens are revoked; returns how many were paused."""
    paused = 0
    for endpoint in Endpoint.objects.filter(owner=user, is_active=True):
        with transaction.atomic():
            disable_endpoint(
                endpoint,
                _("Paused because its owner's credentials changed (%(reason)s): sign in and switch it back on.")
                % {"reason": reason},
                Hold.CREDENTIALS,
            )
        paused += 1
    return paused


def _audit(endpoint: Endpoint, by, detail: str) -> None:
    audit.record(audit.Kind.WEBHOOK_SENT, user=by, subject=f"{endpoint._meta.verbose_name}: {endpoint}", detail=detail)


@transaction.atomic
def send_test_event(endpoint: Endpoint, by=None) -> Event:
    """A ``ping`` for this endpoint only, whatever events it chose."""
    _within_request_quota(by)
    _audit(endpoint, by, "ping")
    event = Event.objects.create(
        type=EventType.PING,
        occurred_at=timezone.now(),
        subject_type="webhooks.endpoint",
        subject_id=str(endpoint.pk),
        subject_label=str(endpoint)[:200],
        only_endpoint=endpoint,
    )
    tasks.queue_dispatch(event.pk)
    return event


@transaction.atomic
def redeliver(delivery: Delivery, by=None) -> None:
    """Send a delivery again (same ``webhook-id`` and body) as soon as its endpoint is free, if its owner may still
    see what it tells of (checked when it is sent)."""
    _within_request_quota(by)
    _audit(delivery.endpoint, by, f"redeliver #{delivery.sequence}")
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.PENDING, delivered_at=None)
    tasks.queue_send(delivery.endpoint_id)


@transaction.atomic
def replay_since(endpoint: Endpoint, since: datetime.datetime, by=None) -> int:
    """Send again every event since ``since`` that the endpoint subscribes to and its owner may see (events from
    while it was off included); returns how many deliveries were queued."""
    if since < timezone.now() - outbox.KEPT_FOR:
        raise ValidationError({"since": _("Events are kept for 30 days; choose a later time.")})
    _within_request_quota(by)
    events = Event.objects.filter(occurred_at__gte=since, type__in=endpoint.event_types, only_endpoint=None)
    delivered = dict(Delivery.objects.filter(endpoint=endpoint, event__in=events).values_list("event_id", "pk"))
    Delivery.objects.filter(pk__in=delivered.values()).update(state=Delivery.State.PENDING, delivered_at=None)
    locked = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    created = outbox.deliver_to([locked], (e for e in events.order_by("occurred_at", "pk") if e.pk not in delivered))
    tasks.queue_send(endpoint.pk)
    _audit(endpoint, by, f"replay since {since.isoformat()}: {len(delivered) + created}")
    return len(delivered) + created
