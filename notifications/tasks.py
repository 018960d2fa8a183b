"""Celery wrappers: the fan-out of one event (queued after the change commits), the hourly digests, the sweep of
fan-outs left pending and the daily check of the saved views that notify (beat)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

OPTIONS = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(name="notifications.fan_out", **OPTIONS)
def fan_out(kind: str, subject_type: str, subject_id: str, occurred_at: str) -> int:
    from notifications import fanout

    return len(fanout.fan_out(kind, subject_type, subject_id, datetime.datetime.fromisoformat(occurred_at)))


@shared_task(name="notifications.digests", **OPTIONS)
def digests() -> int:
    """Every hour (beat): the daily and weekly digests whose time has come."""
    from notifications import mails

    return mails.send_digests(timezone.now())


@shared_task(name="notifications.sweep")
def sweep() -> int:
    """Every five minutes (beat): queue again the fan-outs a dead broker or worker left pending."""
    from notifications import fanout

    return fanout.sweep(timezone.now())


@shared_task(name="notifications.watch_views", **OPTIONS)
def watch_views() -> int:
    """Daily (beat): tell the owners of the saved views that notify what came or went."""
    from notifications import saved

    return saved.check_all(timezone.now())
