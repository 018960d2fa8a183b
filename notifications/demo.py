"""The demo's bells: its past is seeded as history (``core.events.as_history``), so no bell rings for years of made-up
changes; what still waits for someone this month is told, in the portal only (a demo never mails): the updates
waiting for the ministry's review, and the updates returned to their authors."""

from __future__ import annotations

import datetime

from core.events import EventType
from core.periods import reporting_period
from core.reviewed import ReviewState
from notifications import fanout
from projects.models import StatusUpdate

WAITING = {
    ReviewState.SUBMITTED: EventType.STATUS_UPDATE_SUBMITTED,
    ReviewState.RETURNED: EventType.STATUS_UPDATE_RETURNED,
}


def seed(as_of: datetime.date) -> None:
    """Tell this month's waiting updates (idempotent: a second seeding finds them told)."""
    updates = StatusUpdate.objects.filter(period=reporting_period(as_of), state__in=list(WAITING)).order_by("pk")
    for update in updates:
        when = update.reviewed_at or update.submitted_at
        fanout.fan_out(WAITING[update.state], StatusUpdate._meta.label_lower, str(update.pk), when, mail=False)
