"""Reads of the groups app, through the access policy, with a fixed number of queries whatever their length."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from access.policy import CHANGE, restrict
from groups.models import ActionItem, ActionStatus, AgendaItem, Meeting, WorkingGroup
from members.models import MEMBER_ROLES, User


def groups(user) -> QuerySet:
    """The groups the user sees, with their chair and counts of meetings and open action items."""
    return (
        restrict(WorkingGroup.objects.select_related("chair"), user)
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            open_items=Count("action_items", filter=Q(action_items__status=ActionStatus.OPEN), distinct=True),
        )
        .order_by("name_ko", "pk")
    )


def meetings(user, **filters) -> QuerySet:
    return restrict(Meeting.objects.filter(**filters), user).select_related("group").prefetch_related("minutes")


def action_items(user, **filters) -> QuerySet:
    """Action items the user sees, with what the page shows of each and whether the user may change its status
    (``changeable``), in one query."""
    changeable = restrict(ActionItem.objects.filter(pk=OuterRef("pk")), user, CHANGE)
    return (
        restrict(ActionItem.objects.filter(**filters), user)
        .select_related("group", "owner", "owner_organization", "barrier", "project")
        .annotate(changeable=Exists(changeable))
    )


def owned_by(user) -> QuerySet:
    """The user's own open action items and their organization's (the dashboard's list)."""
    mine = Q(owner=user)
    if user.organization_id:
        mine |= Q(owner_organization_id=user.organization_id)
    return action_items(user, status=ActionStatus.OPEN).filter(mine).order_by("due_date", "pk")


def group_people(group: WorkingGroup) -> QuerySet:
    """The active people of the group: its chair's and members' staff and its ministry liaison (invited to its
    meetings, possible owners of its action items)."""
    organizations = [group.chair_id, *group.members.values_list("pk", flat=True)]
    people = Q(organization_id__in=organizations, role__in=MEMBER_ROLES)
    if group.liaison_id:
        people |= Q(pk=group.liaison_id)
    return User.objects.filter(people, is_active=True).order_by("username")


def agenda_prefetch() -> Prefetch:
    return Prefetch("agenda", queryset=AgendaItem.objects.select_related("barrier", "project").order_by("order"))


def marked(items: QuerySet, today: datetime.date) -> list[ActionItem]:
    """The items, each marked ``overdue`` (open and past its due date)."""
    items = list(items)
    for item in items:
        item.overdue = item.status == ActionStatus.OPEN and item.due_date < today
    return items
