"""Writes of the groups app: scheduling a meeting with its agenda, writing its minutes (reviewed work), recording
action items and their status, calendar feeds. Pages, the API, the admin and demo data all call these."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import mail, reviewed
from core.links import absolute_url
from core.slots import insert_once
from core.versions import save_if_current
from groups.models import (
    ONE_MINUTES,
    ActionItem,
    ActionStatus,
    AgendaItem,
    CalendarFeed,
    Meeting,
    Minutes,
    WorkingGroup,
)
from projects.models import PolicyBarrier, Project


@dataclass(frozen=True)
class Item:
    """An agenda item as scheduled: its title and what it is about (a barrier, a project or nothing)."""

    title: str
    barrier: PolicyBarrier | None = None
    project: Project | None = None


@transaction.atomic
def schedule_meeting(meeting: Meeting, agenda: list[Item], invited, *, tell: bool = True) -> Meeting:
    """Save a new meeting of ``meeting.group`` with its agenda and invite ``invited`` (mailed in their language once
    committed; ``tell``: demo data invites without mailing)."""
    if not agenda:
        raise ValidationError(_("A meeting needs at least one agenda item."), code="no_agenda")
    meeting.full_clean(exclude=["group"])
    meeting.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=order, title=item.title, barrier=item.barrier, project=item.project)
        for order, item in enumerate(agenda, start=1)
    )
    meeting.invited.set(invited)
    if tell:
        transaction.on_commit(lambda: invite(meeting))
    return meeting


def invite(meeting: Meeting) -> None:
    """Mail the meeting's invitation to each invited person with an address, in their language."""
    people = [person for person in meeting.invited.filter(is_active=True) if person.email]

    def compose() -> tuple[str, str]:
        when = date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
        values = {"group": meeting.group.name, "title": meeting.title, "when": when}
        subject = _("Invitation: %(group)s — %(title)s, %(when)s") % values
        where = meeting.place or meeting.video_link
        lines = [subject, "", _("Where: %(where)s") % {"where": where}, ""]
        lines += [f"{item.order}. {item.title}" for item in meeting.agenda.all()]
        lines += ["", absolute_url(reverse("meeting_detail", kwargs={"pk": meeting.pk}))]
        return subject, "\n".join(lines)

    mail.tell(people, compose, f"invitation to meeting {meeting.pk}")


@transaction.atomic
def record_attendance(meeting: Meeting, attended, by, *, expected_version: int) -> Meeting:
    """Who of the invited attended, recorded by the group's leaders once the meeting has begun (refused when
    stale); the meeting's history keeps each list with who recorded it."""
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the meeting has begun."), code="not_yet")
    invited = set(meeting.invited.values_list("pk", flat=True))
    if any(person.pk not in invited for person in attended):
        raise ValidationError(_("Only invited people can be recorded as attending."), code="not_invited")
    meeting.skip_history_when_saving = True  # one history record, by the save below, not one per change of the set
    try:
        meeting.attended.set(attended)
    finally:
        del meeting.skip_history_when_saving
    meeting._history_user = by
    save_if_current(meeting, expected_version=expected_version)
    return meeting


def minutes_of(meeting: Meeting, author) -> Minutes:
    """The meeting's minutes, or a new draft by ``author`` (not saved yet)."""
    return meeting.minutes.first() or Minutes(meeting=meeting, author=author)


@transaction.atomic
def save_minutes(minutes: Minutes, by, *, expected_version: int | None = None) -> Minutes:
    """Save the minutes' content: a new draft, or a draft or returned one's changes (refused when stale)."""
    notes = minutes.item_notes or {}
    agenda = {str(pk) for pk in minutes.meeting.agenda.values_list("pk", flat=True)}
    minutes.item_notes = {key: text for key, text in notes.items() if key in agenda and text.strip()}
    if minutes.pk is None:
        return insert_once(minutes, ONE_MINUTES, _("Someone else has started these minutes: open them again."), by=by)
    return reviewed.save_content(minutes, by, expected_version=expected_version or 0)


@transaction.atomic
def record_action_item(item: ActionItem, by) -> ActionItem:
    """A new action item decided in its meeting (while the meeting's minutes are still being written)."""
    if item.meeting_id is not None:
        minutes = Minutes.objects.filter(meeting_id=item.meeting_id).first()
        if minutes is not None:
            reviewed.check_editable(minutes)
        item.group_id = item.meeting.group_id
    item.full_clean()
    item._history_user = by
    item.save()
    return item


@transaction.atomic
def set_action_status(item: ActionItem, status: str, by, *, expected_version: int) -> ActionItem:
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    item.status = status
    item._history_user = by
    save_if_current(item, expected_version=expected_version)
    return item


# -- calendar feeds ------------------------------------------------------------------------------------------------


def _hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_feed(user, group: WorkingGroup | None = None) -> tuple[CalendarFeed, str]:
    """A new secret feed address for ``user`` (their own calendar, or ``group``'s); the token is shown once."""
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, group=group, token_hash=_hashed(token))
    return feed, token


def feed_for(token: str) -> CalendarFeed | None:
    """The live feed of ``token`` whose owner is still active, or None."""
    return (
        CalendarFeed.objects.select_related("user", "group")
        .filter(token_hash=_hashed(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def revoke_feed(feed: CalendarFeed) -> None:
    CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
