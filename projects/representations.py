"""The API's view of each kind of object for one user: which rows (the access policy) shaped how (the query the
serializer expects). The viewsets list them; webhook payloads render one object with them, so a subscriber receives
exactly what its owner's API would show — the same fields, the same field map."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from access import policy
from access.policy import restrict
from projects.api.serializers import (
    IndicatorSerializer,
    MilestoneSerializer,
    PolicyBarrierSerializer,
    ProjectSerializer,
    StatusUpdateSerializer,
)
from projects.models import Indicator, IndicatorValue, Milestone, PolicyBarrier, Project, StatusUpdate


def projects(user) -> QuerySet:
    money = policy.can(user, "see_portfolio_money")
    return policy.visible_projects(user).listed(timezone.localdate(), money=money).with_participant_list()


def milestones(user) -> QuerySet:
    return restrict(Milestone.objects.select_related("project"), user).with_slippage()


def status_updates(user) -> QuerySet:
    visible = restrict(StatusUpdate.objects.select_related("project", "author", "reviewer"), user)
    return policy.annotate_audience(visible, user, "project")


def indicators(user) -> QuerySet:
    values = Prefetch("values", queryset=IndicatorValue.objects.order_by("period"))
    return restrict(Indicator.objects.select_related("project"), user).prefetch_related(values)


def barriers(user) -> QuerySet:
    visible = restrict(Project.objects.only("code"), user)
    return restrict(PolicyBarrier.objects.select_related("raised_by"), user).prefetch_related(
        Prefetch("projects", queryset=visible)
    )


REPRESENTATIONS = {
    Project: (projects, ProjectSerializer),
    Milestone: (milestones, MilestoneSerializer),
    StatusUpdate: (status_updates, StatusUpdateSerializer),
    Indicator: (indicators, IndicatorSerializer),
    PolicyBarrier: (barriers, PolicyBarrierSerializer),
}


def represent(model: type, pk, user) -> dict | None:
    """The object as ``user``'s API shows it, or None where the user may not see it."""
    rows, serializer = REPRESENTATIONS[model]
    obj = rows(user).filter(pk=pk).first()
    return None if obj is None else serializer(obj).data
