"""Webhook endpoints as their owners and ministry administrators manage them: create (a new secret), change, rotate
the secret, switch off, send a test event, redeliver, replay. Recording and dispatching events: ``webhooks.outbox``;
sending them: ``webhooks.sending``."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance_portal.events import EventType
from core.versions import save_if_current
from members import audit
from webhooks import outbox, payloads, signing, tasks, transport
from webhooks.models import Delivery, Endpoint, Event

ROTATION_OVERLAP = datetime.timedelta(hours=24)


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
    endpoint.secret = signing.new_secret()
    endpoint.version = 1
    _clean(endpoint)
    endpoint.save()
    return endpoint.secret


@transaction.atomic
def change_endpoint(endpoint: Endpoint, *, expected_version: int) -> Endpoint:
    """Save changes to URL, events, description or the active flag. Switching an endpoint back on clears the
    failures that disabled it (its pending deliveries then go out)."""
    _clean(endpoint)
    if endpoint.is_active:
        endpoint.disabled_reason = ""
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


def disable_endpoint(endpoint: Endpoint, reason: str) -> None:
    """Stop sending to ``endpoint`` (recorded in its history and the audit log); its pending deliveries wait."""
    endpoint.refresh_from_db()
    endpoint.is_active = False
    endpoint.disabled_reason = reason[:200]
    endpoint._change_reason = reason[:100]
    save_if_current(endpoint, expected_version=endpoint.version)


def switch_off(endpoint: Endpoint, by) -> None:
    """A person switches the endpoint off (its owner, or a ministry administrator overseeing it)."""
    disable_endpoint(endpoint, _("Switched off by %(user)s.") % {"user": by})


def _audit(endpoint: Endpoint, by, detail: str) -> None:
    audit.record(
        audit.Kind.WEBHOOK_SENT, user=by, subject=f"{endpoint._meta.verbose_name}: {endpoint.url}", detail=detail
    )


@transaction.atomic
def send_test_event(endpoint: Endpoint, by=None) -> Event:
    """A ``ping`` for this endpoint only, whatever events it chose."""
    _audit(endpoint, by, "ping")
    event = Event.objects.create(
        type=EventType.PING,
        occurred_at=timezone.now(),
        subject_type="webhooks.endpoint",
        subject_id=str(endpoint.pk),
        subject_label=endpoint.url[:200],
        only_endpoint=endpoint,
    )
    tasks.queue_dispatch(event.pk)
    return event


@transaction.atomic
def redeliver(delivery: Delivery, by=None) -> None:
    """Send a delivery again (same ``webhook-id`` and body) as soon as its endpoint is free."""
    _audit(delivery.endpoint, by, f"redeliver #{delivery.sequence}")
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.PENDING, delivered_at=None)
    tasks.queue_send(delivery.endpoint_id)


@transaction.atomic
def replay_since(endpoint: Endpoint, since: datetime.datetime, by=None) -> int:
    """Send again every event since ``since`` that the endpoint subscribes to and its owner may see (events from
    while it was off included); returns how many deliveries were queued."""
    if since < timezone.now() - outbox.KEPT_FOR:
        raise ValidationError({"since": _("Events are kept for 30 days; choose a later time.")})
    events = Event.objects.filter(occurred_at__gte=since, type__in=endpoint.event_types, only_endpoint=None)
    delivered = dict(Delivery.objects.filter(endpoint=endpoint, event__in=events).values_list("event_id", "pk"))
    Delivery.objects.filter(pk__in=delivered.values()).update(state=Delivery.State.PENDING, delivered_at=None)
    locked = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    created = outbox.deliver_to([locked], (e for e in events.order_by("occurred_at", "pk") if e.pk not in delivered))
    tasks.queue_send(endpoint.pk)
    _audit(endpoint, by, f"replay since {since.isoformat()}: {len(delivered) + created}")
    return len(delivered) + created
