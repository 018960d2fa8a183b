"""API v1 for money: budget plans and quarterly executions, over the same policy and services as the pages. Only
the ministry and the project's participants see any of it; partners get empty lists and 404s."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets

from access.policy import CHANGE, VIEW, enters_money_for, restrict
from alliance_portal.api.conditional import expected_version
from alliance_portal.api.filters import UpdatedSinceFilter
from alliance_portal.api.pagination import SYNC_ORDER
from core.api import ReviewedMixin
from core.reviewed import ReviewState
from members.models import Organization
from money import services
from money.api.serializers import (
    BudgetPlanSerializer,
    ExecutionFigures,
    ExecutionInput,
    ExecutionSerializer,
    PlanInput,
)
from money.models import BudgetPlan, Execution, ExecutionLine, PlanLine
from projects.models import Project


class PlanFilter(UpdatedSinceFilter):
    project = django_filters.CharFilter(field_name="project__code")
    fiscal_year = django_filters.NumberFilter(min_value=2000, max_value=2100, decimal_places=0)
    state = django_filters.ChoiceFilter(choices=ReviewState.choices)


class ExecutionFilter(PlanFilter):
    quarter = django_filters.NumberFilter(min_value=1, max_value=4, decimal_places=0)
    organization = django_filters.CharFilter(field_name="organization__slug")


def _project(request, code: str, action: str = CHANGE) -> Project:
    project = restrict(Project.objects.all(), request.user, action).filter(code=code).first()
    if project is None:
        raise exceptions.NotFound(_("No project with this code whose money you may enter."))
    return project


def _organizations(slugs) -> dict[str, int]:
    slugs = set(slugs)
    found = dict(Organization.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    unknown = sorted(slugs - set(found))
    if unknown:
        raise exceptions.ValidationError({"organization": [_("No organization %(slug)s.") % {"slug": unknown[0]}]})
    return found


class BudgetPlanViewSet(ReviewedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Projects' budget plans per fiscal year, every revision. POST saves the open plan of a project and year (its
    lines replace those of the draft or returned plan; after an accepted plan it is the next revision and needs a
    reason); those who change the project submit it (``submit/``, If-Match), ministry administrators who wrote none
    of it accept or return it (``review/``, If-Match)."""

    serializer_class = BudgetPlanSerializer
    ordering = SYNC_ORDER
    ordering_fields = ["updated_at", "id", "fiscal_year"]
    filterset_class = PlanFilter

    def get_queryset(self):
        lines = Prefetch("lines", PlanLine.objects.select_related("organization", "category").order_by("pk"))
        plans = BudgetPlan.objects.select_related("project", "author", "reviewer").prefetch_related(lines)
        return restrict(plans, self.request.user)

    @extend_schema(request=PlanInput, responses={201: BudgetPlanSerializer})
    def create(self, request, *args, **kwargs):
        given = PlanInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        project = _project(request, data["project"])
        organizations = _organizations(line["organization"] for line in data["lines"])
        parts = [
            services.PlanPart(organizations[line["organization"]], line["category"], line["government_grant_krw"],
                              line["private_cash_krw"], line["private_in_kind_krw"])
            for line in data["lines"]
        ]  # fmt: skip
        plan = services.save_plan(project, data["fiscal_year"], parts, request.user, reason=data["reason"],
                                  expected_version=data.get("version"))  # fmt: skip
        return self._saved(plan, status.HTTP_201_CREATED)


class ExecutionViewSet(ReviewedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Quarterly executions, year to date, per participating organization: entered by that organization's member
    editors (POST a draft, PATCH with If-Match, ``submit/``), reviewed by ministry administrators (``review/``)."""

    serializer_class = ExecutionSerializer
    ordering = SYNC_ORDER
    ordering_fields = ["updated_at", "id", "fiscal_year", "quarter"]
    filterset_class = ExecutionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        lines = Prefetch("lines", ExecutionLine.objects.select_related("category").order_by("category__order"))
        executions = Execution.objects.select_related("project", "organization", "author", "reviewer")
        return restrict(executions.prefetch_related(lines), self.request.user)

    @extend_schema(request=ExecutionInput, responses={201: ExecutionSerializer})
    def create(self, request, *args, **kwargs):
        given = ExecutionInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        project = _project(request, data["project"], VIEW)
        organization_id = _organizations([data["organization"]])[data["organization"]]
        if not enters_money_for(request.user, project, organization_id):
            raise exceptions.NotFound(
                _("You may enter money only for your own organization in projects it takes part in.")
            )
        execution = Execution(
            project=project, organization_id=organization_id, fiscal_year=data["fiscal_year"], quarter=data["quarter"],
            author=request.user, government_received_krw=data["government_received_krw"],
            private_cash_krw=data["private_cash_krw"], private_in_kind_krw=data["private_in_kind_krw"],
            overspend_reason=data["overspend_reason"],
        )  # fmt: skip
        services.save_execution(execution, data["spent"], by=request.user)
        return self._saved(execution, status.HTTP_201_CREATED)

    @extend_schema(request=ExecutionFigures, responses=ExecutionSerializer)
    def partial_update(self, request, *args, **kwargs):
        execution = self.object_for(CHANGE)
        given = ExecutionFigures(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        for field in ("government_received_krw", "private_cash_krw", "private_in_kind_krw", "overspend_reason"):
            setattr(execution, field, data[field])
        version = expected_version(request, execution)
        services.save_execution(execution, data["spent"], expected_version=version, by=request.user)
        return self._saved(execution)
