"""Celery beat's heartbeat: the scheduler notes the time in Redis on every tick (every few seconds, see
django-celery-beat's ``max_interval``), and ``/readyz`` counts beat as alive while that note is fresh."""

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


def check() -> None:
    """Raises when beat has not ticked within ``FRESH_SECONDS`` (or never has)."""
    seen = cache.get(KEY)
    if seen is None:
        raise RuntimeError("celery beat has not ticked yet")
    if (age := time.time() - seen) > FRESH_SECONDS:
        raise RuntimeError(f"celery beat last ticked {age:.0f} s ago")


class HeartbeatScheduler(DatabaseScheduler):
    """django-celery-beat's database scheduler, noting each tick (a Redis that is down is logged, not fatal)."""

    def tick(self, *args, **kwargs):
        try:
            beat()
        except Exception:  # the cache's connection errors; beat must keep scheduling
            logger.warning("could not note the beat heartbeat", exc_info=True)
        return super().tick(*args, **kwargs)
