"""Overdue action items remind their owner: run by the daily ``reminders`` job (``reports.tasks``) through its
ledger (``reports.services.notify_once``: one e-mail per item and person, in their language, retried when the mail
server refuses). The day an item enters its due window (``DUE_SOON`` before its due date) it is announced once
(``action_item.due``), and the day it first goes overdue once more (``action_item.overdue``)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from access import policy
from core.events import EventType, announce
from core.links import absolute_url
from groups.models import ActionItem
from reports.models import Notification
from reports.services import notify_once

DUE_SOON = datetime.timedelta(days=3)


def _owners(item: ActionItem) -> list:
    people = [item.owner] if item.owner_id else list(policy.editors_at(item.owner_organization_id))
    return [person for person in people if person.is_active and person.email]


def announce_due_soon(today: datetime.date) -> int:
    """Announce each open action item entering its due window, once; returns how many were announced."""
    announced = 0
    entering = ActionItem.objects.due_soon(today, DUE_SOON).filter(due_announced=False)
    for item in entering.select_related("group").order_by("due_date", "pk"):
        with transaction.atomic():
            if ActionItem.objects.filter(pk=item.pk, due_announced=False).update(due_announced=True):
                announce(EventType.ACTION_ITEM_DUE, item)
                announced += 1
    return announced


def send_overdue_reminders(today: datetime.date) -> int:
    """Remind the owners of open action items past their due date; returns how many e-mails went out."""
    sent = 0
    overdue = ActionItem.objects.overdue(today).select_related("group", "owner", "owner_organization")
    for item in overdue.order_by("due_date", "pk"):
        with transaction.atomic():
            if ActionItem.objects.filter(pk=item.pk, overdue_announced=False).update(overdue_announced=True):
                announce(EventType.ACTION_ITEM_OVERDUE, item)

        def compose(item=item) -> tuple[str, str]:
            values = {"title": item.title, "group": item.group.name, "due": item.due_date.isoformat()}
            subject = _("Action item overdue: %(title)s (due %(due)s)") % values
            body = _("Your action item from the working group %(group)s was due on %(due)s:") % values
            link = absolute_url(reverse("group_detail", kwargs={"slug": item.group.slug}))
            return subject, f"{body}\n\n{item.title}\n{link}\n"

        for person in _owners(item):
            sent += notify_once(Notification.Kind.ACTION_OVERDUE, f"action-{item.pk}", person, compose)
    return sent
