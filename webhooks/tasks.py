"""Celery tasks around ``webhooks.services``: dispatch an event, send an endpoint's deliveries, the every-minute
sweep and the daily trim. Each is idempotent (a redelivered task finds the work done or the endpoint held)."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from webhooks import services

logger = logging.getLogger(__name__)

OPTIONS = {"acks_late": True, "reject_on_worker_lost": True}


def queue(task: Task, *args) -> None:
    """Hand a task to the broker; with the broker down it is left to the sweep (the change itself stands)."""
    try:
        task.apply_async(args=args, retry=False)
    except (KombuOperationalError, RedisError, ConnectionError, RuntimeError) as error:
        logger.warning("broker unavailable, %s%r left to the webhook sweep: %r", task.name, args, error)


@shared_task(name="webhooks.dispatch", **OPTIONS)
def dispatch_event(event_id: str) -> int:
    endpoints = services.dispatch(event_id)
    for endpoint_id in sorted(set(endpoints)):
        queue(send_endpoint, endpoint_id)
    return len(endpoints)


@shared_task(name="webhooks.send", **OPTIONS)
def send_endpoint(endpoint_id: int) -> int:
    return services.send_pending(endpoint_id)


@shared_task(name="webhooks.sweep")
def sweep() -> int:
    """Every minute (beat): dispatch what was left undispatched and wake the endpoints with pending deliveries."""
    dispatched, endpoints = services.sweep()
    for endpoint_id in endpoints:
        queue(send_endpoint, endpoint_id)
    return dispatched


@shared_task(name="webhooks.trim")
def trim() -> int:
    """Daily (beat): forget deliveries and attempts older than 30 days."""
    return services.trim(timezone.now())
