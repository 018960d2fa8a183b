"""Publishing a period as open data. Callers have asked ``can(user, "publish_open_data")``; these functions keep the
rules that hold whoever calls: only a month that has ended, a correction says what it corrects, a publication is
frozen once written and its files are built exactly once."""

from __future__ import annotations

import datetime
import itertools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import periods
from core.reviewed import ReviewState
from members.models import User
from opendata import snapshot
from opendata.models import Publication, PublishedProject
from opendata.tasks import queue_build
from projects.models import StatusUpdate

NOTE_MAX_LENGTH = 2000
BATCH = 1000


def check_period(period: datetime.date, today: datetime.date) -> None:
    if periods.month(period).end >= today:
        raise ValidationError(
            _("%(month)s has not ended yet; publish a month once its updates are in and reviewed."),
            params={"month": period.strftime("%Y-%m")},
            code="not_ended",
        )


def waiting_for_review(period: datetime.date) -> int:
    """Updates of ``period`` for open-data projects not yet accepted or returned (the publish form warns)."""
    return StatusUpdate.objects.filter(
        period=period, state=ReviewState.SUBMITTED, project__in=snapshot.published_projects(period)
    ).count()


def publish(period: datetime.date, by: User | None, *, ratings: bool, note: str = "") -> Publication:
    """Publish ``period`` (its first day): version 1, or the next version (a correction, which needs ``note``);
    ``by`` is None for the scheduled publication. The files are built after the commit by ``opendata.build_files``."""
    period = periods.reporting_period(period)
    check_period(period, timezone.localdate())
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("Keep the note within %(limit)d characters."), params={"limit": NOTE_MAX_LENGTH}, code="too_long"
        )
    with transaction.atomic():
        # one publisher of a period at a time: the second waits, then numbers its version after the first
        with transaction.get_connection().cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext('opendata.publish'), %s)", [period.year * 100 + period.month]
            )
        last = Publication.objects.filter(period=period).aggregate(Max("version"))["version__max"] or 0
        if last and not note:
            raise ValidationError(
                _("%(month)s is already published; say in the note what this new version corrects."),
                params={"month": period.strftime("%Y-%m")},
                code="note_required",
            )
        # the records stream from the live tables into the publication's rows a batch at a time, counted on the way;
        # the summary is set last, by this same transaction (the freeze trigger allows it only here)
        publication = Publication.objects.create(
            period=period,
            version=last + 1,
            note=note,
            ratings=ratings,
            published_by=by,
            published_at=timezone.now(),
            summary={},
        )
        summary = snapshot.Summary(period, snapshot.withheld_count(period), ratings=ratings)
        records = snapshot.records(period, ratings)
        while batch := list(itertools.islice(records, BATCH)):
            for record in batch:
                summary.add(record)
            PublishedProject.objects.bulk_create(
                PublishedProject(
                    publication=publication, code=r["project"]["code"], area=r["project"]["area"], record=r
                )
                for r in batch
            )
        publication.summary = summary.figures()
        publication.save(update_fields=["summary"])
        transaction.on_commit(lambda: queue_build(publication.pk))
    return publication


def publish_due(today: datetime.date) -> Publication | None:
    """The scheduled publication: last month, ``OPEN_DATA_PUBLISH_DAYS_AFTER_REVIEW`` days after its review deadline
    (its updates are due on ``REPORTING_DUE_DAY`` and reviewed by the month's last day), if nobody has published it
    yet (one who publishes it while this one waits for the period's lock leaves it nothing to do); ratings as
    ``OPEN_DATA_PUBLISH_RATINGS``."""
    days = settings.OPEN_DATA_PUBLISH_DAYS_AFTER_REVIEW
    if days is None:
        return None
    month = periods.month(periods.add_months(periods.reporting_period(today), -1))
    period = month.start
    if today < month.end + datetime.timedelta(days=days) or Publication.objects.filter(period=period).exists():
        return None
    try:
        return publish(period, None, ratings=settings.OPEN_DATA_PUBLISH_RATINGS)
    except ValidationError as error:
        if error.code == "note_required":  # published meanwhile, by a person or a second run of the schedule
            return None
        raise
