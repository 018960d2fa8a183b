"""A document version's file as an HTTP response, the same for the pages and the API."""

from django.http import FileResponse

from documents import files, services
from documents.models import DocumentVersion


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
