"""The outbox: an event is written in the transaction of the change it tells of (``record_event`` listens to
``core.events.happened``) and dispatched after commit — one delivery per subscribed endpoint whose owner
may see the object, numbered per endpoint, its body the owner's API view (``webhooks.payloads``). What a dead
broker or worker left undispatched, ``sweep`` (every minute) dispatches; ``trim`` forgets what is 30 days old."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from core.events import happened
from webhooks import payloads, tasks
from webhooks.models import Attempt, Delivery, Endpoint, Event

KEPT_FOR = datetime.timedelta(days=30)
WRITTEN_AT_ONCE = 500  # deliveries a replay of many events writes per statement


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
        tasks.queue_dispatch(event.pk)


def _subscribers(event: Event):
    if event.only_endpoint_id:
        endpoints = Endpoint.objects.filter(pk=event.only_endpoint_id)
    else:
        endpoints = Endpoint.objects.filter(event_types__contains=[event.type])
    return endpoints.filter(is_active=True, owner__is_active=True).select_related("owner").order_by("pk")


def deliver_to(endpoints: list[Endpoint], events: Iterable[Event]) -> int:
    """Deliveries of ``events`` to the (locked) ``endpoints`` whose owners may hear of them, numbered in order;
    written a few hundred at a time with the endpoints' last numbers (two statements, not two per delivery)."""
    made, batch = 0, []
    for event in events:
        data_of = payloads.data_for_each(event, endpoints)
        for endpoint in endpoints:
            data = data_of[endpoint.pk]
            if data is None:
                continue
            endpoint.sequence += 1
            body = payloads.body(event, endpoint.sequence, data, endpoint)
            batch.append(
                Delivery(endpoint=endpoint, event=event, sequence=endpoint.sequence, payload=body, carried=sorted(data))
            )
        if len(batch) >= WRITTEN_AT_ONCE:
            made, batch = made + _write(batch), []
    return made + _write(batch)


def _write(deliveries: list[Delivery]) -> int:
    Delivery.objects.bulk_create(deliveries)
    Endpoint.objects.bulk_update({d.endpoint for d in deliveries}, ["sequence"])  # not a change to record
    return len(deliveries)


def dispatch(event_id) -> list[int]:
    """Make the event's deliveries, once (a second call, or one racing it, finds it dispatched); returns the ids of
    the endpoints that got one."""
    with transaction.atomic():
        event = Event.objects.select_for_update(skip_locked=True).filter(pk=event_id, dispatched_at=None).first()
        if event is None:
            return []
        endpoints = list(_subscribers(event).select_for_update(of=("self",)))
        deliver_to(endpoints, [event])
        Event.objects.filter(pk=event.pk).update(dispatched_at=timezone.now())
        return list(Delivery.objects.filter(event=event).values_list("endpoint_id", flat=True))


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
