"""iCalendar (RFC 5545) feeds, written with the ``icalendar`` library: meetings as timed events (Asia/Seoul, with
their place or video link) and open action items as all-day events on their due date. What a feed holds is what
its owner may see at the time it is read (``access.policy``), so a revoked membership empties it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from access.policy import restrict
from core.links import absolute_url
from groups.models import ActionItem, ActionStatus, Meeting, WorkingGroup

PRODUCT = "-//Industrial AI Alliance Portal//Working groups//EN"


def _uid(kind: str, pk: int) -> str:
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
    return f"{kind}-{pk}@{host}"


def _meeting_event(meeting: Meeting, stamp: datetime.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", _uid("meeting", meeting.pk))
    event.add("dtstamp", stamp)
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    event.add("summary", f"{meeting.group.name}: {meeting.title}")
    event.add("location", meeting.place or meeting.video_link)
    event.add("url", absolute_url(reverse("meeting_detail", kwargs={"pk": meeting.pk})))
    agenda = "\n".join(f"{item.order}. {item.title}" for item in meeting.agenda.all())
    if agenda:
        event.add("description", agenda)
    return event


def _action_event(item: ActionItem, stamp: datetime.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", _uid("action", item.pk))
    event.add("dtstamp", stamp)
    event.add("dtstart", item.due_date)
    event.add("dtend", item.due_date + datetime.timedelta(days=1))
    event.add("summary", _("Due: %(title)s") % {"title": item.title})
    event.add("url", absolute_url(reverse("group_detail", kwargs={"slug": item.group.slug})))
    return event


def calendar(name: str, meetings: Iterable[Meeting], items: Iterable[ActionItem]) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for meeting in meetings:
        cal.add_component(_meeting_event(meeting, stamp))
    for item in items:
        cal.add_component(_action_event(item, stamp))
    cal.add_missing_timezones()
    return cal.to_ical()


def _meetings(queryset, user):
    return restrict(queryset, user).select_related("group").prefetch_related("agenda").order_by("starts_at", "pk")


def _items(queryset, user):
    open_items = queryset.filter(status=ActionStatus.OPEN)
    return restrict(open_items, user).select_related("group").order_by("due_date", "pk")


def personal_feed(user) -> bytes:
    """The meetings of the groups the user's organization chairs or belongs to (or that the user is liaison of, or
    invited to) and the user's own open action items (and their organization's)."""
    organization = user.organization_id
    groups = WorkingGroup.objects.filter(liaison=user)
    if organization:
        groups = (
            groups
            | WorkingGroup.objects.filter(chair_id=organization)
            | WorkingGroup.objects.filter(members=organization)
        )
    meetings = Meeting.objects.filter(group__in=groups.values("pk")) | Meeting.objects.filter(invited=user)
    items = ActionItem.objects.filter(owner=user)
    if organization:
        items = items | ActionItem.objects.filter(owner_organization_id=organization)
    return calendar(_("My working groups"), _meetings(meetings.distinct(), user), _items(items, user))


def group_feed(group: WorkingGroup, user) -> bytes:
    meetings = _meetings(Meeting.objects.filter(group=group), user)
    return calendar(group.name, meetings, _items(ActionItem.objects.filter(group=group), user))


def meeting_file(meeting: Meeting) -> bytes:
    """One meeting, for "add to calendar"."""
    return calendar(meeting.group.name, [meeting], [])
