"""API v1 for documents, over the same policy and services as the pages: list and read what one may see, upload
(multipart), upload a new version and delete with If-Match, download."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from access.policy import ATTACH, CHANGE, DELETE, restrict
from alliance_portal.api.conditional import expected_version
from alliance_portal.api.errors import RequestTooLarge
from alliance_portal.api.filters import UpdatedSinceFilter
from alliance_portal.api.pagination import SYNC_ORDER
from core.api import ObjectMixin
from core.parameters import whole_number
from documents import files, services
from documents.api.serializers import AttachSerializer, DocumentSerializer, NewVersionSerializer
from documents.choices import AttachedTo, Folder
from documents.downloads import file_response, version_of
from documents.models import Document
from documents.selectors import listed
from documents.uploads import too_large_message, upload_refused
from documents.views import PARENTS

ID = {"min_value": 1, "max_value": 2**62, "decimal_places": 0}


class UnsupportedType(exceptions.UnsupportedMediaType):
    """415 saying which files are accepted (DRF's own names the request's media type, not the file's)."""

    def __init__(self, detail):
        exceptions.APIException.__init__(self, detail)


def refused(error: ValidationError) -> exceptions.APIException:
    """A file the services refused, as the right status: 413 too large or over quota, 415 not an allowed type."""
    message = " ".join(error.messages)
    code = getattr(error, "code", None)
    if code in ("too_large", "quota"):
        return RequestTooLarge(message)
    if code == "unsupported_type":
        return UnsupportedType(message)
    return exceptions.ValidationError(error.message_dict if hasattr(error, "error_dict") else {"file": [message]})


class DocumentFilter(UpdatedSinceFilter):
    project = django_filters.CharFilter(field_name="project__code")
    attached_to = django_filters.ChoiceFilter(choices=AttachedTo.choices)
    folder = django_filters.ChoiceFilter(choices=Folder.choices)
    status_update = django_filters.NumberFilter(field_name="status_update_id", **ID)
    milestone = django_filters.NumberFilter(field_name="milestone_id", **ID)
    barrier = django_filters.NumberFilter(field_name="barrier_id", **ID)
    meeting = django_filters.NumberFilter(field_name="meeting_id", **ID)


class DocumentViewSet(ObjectMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Documents on projects' libraries, status updates, milestones, barriers and working groups' meetings: those the
    caller may see (confidential ones only by the project's participants, or the group's members, and the
    ministry)."""

    serializer_class = DocumentSerializer
    ordering = SYNC_ORDER
    ordering_fields = ["updated_at", "id"]
    filterset_class = DocumentFilter
    http_method_names = ["get", "post", "delete", "head", "options"]
    parser_classes = [parsers.MultiPartParser]  # uploads; nothing else here takes a body

    def get_queryset(self):
        return listed(restrict(Document.objects.select_related("project"), self.request.user))

    def _file_arrived(self) -> None:
        """413 when the upload handler stopped the file at the limit (the body is parsed here, if not before)."""
        self.request.data  # noqa: B018
        if upload_refused(self.request._request):
            raise RequestTooLarge(too_large_message())

    @extend_schema(
        request={"multipart/form-data": AttachSerializer},
        responses={201: DocumentSerializer, 413: OpenApiResponse(description="Too large or over the quota"),
                   415: OpenApiResponse(description="Not an allowed type")},
    )  # fmt: skip
    def create(self, request, *args, **kwargs):
        """Upload a new document (``multipart/form-data``)."""
        self._file_arrived()
        given = AttachSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        kind = data["attached_to"]
        parents = restrict(PARENTS[kind].objects.all(), request.user, ATTACH)
        lookup = {"code": data[kind]} if kind == AttachedTo.PROJECT else {"pk": data[kind]}
        parent = parents.filter(**lookup).first()
        if parent is None:
            raise exceptions.NotFound(_("Nothing of that kind you may attach documents to."))
        try:
            document = services.attach(
                parent, data["file"], request.user, folder=data.get("folder", ""), confidential=data["confidential"]
            )
        except ValidationError as error:
            raise refused(error) from error
        return self._saved(document, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": NewVersionSerializer},
        responses={201: DocumentSerializer, 413: OpenApiResponse(description="Too large or over the quota"),
                   415: OpenApiResponse(description="Not an allowed type")},
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def versions(self, request, pk=None):
        """Upload a newer version of the document (If-Match: its ETag); earlier versions are kept."""
        document = self.object_for(CHANGE)
        version = expected_version(request, document)
        self._file_arrived()
        given = NewVersionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            services.add_version(document, given.validated_data["file"], request.user, expected_version=version)
        except ValidationError as error:
            raise refused(error) from error
        return self._saved(document, status_code=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Delete the document (If-Match: its ETag): its uploader or a ministry administrator; restorable on the
        project's documents page for 30 days, then purged."""
        document = self.object_for(DELETE)
        services.delete_document(document, request.user, expected_version=expected_version(request, document))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[OpenApiParameter("version", int, description="A version number; the latest when left out.")],
        responses={(200, kind.content_type): OpenApiTypes.BINARY for kind in files.ALLOWED},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None) -> FileResponse:
        """The file, always as an attachment (``Content-Disposition`` with the UTF-8 name)."""
        raw = request.query_params.get("version", "")
        number = whole_number(raw)
        if raw and number is None:
            raise exceptions.ValidationError({"version": [_("A version is a whole number from 1.")]})
        version = version_of(self.get_object(), number)
        return file_response(version, attachment=True)
