"""Webhooks: managing endpoints, recording events (the outbox), dispatching them to endpoints and sending them.

Nothing is lost: an event is written in the transaction of its change (``record_event`` listens to
``alliance_portal.events.happened``); after commit a task dispatches it — one delivery per subscribed endpoint whose
owner may see the object, numbered per endpoint — and a task per endpoint sends its pending deliveries in order. What
a dead broker or worker left behind, ``sweep`` (every minute) dispatches and sends. Delivery is at least once: a
worker killed after the receiver answered but before the answer was recorded sends that delivery again, with the
same ``webhook-id``.

One endpoint never delays another: a sender holds a lease on its endpoint, so an endpoint has one request in
flight at a time, and after a failure the endpoint waits out ``RETRY_SCHEDULE`` before its oldest pending delivery
is tried again (later ones wait behind it, so order holds). A hanging endpoint thus costs one worker slot for
``TIMEOUT_SECONDS`` per try, not per event.
"""

from __future__ import annotations

import datetime
import logging
import random
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliance_portal.events import EventType, happened
from alliance_portal.links import absolute_url
from alliance_portal.modeling import save_if_current
from members import audit
from webhooks import payloads, signing, transport
from webhooks.models import Attempt, Delivery, Endpoint, Event

logger = logging.getLogger(__name__)

RETRY_SCHEDULE = (
    datetime.timedelta(seconds=5),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=5),
    datetime.timedelta(hours=10),
    datetime.timedelta(hours=10),
)  # about a day (27.6 h) from the first failure to the last try; then the endpoint is disabled
JITTER = 0.1  # each wait is stretched or shrunk by up to 10 %, so endpoints that failed together spread out
ROTATION_OVERLAP = datetime.timedelta(hours=24)
BATCH = 100  # deliveries sent under one lease before the worker is handed back
KEPT_FOR = datetime.timedelta(days=30)
GONE = 410

# -- endpoints -------------------------------------------------------------------------------------------------------


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
        transaction.on_commit(lambda: _queue_send(endpoint.pk))
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


def secrets_in_use(endpoint: Endpoint, now: datetime.datetime) -> list[str]:
    overlapping = endpoint.previous_secret and endpoint.previous_secret_until and now < endpoint.previous_secret_until
    return [endpoint.secret, endpoint.previous_secret] if overlapping else [endpoint.secret]


def disable_endpoint(endpoint: Endpoint, reason: str) -> None:
    """Stop sending to ``endpoint`` (recorded in its history and the audit log); its pending deliveries wait."""
    endpoint.refresh_from_db()
    endpoint.is_active = False
    endpoint.disabled_reason = reason[:200]
    endpoint._change_reason = reason[:100]
    save_if_current(endpoint, expected_version=endpoint.version)


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
    transaction.on_commit(lambda: _queue_dispatch(event.pk))
    return event


@transaction.atomic
def redeliver(delivery: Delivery, by=None) -> None:
    """Send a delivery again (same ``webhook-id`` and body) as soon as its endpoint is free."""
    _audit(delivery.endpoint, by, f"redeliver #{delivery.sequence}")
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.PENDING, delivered_at=None)
    transaction.on_commit(lambda: _queue_send(delivery.endpoint_id))


@transaction.atomic
def replay_since(endpoint: Endpoint, since: datetime.datetime, by=None) -> int:
    """Send again every event since ``since`` that the endpoint subscribes to and its owner may see (events from
    while it was off included); returns how many deliveries were queued."""
    if since < timezone.now() - KEPT_FOR:
        raise ValidationError({"since": _("Events are kept for 30 days; choose a later time.")})
    events = Event.objects.filter(occurred_at__gte=since, type__in=endpoint.event_types, only_endpoint=None)
    delivered = dict(Delivery.objects.filter(endpoint=endpoint, event__in=events).values_list("event_id", "pk"))
    Delivery.objects.filter(pk__in=delivered.values()).update(state=Delivery.State.PENDING, delivered_at=None)
    locked = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    created = _deliver_to([locked], (e for e in events.order_by("occurred_at", "pk") if e.pk not in delivered))
    transaction.on_commit(lambda: _queue_send(endpoint.pk))
    _audit(endpoint, by, f"replay since {since.isoformat()}: {len(delivered) + created}")
    return len(delivered) + created


# -- the outbox ------------------------------------------------------------------------------------------------------


@receiver(happened)
def record_event(sender, event_type: str, subject, **kwargs) -> None:
    """Write the event in the transaction of the change (the outbox), dispatch it once that commits."""
    now = timezone.now()
    heard = Endpoint.objects.filter(is_active=True, event_types__contains=[event_type]).exists()
    event = Event.objects.create(
        type=event_type,
        occurred_at=now,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        subject_label=str(subject)[:200],
        dispatched_at=None if heard else now,  # kept for "replay since" all the same
    )
    if heard:
        transaction.on_commit(lambda: _queue_dispatch(event.pk))


def _subscribers(event: Event):
    if event.only_endpoint_id:
        endpoints = Endpoint.objects.filter(pk=event.only_endpoint_id)
    else:
        endpoints = Endpoint.objects.filter(event_types__contains=[event.type])
    return endpoints.filter(is_active=True, owner__is_active=True).select_related("owner").order_by("pk")


def _deliver_to(endpoints: list[Endpoint], events: Iterable[Event]) -> int:
    """Deliveries of ``events`` to the (locked) ``endpoints`` whose owners may hear of them, numbered in order."""
    made = 0
    for event in events:
        for endpoint in endpoints:
            data = payloads.data_for(event, endpoint)
            if data is None:
                continue
            endpoint.sequence += 1
            Delivery.objects.create(
                endpoint=endpoint,
                event=event,
                sequence=endpoint.sequence,
                payload=payloads.body(event, endpoint.sequence, data),
            )
            Endpoint.objects.filter(pk=endpoint.pk).update(sequence=endpoint.sequence)  # not a change to record
            made += 1
    return made


def dispatch(event_id) -> list[int]:
    """Make the event's deliveries, once (a second call, or one racing it, finds it dispatched); returns the ids of
    the endpoints that got one."""
    with transaction.atomic():
        event = Event.objects.select_for_update(skip_locked=True).filter(pk=event_id, dispatched_at=None).first()
        if event is None:
            return []
        endpoints = list(_subscribers(event).select_for_update(of=("self",)))
        _deliver_to(endpoints, [event])
        Event.objects.filter(pk=event.pk).update(dispatched_at=timezone.now())
        return list(Delivery.objects.filter(event=event).values_list("endpoint_id", flat=True))


# -- sending ---------------------------------------------------------------------------------------------------------


def _pending(endpoint_id: int):
    return Delivery.objects.filter(
        endpoint_id=endpoint_id, state=Delivery.State.PENDING, endpoint__is_active=True, endpoint__owner__is_active=True
    )


def _take_lease(endpoint_id: int) -> bool:
    now = timezone.now()
    free = Q(leased_until=None) | Q(leased_until__lt=now)
    ready = Q(retry_at=None) | Q(retry_at__lte=now)
    lease = now + datetime.timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)
    return Endpoint.objects.filter(free, ready, pk=endpoint_id, is_active=True).update(leased_until=lease) == 1


def _renew_lease(endpoint_id: int) -> None:
    lease = timezone.now() + datetime.timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)
    Endpoint.objects.filter(pk=endpoint_id).update(leased_until=lease)


def send_pending(endpoint_id: int) -> int:
    """Send the endpoint's pending deliveries in order while it answers; returns how many were delivered. Returns at
    once when another sender holds the endpoint or it is waiting to retry."""
    delivered = 0
    while _take_lease(endpoint_id):
        try:
            sent, outcome = _send_batch(endpoint_id)
        finally:
            Endpoint.objects.filter(pk=endpoint_id).update(leased_until=None)
        delivered += sent
        if outcome == "batch done":  # more to send: hand the worker back and continue in a new task
            _queue_send(endpoint_id)
            break
        if outcome == "failed" or not _pending(endpoint_id).exists():  # (a delivery made while the lease was held)
            break
    return delivered


def _send_batch(endpoint_id: int) -> tuple[int, str]:
    sent = 0
    for _i in range(BATCH):
        delivery = _pending(endpoint_id).select_related("event", "endpoint").order_by("sequence").first()
        if delivery is None:
            return sent, "none left"
        if not attempt(delivery):
            return sent, "failed"
        sent += 1
        _renew_lease(endpoint_id)
    return sent, "batch done"


def attempt(delivery: Delivery) -> bool:
    """One try of one delivery, recorded; on failure the endpoint waits (or is disabled). True if delivered."""
    endpoint = delivery.endpoint
    now = timezone.now()
    body = delivery.payload
    headers = signing.headers(secrets_in_use(endpoint, now), delivery.event.message_id, body, now)
    answer = transport.post(endpoint.url, body.encode(), headers)
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            started_at=now,
            status=answer.status,
            duration_ms=answer.duration_ms,
            response=answer.body[: Attempt._meta.get_field("response").max_length],
            error=answer.error,
        )
        delivery_state = {"attempts": F("attempts") + 1, "last_status": answer.status}
        if answer.ok:
            delivery_state.update(state=Delivery.State.DELIVERED, delivered_at=timezone.now())
        Delivery.objects.filter(pk=delivery.pk).update(**delivery_state)
        if answer.ok:
            Endpoint.objects.filter(pk=endpoint.pk).update(failures=0, failing_since=None, retry_at=None)
        else:
            _failed(endpoint.pk, answer, now)
    return answer.ok


def retry_delay(failures: int) -> datetime.timedelta | None:
    """How long an endpoint waits after ``failures`` failures in a row; None: it has failed for a day, give up."""
    if failures > len(RETRY_SCHEDULE):
        return None
    return RETRY_SCHEDULE[failures - 1] * random.uniform(1 - JITTER, 1 + JITTER)


def _failed(endpoint_id: int, answer: transport.Answer, now: datetime.datetime) -> None:
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint_id)
    failures = endpoint.failures + 1
    delay = retry_delay(failures)
    if answer.status == GONE:
        disable_endpoint(endpoint, _("The receiver answered 410 Gone."))
    elif delay is None:
        disable_endpoint(endpoint, _("Every delivery failed for a day."))
        transaction.on_commit(lambda: _tell_owner(endpoint))
    Endpoint.objects.filter(pk=endpoint_id).update(
        failures=failures, failing_since=endpoint.failing_since or now, retry_at=now + delay if delay else None
    )


def _tell_owner(endpoint: Endpoint) -> None:
    owner = endpoint.owner
    if not (owner.is_active and owner.email):
        return
    with translation.override(owner.preferred_language):
        subject = _("Your webhook endpoint was disabled")
        body = _(
            "Deliveries to %(url)s failed for a day, so the portal stopped sending to it. Its pending events are "
            "kept: switch the endpoint back on once it answers again.\n\n%(link)s"
        ) % {"url": endpoint.url, "link": absolute_url(reverse("webhook_detail", kwargs={"pk": endpoint.pk}))}
    try:
        send_mail(subject, body, None, [owner.email])
    except OSError:
        logger.exception("could not tell the owner of webhook endpoint %s that it was disabled", endpoint.pk)


# -- the every-minute sweep and the daily trim -----------------------------------------------------------------------


def sweep() -> tuple[int, list[int]]:
    """Dispatch what was not dispatched (the broker was down, a worker died) and name the endpoints with pending
    deliveries that no sender holds and that are not waiting to retry: (events dispatched, endpoint ids)."""
    now = timezone.now()
    events = list(Event.objects.filter(dispatched_at=None).order_by("occurred_at").values_list("pk", flat=True)[:1000])
    for event_id in events:
        dispatch(event_id)
    free = Q(leased_until=None) | Q(leased_until__lt=now)
    ready = Q(retry_at=None) | Q(retry_at__lte=now)
    waiting = Endpoint.objects.filter(free, ready, is_active=True, deliveries__state=Delivery.State.PENDING)
    return len(events), list(waiting.distinct().values_list("pk", flat=True))


def trim(now: datetime.datetime) -> int:
    """Forget what is older than ``KEPT_FOR``: attempts, delivered deliveries, and events with nothing pending."""
    cutoff = now - KEPT_FOR
    removed, _kinds = Attempt.objects.filter(started_at__lt=cutoff).delete()
    removed += Delivery.objects.filter(state=Delivery.State.DELIVERED, created_at__lt=cutoff).delete()[0]
    old_events = Event.objects.filter(occurred_at__lt=cutoff).exclude(deliveries__state=Delivery.State.PENDING)
    removed += old_events.delete()[0]
    return removed


# -- handing work to Celery ------------------------------------------------------------------------------------------


def _queue_dispatch(event_id) -> None:
    from webhooks.tasks import dispatch_event, queue

    queue(dispatch_event, str(event_id))


def _queue_send(endpoint_id: int) -> None:
    from webhooks.tasks import queue, send_endpoint

    queue(send_endpoint, endpoint_id)
