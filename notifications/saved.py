"""Saved views: a list's filters kept with a name, run again for whoever opens them — the list's own rows (the access
policy for that person) through the list's own FilterSet, so a saved view never shows more than the list would."""

from __future__ import annotations

from django.db import models
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from access import policy
from notifications.models import SavedView
from projects.filters import BarrierFilter, MoneyProjectFilter, ProjectFilter
from projects.models import PolicyBarrier

ON_DASHBOARD = 10  # the views counted on the dashboard: a bounded number of counting queries
LIST_URLS = {SavedView.List.PROJECTS: "project_list", SavedView.List.BARRIERS: "barrier_list"}


def _rows(view_list: str, user) -> tuple[type, models.QuerySet]:
    """The list's FilterSet and rows for ``user``, as the list page builds them."""
    if view_list == SavedView.List.PROJECTS:
        money = policy.can(user, "see_portfolio_money")
        rows = policy.visible_projects(user).listed(timezone.localdate(), money=money)
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


def url(view: SavedView) -> str:
    return reverse(LIST_URLS[view.list]) + (f"?{view.query}" if view.query else "")


def visible(user) -> models.QuerySet:
    return policy.restrict(SavedView.objects.select_related("owner"), user)


def counted(views, user) -> list[tuple[SavedView, str, int | None]]:
    return [(view, url(view), count(view, user)) for view in views]
