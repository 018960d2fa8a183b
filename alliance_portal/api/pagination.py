from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    """Cursor pages on a stable order (last change first by default), so a sync never skips or repeats a row."""

    ordering = ("-updated_at", "-id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
