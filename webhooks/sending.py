"""Sending an endpoint's deliveries: in order, one request in flight per endpoint, retried on a schedule.

A sender holds a lease on its endpoint (a column it sets with a conditional UPDATE; a dead sender's lease runs out
after ``WEBHOOK_LEASE_SECONDS``), so one slow or dead endpoint never holds more than one worker slot, for one
``transport.TIMEOUT_SECONDS`` per try. After a failure the endpoint waits out ``RETRY_SCHEDULE`` before its oldest
pending delivery is tried again (later ones wait behind it, so order holds); after the last try it is switched off
and its owner e-mailed, and a 410 switches it off at once. Each delivery is sent only while its owner may still see
what it tells of (checked at the moment of sending, so a redelivery or a replay of a stored body never outlives the
owner's access); otherwise it is withheld, with a line in its log. At least once: a worker killed after the receiver
answered but before the answer was recorded sends that delivery again, with the same ``webhook-id``.
"""

from __future__ import annotations

import datetime
import logging
import random

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.links import absolute_url
from webhooks import payloads, services, signing, tasks, transport
from webhooks.models import Attempt, Delivery, Endpoint

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
BATCH = 100  # deliveries sent under one lease before the worker is handed back
GONE = 410
ONE_TRY = datetime.timedelta(seconds=2 * transport.TIMEOUT_SECONDS)  # a try's longest wait, with room to record it


def _pending(endpoint_id: int):
    return Delivery.objects.filter(
        endpoint_id=endpoint_id, state=Delivery.State.PENDING, endpoint__is_active=True, endpoint__owner__is_active=True
    )


def _lease_from(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)


def _take_lease(endpoint_id: int) -> datetime.datetime | None:
    """Hold the endpoint, if free and not waiting to retry: until when (None: not taken)."""
    now = timezone.now()
    free = Q(leased_until=None) | Q(leased_until__lt=now)
    ready = Q(retry_at=None) | Q(retry_at__lte=now)
    lease = _lease_from(now)
    taken = Endpoint.objects.filter(free, ready, pk=endpoint_id, is_active=True).update(leased_until=lease) == 1
    return lease if taken else None


def _lease_for_one_more_try(endpoint_id: int, lease: datetime.datetime) -> datetime.datetime:
    """The lease, renewed when what is left of it may not outlast one more try (a write per try cost each delivery
    a commit)."""
    now = timezone.now()
    if lease - now > ONE_TRY:
        return lease
    lease = _lease_from(now)
    Endpoint.objects.filter(pk=endpoint_id).update(leased_until=lease)
    return lease


def send_pending(endpoint_id: int) -> int:
    """Send the endpoint's pending deliveries in order while it answers; returns how many were delivered. Returns at
    once when another sender holds the endpoint or it is waiting to retry."""
    delivered = 0
    while lease := _take_lease(endpoint_id):
        try:
            sent, outcome = _send_batch(endpoint_id, lease)
        finally:
            Endpoint.objects.filter(pk=endpoint_id).update(leased_until=None)
        delivered += sent
        if outcome == "batch done":  # more to send: hand the worker back and continue in a new task
            tasks.queue_send(endpoint_id)
            break
        if outcome == "failed" or not _pending(endpoint_id).exists():  # (a delivery made while the lease was held)
            break
    return delivered


def _send_batch(endpoint_id: int, lease: datetime.datetime) -> tuple[int, str]:
    sent = 0
    for _i in range(BATCH):
        delivery = _pending(endpoint_id).select_related("event", "endpoint__owner").order_by("sequence").first()
        if delivery is None:
            return sent, "none left"
        if not payloads.still_visible(delivery):
            _withhold(delivery)
            continue
        if not attempt(delivery):
            return sent, "failed"
        sent += 1
        lease = _lease_for_one_more_try(endpoint_id, lease)
    return sent, "batch done"


def _withhold(delivery: Delivery) -> None:
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            started_at=timezone.now(),
            duration_ms=0,
            error=_("Not sent: its owner may no longer see what it tells of."),
        )
        Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.WITHHELD)


def attempt(delivery: Delivery) -> bool:
    """One try of one delivery, recorded; on failure the endpoint waits (or is disabled). True if delivered."""
    endpoint = delivery.endpoint
    now = timezone.now()
    body = delivery.payload
    headers = signing.headers(endpoint.secrets_in_use(now), delivery.event.message_id, body, now)
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
    # jitter of retry times, never a secret (bandit B311)
    return RETRY_SCHEDULE[failures - 1] * random.uniform(1 - JITTER, 1 + JITTER)  # nosec B311


def _failed(endpoint_id: int, answer: transport.Answer, now: datetime.datetime) -> None:
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint_id)
    failures = endpoint.failures + 1
    delay = retry_delay(failures)
    if answer.status == GONE:
        services.disable_endpoint(endpoint, _("The receiver answered 410 Gone."), services.Hold.RECEIVER)
    elif delay is None:
        services.disable_endpoint(endpoint, _("Every delivery failed for a day."), services.Hold.RECEIVER)
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
