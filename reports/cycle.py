"""The monthly reporting cycle: a period opens on the 1st and its status update is due by the due day
(``REPORTING_DUE_DAY``, default the 10th). Reminders go out three days before and on the due day; ministry staff
hear about what is still missing three days after."""

from __future__ import annotations

import datetime

from django.conf import settings

from core.periods import add_months, reporting_period

REMINDER_DAYS_BEFORE = 3
ESCALATION_DAYS_AFTER = 3


def due_date(period: datetime.date) -> datetime.date:
    return period.replace(day=settings.REPORTING_DUE_DAY)


def latest_due_period(today: datetime.date) -> datetime.date:
    """The most recent period whose update was due before ``today``."""
    current = reporting_period(today)
    return current if today > due_date(current) else add_months(current, -1)


def notice_due(today: datetime.date) -> str | None:
    """Which notice (a ``Notification.Kind`` value) the cycle sends on ``today``, if any."""
    due = due_date(reporting_period(today))
    if today == due - datetime.timedelta(days=REMINDER_DAYS_BEFORE):
        return "reminder"
    if today == due:
        return "due"
    if today == due + datetime.timedelta(days=ESCALATION_DAYS_AFTER):
        return "escalation"
    return None
