"""One person's notifications: the unread count the header shows (kept in the cache: no query on a page once
counted), marking read."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import models
from django.utils import timezone

from access import policy
from notifications.models import Notification

logger = logging.getLogger(__name__)
COUNT_SECONDS = 60 * 60


def _key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def of(user) -> models.QuerySet:
    """The notifications ``user`` may see: their own (the access policy's rule)."""
    return policy.restrict(Notification.objects.all(), user)


def unread_count(user) -> int:
    """How many of ``user``'s notifications are unread: from the cache, else one query (then cached)."""
    try:
        cached = cache.get(_key(user.pk))
    except Exception:
        logger.warning("the cache is unavailable; unread notifications counted directly")
        return of(user).filter(read_at=None).count()
    if cached is None:
        cached = of(user).filter(read_at=None).count()
        try:
            cache.set(_key(user.pk), cached, COUNT_SECONDS)
        except Exception:
            logger.warning("the unread notifications count could not be cached")
    return cached


def forget_counts(user_ids: Iterable[int]) -> None:
    """Drop the cached counts of these people (their notifications changed)."""
    keys = [_key(pk) for pk in user_ids]
    if not keys:
        return
    try:
        cache.delete_many(keys)
    except Exception:  # a count stays stale for at most COUNT_SECONDS
        logger.warning("cached unread counts could not be dropped")


def mark_read(user, notification: Notification) -> None:
    of(user).filter(pk=notification.pk, read_at=None).update(read_at=timezone.now())
    forget_counts([user.pk])


def mark_all_read(user) -> int:
    marked = of(user).filter(read_at=None).update(read_at=timezone.now())
    forget_counts([user.pk])
    return marked
