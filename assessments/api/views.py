"""API v1 for AI-ethics checks, over the same policy, field map and services as the pages."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets

from access import policy
from access.policy import CHANGE, restrict
from alliance_portal.api.conditional import expected_version
from alliance_portal.api.filters import UpdatedSinceFilter
from alliance_portal.api.pagination import SYNC_ORDER
from assessments import services
from assessments.api.serializers import (
    AnswersSerializer,
    AssessmentSerializer,
    ChecklistSerializer,
    StartSerializer,
)
from assessments.models import Answer, Assessment, Checklist, Question
from core.api import ObjectMixin, ReviewedMixin
from core.reviewed import ReviewState
from projects.models import Project


class ChecklistViewSet(ObjectMixin, viewsets.ReadOnlyModelViewSet):
    """The AI-ethics checklist's versions in force (ministry staff: drafts too), each with its questions."""

    serializer_class = ChecklistSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    ordering = ["-number"]

    def get_queryset(self):
        questions = Prefetch("questions", queryset=Question.objects.order_by("stage", "order"))
        return restrict(Checklist.objects.all(), self.request.user).prefetch_related(questions)


class AssessmentFilter(UpdatedSinceFilter):
    project = django_filters.CharFilter(field_name="project__code")
    state = django_filters.ChoiceFilter(choices=ReviewState.choices)
    checklist = django_filters.NumberFilter(
        field_name="checklist__number", min_value=1, max_value=10**9, decimal_places=0, label="Checklist version"
    )


class AssessmentViewSet(ReviewedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Projects' AI-ethics self-checks: seen by the project's participants and ministry staff only. Member editors
    start one (POST), answer (PATCH, If-Match) and submit it; ministry administrators review it."""

    serializer_class = AssessmentSerializer
    ordering = SYNC_ORDER
    ordering_fields = ["updated_at", "id"]
    filterset_class = AssessmentFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        visible = restrict(
            Assessment.objects.select_related("project", "checklist", "author", "reviewer"), self.request.user
        )
        answers = Prefetch("answers", queryset=Answer.objects.order_by("question__stage", "question__order"))
        return policy.annotate_audience(visible, self.request.user, "project").prefetch_related(answers)

    @extend_schema(request=StartSerializer, responses={201: AssessmentSerializer})
    def create(self, request, *args, **kwargs):
        """Start a check of a project against the checklist in force (409 when one is in progress)."""
        start = StartSerializer(data=request.data)
        start.is_valid(raise_exception=True)
        projects = restrict(Project.objects.all(), request.user, CHANGE)
        project = projects.filter(code=start.validated_data["project"]).first()
        if project is None:
            raise exceptions.NotFound(_("No project with this code that you may check."))
        assessment = services.start_assessment(project, request.user)
        return self._saved(assessment, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=AnswersSerializer, responses=AssessmentSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Record answers (``[{"question": id, "response": …, "note": …}]``); questions left out keep theirs."""
        assessment = self.object_for(CHANGE)
        given = AnswersSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        answers = {
            row["question"]: services.Given(row["response"], row["note"].strip())
            for row in given.validated_data["answers"]
        }
        version = expected_version(request, assessment)
        services.save_answers(assessment, answers, expected_version=version, by=request.user)
        return self._saved(assessment)
