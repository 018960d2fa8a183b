"""API v1 for working groups, meetings, minutes and action items: reads over the same policy and field map as the
pages (partners get empty lists and 404s), minutes submitted and approved as every reviewed kind is
(``core.api.ReviewedMixin``)."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets

from access import policy
from access.policy import CHANGE, restrict
from alliance_portal.api.conditional import expected_version
from alliance_portal.api.filters import UpdatedSinceFilter
from alliance_portal.api.pagination import SYNC_ORDER
from core.api import ObjectMixin, ReviewedMixin
from core.reviewed import ReviewState
from groups import services
from groups.api.serializers import (
    ActionItemSerializer,
    ActionStatusSerializer,
    MeetingSerializer,
    MinutesSerializer,
    WorkingGroupSerializer,
)
from groups.models import ActionItem, ActionStatus, AgendaItem, Meeting, Minutes, WorkingGroup


class WorkingGroupViewSet(ObjectMixin, viewsets.ReadOnlyModelViewSet):
    """The working groups the caller sees: ministry staff all, members the open ones and their own."""

    serializer_class = WorkingGroupSerializer
    lookup_field = "slug"
    ordering = SYNC_ORDER
    ordering_fields = ["updated_at", "id"]
    filterset_class = UpdatedSinceFilter

    def get_queryset(self):
        return restrict(WorkingGroup.objects.select_related("chair", "liaison"), self.request.user).prefetch_related(
            "members"
        )


class MeetingFilter(UpdatedSinceFilter):
    group = django_filters.CharFilter(field_name="group__slug")


class MeetingViewSet(ObjectMixin, viewsets.ReadOnlyModelViewSet):
    """Meetings of the groups the caller sees, each with its agenda."""

    serializer_class = MeetingSerializer
    ordering = SYNC_ORDER
    ordering_fields = ["updated_at", "starts_at", "id"]
    filterset_class = MeetingFilter

    def get_queryset(self):
        agenda = Prefetch("agenda", queryset=AgendaItem.objects.select_related("project").order_by("order", "pk"))
        return restrict(Meeting.objects.select_related("group"), self.request.user).prefetch_related(agenda)


class MinutesFilter(UpdatedSinceFilter):
    group = django_filters.CharFilter(field_name="meeting__group__slug")
    state = django_filters.ChoiceFilter(choices=ReviewState.choices)


class MinutesViewSet(ReviewedMixin, viewsets.ReadOnlyModelViewSet):
    """Meetings' minutes (closed groups' to their members and the ministry only; drafts to their writers). The
    group's writers submit them (If-Match); the chair's editors, the ministry liaison or a ministry administrator
    who wrote none of them approve or return them (``review/``, If-Match)."""

    serializer_class = MinutesSerializer
    ordering = SYNC_ORDER
    ordering_fields = ["updated_at", "id"]
    filterset_class = MinutesFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        visible = restrict(Minutes.objects.select_related("meeting", "author", "reviewer"), self.request.user)
        return policy.annotate_group_audience(visible, self.request.user, "meeting__group")


class ActionItemFilter(UpdatedSinceFilter):
    group = django_filters.CharFilter(field_name="group__slug")
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lt", label="Due before (ISO date)")


class ActionItemViewSet(ObjectMixin, viewsets.ReadOnlyModelViewSet):
    """Action items, seen as their group is; the group's writers change their status (PATCH, If-Match)."""

    serializer_class = ActionItemSerializer
    ordering = SYNC_ORDER
    ordering_fields = ["updated_at", "due_date", "id"]
    filterset_class = ActionItemFilter
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        related = ("group", "owner", "owner_organization", "project")
        return restrict(ActionItem.objects.select_related(*related), self.request.user)

    @extend_schema(request=ActionStatusSerializer, responses=ActionItemSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Set the action item's status (open, done, cancelled)."""
        item = self.object_for(CHANGE)
        given = ActionStatusSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        version = expected_version(request, item)
        services.set_action_status(item, given.validated_data["status"], request.user, expected_version=version)
        return self._saved(item)
