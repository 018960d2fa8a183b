"""Celery beat's heartbeat: the scheduler notes the time in Redis on every tick (every few seconds, see
django-celery-beat's ``max_interval``). ``/metrics`` reports its age and the ministry's job page warns when it is
older than ``FRESH_SECONDS``; readiness ignores it (one beat serves every pod, see ``alliance_portal.health``)."""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django_celery_beat.schedulers import DatabaseScheduler

KEY = "beat:heartbeat"
FRESH_SECONDS = 120

logger = logging.getLogger(__name__)


def beat() -> None:
    cache.set(KEY, time.time(), timeout=None)


def age() -> float | None:
    """Seconds since beat last ticked; None when it never has (or the cache cannot say)."""
    seen = cache.get(KEY)
    return None if seen is None else max(0.0, time.time() - seen)


def is_fresh(seconds: float | None) -> bool:
    return seconds is not None and seconds <= FRESH_SECONDS


class HeartbeatScheduler(DatabaseScheduler):
    """django-celery-beat's database scheduler, noting each tick (a Redis that is down is logged, not fatal)."""

    def tick(self, *args, **kwargs):
        try:
            beat()
        except Exception:  # the cache's connection errors; beat must keep scheduling
            logger.warning("could not note the beat heartbeat", exc_info=True)
        return super().tick(*args, **kwargs)
