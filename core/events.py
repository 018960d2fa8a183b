"""What happened, told once: the domain events the services announce (a milestone slipped, an update accepted…).

The services call ``announce(EventType.MILESTONE_SLIPPED, milestone)`` inside the transaction of the change; whoever
listens to ``happened`` (the webhooks' outbox) records it in that same transaction, so an event is stored exactly
when its change is. The apps that announce never import the apps that listen.

Changes made ``as_history()`` (the demo's seeded past) are announced with ``history=True``: listeners that keep a
record still keep it, listeners that tell people (notifications) stay quiet — years of seeded past are not news.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    PROJECT_CREATED = "project.created", _("Project created")
    PROJECT_UPDATED = "project.updated", _("Project updated")
    MILESTONE_UPDATED = "milestone.updated", _("Milestone updated")
    MILESTONE_SLIPPED = "milestone.slipped", _("Milestone slipped")
    MILESTONE_COMPLETED = "milestone.completed", _("Milestone completed")
    STATUS_UPDATE_SUBMITTED = "status_update.submitted", _("Status update submitted")
    STATUS_UPDATE_ACCEPTED = "status_update.accepted", _("Status update accepted")
    STATUS_UPDATE_RETURNED = "status_update.returned", _("Status update returned")
    INDICATOR_VALUE_ADDED = "indicator.value_added", _("Indicator value added")
    BARRIER_RAISED = "barrier.raised", _("Policy barrier raised")
    BARRIER_STATUS_CHANGED = "barrier.status_changed", _("Policy barrier status changed")
    REPORT_READY = "report.ready", _("Report ready")
    MINUTES_APPROVED = "minutes.approved", _("Meeting minutes approved")
    ACTION_ITEM_DUE = "action_item.due", _("Action item due soon")
    ACTION_ITEM_OVERDUE = "action_item.overdue", _("Action item overdue")
    RESULT_ACCEPTED = "result.accepted", _("Result accepted")
    CONTACT_REQUEST_RECEIVED = "contact_request.received", _("Question about a result received")
    CONTACT_REQUEST_ANSWERED = "contact_request.answered", _("Question about a result answered")
    PING = "ping", _("Test event")


# Between people of the portal (a member asks another organization about its result): told in the notification
# centre, never offered to webhooks.
PORTAL_ONLY = frozenset({EventType.CONTACT_REQUEST_RECEIVED, EventType.CONTACT_REQUEST_ANSWERED})

happened = Signal()  # sent with event_type, subject (the changed object) and history (see ``as_history``)
_history = ContextVar("core.events.history", default=False)


@contextmanager
def as_history() -> Iterator[None]:
    """Announce what happens inside as history (``history=True``): recorded, but nobody is told of it as news."""
    token = _history.set(True)
    try:
        yield
    finally:
        _history.reset(token)


def announce(event_type: str, subject: models.Model) -> None:
    """Tell the listeners that ``event_type`` happened to ``subject``; call it inside the change's transaction."""
    happened.send(sender=type(subject), event_type=event_type, subject=subject, history=_history.get())
