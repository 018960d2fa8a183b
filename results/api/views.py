"""API v1 for results and lessons, over the same policy, field map and services as the pages: partners read the
open, accepted ones of the projects they see; participants' editors write (POST, PATCH with If-Match, ``submit/``);
ministry administrators review (``review/``)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets

from access.policy import CHANGE, restrict
from alliance_portal.api.conditional import expected_version
from alliance_portal.api.filters import UpdatedSinceFilter
from alliance_portal.api.pagination import SYNC_ORDER
from core.api import ReviewedMixin
from core.reviewed import ReviewState
from members.models import Organization
from projects.models import Project
from results import services
from results.api.serializers import LessonInput, LessonSerializer, ResultInput, ResultSerializer
from results.choices import Reach, ResultKind
from results.models import Lesson, Result
from results.selectors import lessons_for, results_for


class LessonFilter(UpdatedSinceFilter):
    project = django_filters.CharFilter(field_name="project__code")
    state = django_filters.ChoiceFilter(choices=ReviewState.choices)
    reach = django_filters.ChoiceFilter(choices=Reach.choices)


class ResultFilter(LessonFilter):
    kind = django_filters.ChoiceFilter(choices=ResultKind.choices)


def _project(request, code: str) -> Project:
    project = restrict(Project.objects.all(), request.user, CHANGE).filter(code=code).first()
    if project is None:
        raise exceptions.NotFound(_("No project with this code that you may change."))
    return project


class _SharedWork(ReviewedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    ordering = SYNC_ORDER
    ordering_fields = ["updated_at", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return self.rows(self.request.user)

    def _given(self, partial: bool) -> dict:
        given = self.input(data=self.request.data, partial=partial)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        if partial and "project" in data:
            raise exceptions.ValidationError({"project": [_("A saved result or lesson stays with its project.")]})
        return data

    def create(self, request, *args, **kwargs):
        data = self._given(partial=False)
        work = self.model(project=_project(request, data.pop("project")))
        self.save(work, data, None)
        return self._saved(work, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        work = self.object_for(CHANGE)
        version = expected_version(request, work)
        self.save(work, self._given(partial=True), version)
        return self._saved(work)


class ResultViewSet(_SharedWork):
    """What the projects produced, by kind (``details``: the kind's own fields)."""

    model, input, rows = Result, ResultInput, staticmethod(results_for)
    serializer_class = ResultSerializer
    filterset_class = ResultFilter

    def save(self, result: Result, data: dict, version: int | None) -> None:
        if "owner" in data:
            owner = Organization.objects.filter(slug=data.pop("owner")).first()
            if owner is None:
                raise exceptions.ValidationError({"owner": [_("No organization with this slug.")]})
            result.owner = owner
        for name, value in data.items():
            setattr(result, name, value)
        services.save_result(result, self.request.user, expected_version=version)

    @extend_schema(request=ResultInput, responses={201: ResultSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(request=ResultInput, responses=ResultSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)


class LessonViewSet(_SharedWork):
    """What the projects learned, written up for the alliance."""

    model, input, rows = Lesson, LessonInput, staticmethod(lessons_for)
    serializer_class = LessonSerializer
    filterset_class = LessonFilter

    def save(self, lesson: Lesson, data: dict, version: int | None) -> None:
        if "barrier" in data:
            lesson.barrier_id = data.pop("barrier")
        for name, value in data.items():
            setattr(lesson, name, value)
        services.save_lesson(lesson, self.request.user, expected_version=version)

    @extend_schema(request=LessonInput, responses={201: LessonSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(request=LessonInput, responses=LessonSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)
