"""A document version's file as an HTTP response, the same for the pages and the API."""

from django.http import FileResponse, Http404

from documents import files, services
from documents.models import Document, DocumentVersion


def version_of(document: Document, number: int | None = None) -> DocumentVersion:
    """Version ``number`` of ``document``, or its latest (``Http404`` when there is no such version)."""
    versions = document.versions.order_by("-number")
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        raise Http404
    return version


def file_response(version: DocumentVersion, *, attachment: bool = False) -> FileResponse:
    """PDF and pictures open in the browser unless ``attachment``; every other type is always a download, so
    nothing a browser could run (HTML, SVG, XML) is ever shown as a page. The name goes out as RFC 6266
    ``filename*`` (UTF-8), so Korean names arrive intact."""
    inline = version.content_type in files.INLINE_TYPES and not attachment
    response = FileResponse(
        services.storage().open(version.blob, "rb"),
        as_attachment=not inline,
        filename=version.name,
        content_type=version.content_type,
    )
    response["Content-Length"] = str(version.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    response["ETag"] = f'"{version.sha256}"'
    return response
