"""The size limit on uploaded files, enforced before the body is read.

``UploadLimitMiddleware`` sits before anything that parses a request body (CSRF, the API's parsers): a multipart
request whose declared length is over ``DOCUMENT_MAX_BYTES`` (and room for the form's other fields) is answered 413
at once, unread. Within that room a file may still pass the limit: ``LimitedUploadHandler`` counts its bytes as they
stream and stops the upload there (``upload_refused(request)`` then says so, and the file is left out). Other bodies
are limited by ``DATA_UPLOAD_MAX_MEMORY_SIZE``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

MULTIPART_OVERHEAD = 64 * 1024  # the form's other fields and part headers beside the file


def too_large_message() -> str:
    return _("The file is larger than the limit of %(mb)d MB.") % {"mb": settings.DOCUMENT_MAX_BYTES // 2**20}


def too_large(request: HttpRequest) -> HttpResponse:
    """413 in the caller's language: problem details for the API, a page for a browser."""
    if request.path.startswith("/api/"):
        from alliance_portal.api.errors import PROBLEM, problem  # not at import: DRF's settings import that module

        body = problem(413, too_large_message(), code="request-too-large")
        return JsonResponse(body, status=413, content_type=PROBLEM)
    page = render_to_string("documents/too_large.html", {"message": too_large_message()}, request=request)
    return HttpResponse(page, status=413)


def upload_refused(request: HttpRequest) -> bool:
    """Whether the request's file was stopped at the limit (parsing the body now if nothing has yet)."""
    request.POST  # noqa: B018
    return getattr(request, "upload_stopped", False)


class LimitedUploadHandler(FileUploadHandler):
    """Counts a multipart body's file bytes as they arrive and stops the upload once over the limit."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.DOCUMENT_MAX_BYTES:
            self.request.upload_stopped = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.upload_stopped = False
        if request.content_type == "multipart/form-data":
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > settings.DOCUMENT_MAX_BYTES + MULTIPART_OVERHEAD:
                return too_large(request)
            request.upload_handlers.insert(0, LimitedUploadHandler(request))
        return self.get_response(request)
