"""Writes of one person's notification settings."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.slots import insert_once
from notifications import kinds
from notifications.models import Delivery, DigestTime, Preference, SavedView


def deliveries(user) -> dict[str, str]:
    """How ``user`` hears of each kind: their choice, else their role's default."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind) or kinds.default_delivery(kind, user.role) for kind in kinds.KINDS}


def digest_time(user) -> DigestTime:
    return DigestTime.objects.filter(user=user).first() or DigestTime(user=user)


@transaction.atomic
def save_preferences(user, chosen: dict[str, str], *, hour: int, weekday: int) -> None:
    """Store ``user``'s choices (every kind named; a choice equal to the role's default is stored all the same, so a
    later change of defaults does not change what they chose)."""
    for kind, delivery in chosen.items():
        if kind in kinds.KINDS and delivery in Delivery.values:
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
    DigestTime.objects.update_or_create(user=user, defaults={"hour": hour, "weekday": weekday})


@transaction.atomic
def unsubscribe(user_id: int, kind_names: list[str]) -> int:
    """Turn the named kinds off for the person (a one-click unsubscribe); returns how many kinds."""
    named = [k for k in kind_names if k in kinds.KINDS]
    for kind in named:
        Preference.objects.update_or_create(user_id=user_id, kind=kind, defaults={"delivery": Delivery.OFF})
    return len(named)


def save_view(owner, *, name: str, view_list: str, query: str, shared: bool, notify: bool = False) -> SavedView:
    """Save a view under a name the owner has not used (a clear refusal otherwise, however close two saves come)."""
    view = SavedView(owner=owner, name=name.strip(), list=view_list, query=query, shared=shared, notify=notify)
    return insert_once(view, "savedview_one_name_per_owner", _("You already have a saved view of that name."))


def set_view_notify(view: SavedView, notify: bool) -> None:
    """Start or stop the daily check of ``view``; started again, it starts afresh (its first check tells nothing)."""
    SavedView.objects.filter(pk=view.pk).update(notify=notify, seen_rows=None, checked_on=None)
