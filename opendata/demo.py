"""The demo's open data: the latest reviewed month published (with ratings) and its files built at once, so
``/open/`` is populated on a fresh ``make run``. Idempotent: nothing is done once anything is published."""

from __future__ import annotations

import datetime

from django.db.models import Max

from core.periods import reporting_period
from core.reviewed import ReviewState
from members.models import User
from opendata import files, services
from opendata.models import Publication
from projects.models import StatusUpdate


def seed(as_of: datetime.date) -> Publication | None:
    if Publication.objects.exists():
        return None
    reviewed = StatusUpdate.objects.filter(state=ReviewState.ACCEPTED, period__lt=reporting_period(as_of))
    period = reviewed.aggregate(last=Max("period"))["last"]
    if period is None:
        return None
    publication = services.publish(period, User.objects.get(username="ministry"), ratings=True)
    files.build(publication.pk)
    return publication
