"""Saved views: a list's filters kept with a name, run again for whoever opens them — the list's own rows (the access
policy for that person) through the list's own FilterSet, so a saved view never shows more than the list would.

The views that notify are run again every day as their owner (``check``): the owner hears of rows come or gone since
the day before, once a day, nothing on the first check and nothing when the view is unchanged."""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from access import policy
from notifications import inbox, kinds, mails
from notifications.models import VIEW_CHANGED, Delivery, Notification, Preference, SavedView
from projects.filters import BarrierFilter, MoneyProjectFilter, ProjectFilter
from projects.models import PolicyBarrier

ON_DASHBOARD = 10  # the views counted on the dashboard: a bounded number of counting queries
LIST_URLS = {SavedView.List.PROJECTS: "project_list", SavedView.List.BARRIERS: "barrier_list"}


def _rows(view_list: str, user, today: datetime.date | None = None) -> tuple[type, models.QuerySet]:
    """The list's FilterSet and rows for ``user`` on ``today`` (default: today), as the list page builds them."""
    if view_list == SavedView.List.PROJECTS:
        money = policy.can(user, "see_portfolio_money")
        rows = policy.visible_projects(user).listed(today or timezone.localdate(), money=money)
        return (MoneyProjectFilter if money else ProjectFilter), rows
    return BarrierFilter, policy.restrict(PolicyBarrier.objects.all(), user)


def clean_query(view_list: str, query: str, user) -> str:
    """The query string as the list reads it (no page number); raises ValueError for filters the list refuses."""
    data = QueryDict(query, mutable=True)
    data.pop("page", None)
    filterset_class, rows = _rows(view_list, user)
    if not filterset_class(data, queryset=rows.none()).is_valid():
        raise ValueError(query)
    return data.urlencode()


def count(view: SavedView, user) -> int | None:
    """How many rows ``view`` shows ``user`` now (None: its filters no longer hold)."""
    filterset_class, rows = _rows(view.list, user)
    filterset = filterset_class(QueryDict(view.query), queryset=rows)
    return filterset.qs.count() if filterset.is_valid() else None


def row_ids(view: SavedView, user, today: datetime.date) -> list[int] | None:
    """The ids of the rows ``view`` shows ``user`` on ``today`` (None: its filters no longer hold)."""
    filterset_class, rows = _rows(view.list, user, today)
    filterset = filterset_class(QueryDict(view.query), queryset=rows)
    return sorted(filterset.qs.order_by().values_list("pk", flat=True)) if filterset.is_valid() else None


def check(view: SavedView, now: datetime.datetime) -> Notification | None:
    """Run a view that notifies as its owner and tell them what came or went since its last check (once a day:
    a second check on the same day finds it checked); returns the notification written, if any."""
    today = timezone.localdate(now)
    owner = view.owner
    found = row_ids(view, owner, today)
    if found is None:  # its filters no longer hold: nothing to compare until they are saved again
        return None
    with transaction.atomic():
        unchecked = SavedView.objects.filter(pk=view.pk).exclude(checked_on=today)
        first = view.seen_rows is None
        if not unchecked.update(checked_on=today, seen_rows=found) or first:  # checked today already, or first
            return None
        added, removed = len(set(found) - set(view.seen_rows)), len(set(view.seen_rows) - set(found))
        chosen = Preference.objects.filter(user=owner, kind=VIEW_CHANGED).values_list("delivery", flat=True).first()
        delivery = chosen or kinds.default_delivery(VIEW_CHANGED, owner.role)
        if not (added or removed) or delivery == Delivery.OFF:
            return None
        notification = Notification.objects.create(
            recipient=owner, kind=VIEW_CHANGED, subject_type=SavedView._meta.label_lower, subject_id=str(view.pk),
            details={"name": view.name, "added": added, "removed": removed}, path=url(view), occurred_at=now,
            delivery=delivery, mailed_at=now if delivery == Delivery.IMMEDIATE else None,
        )  # fmt: skip
    inbox.recount([owner.pk])
    if delivery == Delivery.IMMEDIATE:
        mails.send_at_once([notification])
    return notification


def check_all(now: datetime.datetime) -> int:
    """The daily check of every view that notifies (beat); returns how many owners were told."""
    watched = SavedView.objects.filter(notify=True, owner__is_active=True).exclude(checked_on=timezone.localdate(now))
    return sum(check(view, now) is not None for view in watched.select_related("owner").order_by("pk"))


def url(view: SavedView) -> str:
    return reverse(LIST_URLS[view.list]) + (f"?{view.query}" if view.query else "")


def visible(user) -> models.QuerySet:
    return policy.restrict(SavedView.objects.select_related("owner"), user)


def counted(views, user) -> list[tuple[SavedView, str, int | None]]:
    return [(view, url(view), count(view, user)) for view in views]
