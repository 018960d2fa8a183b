"""API v1 over the same permission querysets, filters and services as the pages: no rule is written twice."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from access.policy import CHANGE, restrict
from alliance_portal.api.conditional import expected_version
from alliance_portal.api.csv import CSV_CAPABLE, wants_csv
from alliance_portal.api.database_json import DatabaseJson
from alliance_portal.api.filters import UpdatedSinceFilter
from alliance_portal.api.pagination import SYNC_ORDER
from core.api import ObjectMixin, ReviewedMixin
from core.reviewed import ReviewState
from projects import exports, portfolio, representations, services
from projects.api.serializers import (
    IndicatorSerializer,
    IndicatorValueSerializer,
    MilestoneChangeSerializer,
    MilestoneSerializer,
    PolicyBarrierSerializer,
    PortfolioSummarySerializer,
    ProjectSerializer,
    StatusUpdateChangeSerializer,
    StatusUpdateSerializer,
)
from projects.filters import BarrierFilter, ProjectFilter
from projects.models import MilestoneStatus, Project, Rag

CSV_PARAMETER = OpenApiParameter(
    "format", str, enum=["csv"], required=False, description="`csv` streams the filtered list as CSV."
)


PROJECT_ROWS = DatabaseJson(ProjectSerializer)


class ApiProjectFilter(ProjectFilter, UpdatedSinceFilter):
    """The list page's filters; the order is the cursor's (stable for sync), so the page's sort is left out."""

    ordering = None


class ProjectViewSet(ObjectMixin, viewsets.ReadOnlyModelViewSet):
    ordering = SYNC_ORDER
    ordering_fields = ["code", "end_date", "updated_at"]
    serializer_class = ProjectSerializer
    renderer_classes = CSV_CAPABLE
    lookup_field = "code"
    filterset_class = ApiProjectFilter

    def get_queryset(self):
        return representations.projects(self.request.user)

    @extend_schema(parameters=[CSV_PARAMETER])
    def list(self, request, *args, **kwargs):
        projects = self.filter_queryset(self.get_queryset())
        if wants_csv(request):
            return exports.projects_csv(projects.order_by("code"))
        page = self.paginate_queryset(PROJECT_ROWS.rows(projects, *self.ordering_fields))
        return PROJECT_ROWS.page_response(self.paginator, page)


class MilestoneFilter(UpdatedSinceFilter):
    project = django_filters.CharFilter(field_name="project__code")
    status = django_filters.ChoiceFilter(choices=MilestoneStatus.choices)
    forecast_after = django_filters.DateFilter(field_name="forecast_date", lookup_expr="gte")
    forecast_before = django_filters.DateFilter(field_name="forecast_date", lookup_expr="lte")


class MilestoneViewSet(ObjectMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    ordering = SYNC_ORDER
    ordering_fields = ["forecast_date", "baseline_date", "updated_at", "id"]
    serializer_class = MilestoneSerializer
    renderer_classes = CSV_CAPABLE
    filterset_class = MilestoneFilter
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return representations.milestones(self.request.user)

    @extend_schema(parameters=[CSV_PARAMETER])
    def list(self, request, *args, **kwargs):
        if wants_csv(request):
            return exports.milestones_csv(self.filter_queryset(self.get_queryset()).order_by("project__code", "order"))
        return super().list(request, *args, **kwargs)

    @extend_schema(request=MilestoneChangeSerializer, responses=MilestoneSerializer)
    def partial_update(self, request, *args, **kwargs):
        milestone = self.object_for(CHANGE)
        change = MilestoneChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        data = change.validated_data
        services.update_milestone(
            milestone,
            forecast_date=data.get("forecast_date", milestone.forecast_date),
            status=data.get("status", milestone.status),
            completed_date=data.get("completed_date", milestone.completed_date),
            reason=data["reason"],
            expected_version=expected_version(request, milestone),
        )
        return self._saved(milestone)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise exceptions.MethodNotAllowed(request.method)
        return super().update(request, *args, **kwargs)


class StatusUpdateFilter(UpdatedSinceFilter):
    project = django_filters.CharFilter(field_name="project__code")
    period = django_filters.DateFilter()
    state = django_filters.ChoiceFilter(choices=ReviewState.choices)
    rag = django_filters.ChoiceFilter(choices=Rag.choices)


class StatusUpdateViewSet(ReviewedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Monthly status updates. Member editors create this period's draft, edit it and submit it; ministry
    administrators who changed none of it review it."""

    ordering = SYNC_ORDER
    ordering_fields = ["period", "updated_at", "id"]
    filterset_class = StatusUpdateFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return representations.status_updates(self.request.user)

    def get_serializer_class(self):
        return StatusUpdateChangeSerializer if self.action == "partial_update" else StatusUpdateSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        project = fields.pop("project")
        if not policy.can(request.user, CHANGE, project):
            raise exceptions.NotFound(_("No project with this code that you may report on."))
        update = services.save_status_draft(project, request.user, fields, today=timezone.localdate())
        return self._saved(update, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        update = self.object_for(CHANGE)
        serializer = self.get_serializer(update, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.save_status_draft(
            update.project,
            request.user,
            serializer.validated_data,
            today=timezone.localdate(),
            update=update,
            expected_version=expected_version(request, update),
        )
        return self._saved(update)


class IndicatorFilter(UpdatedSinceFilter):
    project = django_filters.CharFilter(field_name="project__code")


class IndicatorViewSet(ObjectMixin, viewsets.ReadOnlyModelViewSet):
    ordering = SYNC_ORDER
    ordering_fields = ["updated_at", "id"]
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter

    def get_queryset(self):
        return representations.indicators(self.request.user)

    @extend_schema(request=IndicatorValueSerializer, responses={201: IndicatorValueSerializer})
    @action(detail=True, methods=["post"])
    def values(self, request, pk=None):
        indicator = self.object_for(CHANGE)
        serializer = IndicatorValueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        value = services.record_indicator_value(indicator, **serializer.validated_data)
        return Response(IndicatorValueSerializer(value).data, status=status.HTTP_201_CREATED)


class ApiBarrierFilter(BarrierFilter, UpdatedSinceFilter):
    pass


class PolicyBarrierViewSet(ObjectMixin, viewsets.ReadOnlyModelViewSet):
    ordering = SYNC_ORDER
    ordering_fields = ["updated_at", "id"]
    serializer_class = PolicyBarrierSerializer
    filterset_class = ApiBarrierFilter

    def get_queryset(self):
        return representations.barriers(self.request.user)


class PortfolioSummaryView(APIView):
    """The dashboard figures over the projects the caller may see."""

    @extend_schema(responses={200: PortfolioSummarySerializer})
    def get(self, request):
        today = timezone.localdate()
        visible = restrict(Project.objects.all(), request.user)
        sees = frozenset({portfolio.MONEY}) if policy.can(request.user, "see_portfolio_money") else frozenset()
        figures = portfolio.portfolio_figures(visible, today, scope=policy.portfolio_scope(request.user), sees=sees)
        return Response(PortfolioSummarySerializer({**figures["tiles"], "as_of": today}).data)
