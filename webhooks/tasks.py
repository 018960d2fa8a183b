"""Celery tasks around the webhooks' work: dispatch an event, send an endpoint's deliveries, the every-minute sweep
and the daily trim. Each is idempotent (a redelivered task finds the work done or the endpoint held). The work's
modules queue these tasks after commit, so the tasks import them when they run."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from core import broker

OPTIONS = {"acks_late": True, "reject_on_worker_lost": True}


SWEEP = "the webhook sweep"


def queue_dispatch(event_id) -> None:
    """Dispatch the event once the surrounding transaction commits."""
    broker.send_after_commit(dispatch_event, str(event_id), left_to=SWEEP)


def queue_send(endpoint_id: int) -> None:
    """Send the endpoint's pending deliveries once the surrounding transaction commits (at once outside one)."""
    broker.send_after_commit(send_endpoint, endpoint_id, left_to=SWEEP)


@shared_task(name="webhooks.dispatch", **OPTIONS)
def dispatch_event(event_id: str) -> int:
    from webhooks import outbox

    endpoints = outbox.dispatch(event_id)
    for endpoint_id in sorted(set(endpoints)):
        broker.send(send_endpoint, endpoint_id, left_to=SWEEP)
    return len(endpoints)


@shared_task(name="webhooks.send", **OPTIONS)
def send_endpoint(endpoint_id: int) -> int:
    from webhooks import sending

    return sending.send_pending(endpoint_id)


@shared_task(name="webhooks.sweep")
def sweep() -> int:
    """Every minute (beat): dispatch what was left undispatched and wake the endpoints with pending deliveries."""
    from webhooks import outbox

    dispatched, endpoints = outbox.sweep()
    for endpoint_id in endpoints:
        broker.send(send_endpoint, endpoint_id, left_to=SWEEP)
    return dispatched


@shared_task(name="webhooks.trim")
def trim() -> int:
    """Daily (beat): forget deliveries and attempts older than 30 days."""
    from webhooks import outbox

    return outbox.trim(timezone.now())
