"""Stored figures kept equal to their rule, written once: lock the owners' rows (two writers of one owner store one
after the other, the second reading what the first committed), make the rows owners lack, store the rule's values,
and start a new copy of what is cached from them. ``projects.figures.keep`` binds it to ``ProjectFigures``; the
projects, money and AI-ethics figures are each a ``store`` function over it."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet


@transaction.atomic
def keep(
    owners: QuerySet,
    store: Callable[[QuerySet], int],
    *,
    make_missing: Callable[[QuerySet], object],
    invalidate: Callable[[], None],
) -> int:
    """Store ``store``'s figures for ``owners`` (a queryset); returns what ``store`` returns (rows written)."""
    locked = list(owners.order_by("pk").select_for_update(of=("self",)).values_list("pk", flat=True))
    owners = owners.model._default_manager.filter(pk__in=locked)
    make_missing(owners)
    written = store(owners)
    invalidate()
    return written
