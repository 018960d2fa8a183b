"""One person's notifications: the unread count the header shows (kept in the cache, counted at sign-in and on every
change: no query on a page), marking read."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import models
from django.db.models import Count
from django.utils import timezone

from access import policy
from notifications.models import Notification

logger = logging.getLogger(__name__)
COUNT_SECONDS = 24 * 60 * 60


def _key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def of(user) -> models.QuerySet:
    """The notifications ``user`` may see: their own (the access policy's rule)."""
    return policy.restrict(Notification.objects.all(), user)


def unread_count(user) -> int:
    """How many of ``user``'s notifications are unread: from the cache (counted when they sign in and whenever their
    notifications change), else one query (then cached)."""
    try:
        cached = cache.get(_key(user.pk))
    except Exception:
        logger.warning("the cache is unavailable; unread notifications counted directly")
        return of(user).filter(read_at=None).count()
    if cached is None:
        cached = recount([user.pk])[user.pk]
    return cached


def recount(user_ids: Iterable[int]) -> dict[int, int]:
    """Count these people's unread notifications (one query) and keep the counts in the cache."""
    ids = set(user_ids)
    if not ids:
        return {}
    unread = Notification.objects.filter(recipient_id__in=ids, read_at=None).order_by()
    counts = dict.fromkeys(ids, 0) | dict(
        unread.values("recipient_id").annotate(n=Count("pk")).values_list("recipient_id", "n")
    )
    try:
        cache.set_many({_key(pk): n for pk, n in counts.items()}, COUNT_SECONDS)
    except Exception:  # counted again on their next page
        logger.warning("unread notification counts could not be cached")
    return counts


def count_on_sign_in(sender, user, **kwargs) -> None:
    """The header's count is ready before the first page (``user_logged_in``)."""
    recount([user.pk])


def mark_read(user, notification: Notification) -> None:
    of(user).filter(pk=notification.pk, read_at=None).update(read_at=timezone.now())
    recount([user.pk])


def mark_all_read(user) -> int:
    marked = of(user).filter(read_at=None).update(read_at=timezone.now())
    recount([user.pk])
    return marked
