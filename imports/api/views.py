"""API v1 for imports, over the same services as the pages: a project's template (a read token may fetch it), an
upload checked into a preview, and applying a preview by its id (a write token)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from access.policy import CHANGE, restrict
from alliance_portal.api.errors import PROBLEM, RequestTooLarge, problem
from alliance_portal.api.throttling import PerUserThrottle
from core.spreadsheets import XLSX_CONTENT_TYPE
from documents.uploads import too_large_message, upload_refused
from imports import reading, selectors, services
from imports.api.serializers import PreviewSerializer, UploadSerializer
from imports.models import ImportPreview
from imports.views import template_response
from projects.models import Project

PROBLEM_RESPONSE = OpenApiResponse(description="Problem details")


class ImportViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Imports of filled-in templates: POST a file for a preview (nothing written), read the preview, apply it."""

    serializer_class = PreviewSerializer
    lookup_value_regex = "[0-9a-f-]{36}"
    pagination_class = None
    filter_backends = []
    parser_classes = [parsers.MultiPartParser]  # uploads; nothing else here takes a body

    def get_queryset(self):
        return restrict(ImportPreview.objects.select_related("project"), self.request.user, CHANGE)

    def get_throttles(self):
        """Uploads also count against the user's import rate, shared with the upload page (``IMPORT_RATE_PER_USER``)."""
        throttles = super().get_throttles()
        return [*throttles, PerUserThrottle("imports")] if self.action == "create" else throttles

    def _project(self, code: str) -> Project:
        project = restrict(Project.objects.all(), self.request.user, CHANGE).filter(code=code).first()
        if project is None:
            raise exceptions.NotFound(_("No project with this code that you may change."))
        return project

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={
            201: PreviewSerializer,
            400: PROBLEM_RESPONSE,
            404: PROBLEM_RESPONSE,
            413: PROBLEM_RESPONSE,
            429: PROBLEM_RESPONSE,
        },
    )
    def create(self, request, *args, **kwargs):
        """Upload a filled-in template (``multipart/form-data``): every row is checked as if applied, nothing is
        written; the answer is the preview (its ``errors`` name sheet, row, column and message). A file that cannot
        be read at all is a 400 problem."""
        request.data  # noqa: B018  the body is parsed here (the upload handler may stop it at the limit)
        if upload_refused(request._request):
            raise RequestTooLarge(too_large_message())
        given = UploadSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        code = given.validated_data.get("project")
        project = self._project(code) if code else None
        if project is None and not selectors.organization_projects(request.user).exists():
            raise exceptions.NotFound(_("Your organization takes part in no project that you may change."))
        upload = given.validated_data["file"]
        try:
            preview = services.preview_upload(project, request.user, upload, upload.name)
        except reading.Refused as error:
            body = problem(400, str(error), errors={"file": [str(error)]}, code="unreadable-file")
            return Response(body, status=400, content_type=PROBLEM)
        return Response(PreviewSerializer(preview).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: PreviewSerializer, 404: PROBLEM_RESPONSE})
    def retrieve(self, request, *args, **kwargs):
        """A preview of one's own upload (while one may change its project)."""
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: PreviewSerializer, 404: PROBLEM_RESPONSE, 409: PROBLEM_RESPONSE})
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        """Write every row of the preview in one transaction, or nothing: a 409 problem when it was applied
        already, has expired, had errors, or when something changed in the portal since (``errors``: the rows
        refused now)."""
        preview = self.get_object()
        try:
            applied = services.apply_preview(preview, request.user)
        except services.ApplyRefused as error:
            body = problem(409, error.message, code="import-refused")
            body["rows"] = error.errors
            return Response(body, status=409, content_type=PROBLEM)
        return Response(PreviewSerializer(applied).data)

    @extend_schema(
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="The project's code.")],
        responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY, 404: PROBLEM_RESPONSE},
    )
    @action(detail=False, methods=["get"], url_path=r"templates/(?P<code>[^/.]+)")
    def template(self, request, code=None):
        """The project's template (XLSX): its indicator values, milestones and quarterly executions as stored now,
        each row with the version it was made from."""
        project = self._project(code)
        return template_response([project], request.user, f"import-{project.code}")

    @extend_schema(
        operation_id="v1_imports_organization_template_retrieve",
        responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY, 404: PROBLEM_RESPONSE},
    )
    @action(detail=False, methods=["get"], url_path="templates", url_name="organization-template")
    def organization_template(self, request):
        """One template (XLSX) for every project the caller's organization takes part in that they may change; each
        row names its project. Upload it without a project."""
        projects = list(selectors.organization_projects(request.user))
        if not projects:
            raise exceptions.NotFound(_("Your organization takes part in no project that you may change."))
        return template_response(projects, request.user, "import-organization")
