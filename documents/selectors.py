"""Reading documents the way lists show them."""

from django.conf import settings
from django.db.models import Prefetch

from documents.forms import FILE_HELP
from documents.models import DocumentVersion


def newest_first() -> Prefetch:
    return Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number"))


def listed(documents):
    """Documents as lists show them: uploader, parent and versions (newest first) in a fixed number of queries."""
    return documents.select_related("uploaded_by", "status_update", "milestone", "barrier").prefetch_related(
        newest_first()
    )


def file_help() -> str:
    return FILE_HELP % {"mb": settings.DOCUMENT_MAX_BYTES // 2**20}
