"""The lean read path gives exactly what DRF's own field-by-field serialization gives."""

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from access.fields import shown
from access.policy import restrict
from projects.api.serializers import ProjectSerializer
from projects.api.views import ProjectViewSet
from projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["ministry", "member", "partner"])
def test_projects_read_as_drf_would_serialize_them(users, who):
    request = APIRequestFactory().get("/api/v1/projects/")
    request.user = users[who]
    view = ProjectViewSet(request=request, action="list", format_kwarg=None)
    projects = list(view.get_queryset().order_by("code"))
    serializer = ProjectSerializer(context={"request": request})
    lean = [serializer.to_representation(project) for project in projects]
    drf = [{**serializers.Serializer.to_representation(serializer, project)} for project in projects]
    for project, row in zip(projects, drf, strict=True):  # the confidential fields are dropped after either path
        shown(row, project.audience, Project)
    assert len(lean) == restrict(Project.objects.all(), users[who]).count() > 0 and lean == drf
    values = {key: {str(row[key]) for row in lean} for key in ("current_rag", "health", "participants")}
    assert "None" in values["current_rag"] and len(values["health"]) == 3  # the demo covers the edge cases
