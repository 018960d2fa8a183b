from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination

from core.parameters import whole_number

SYNC_ORDER = ("-updated_at", "-id")


class StableCursorPagination(CursorPagination):
    """Cursor pages on a stable order (last change first unless ``ordering`` asks otherwise), so a sync never
    skips or repeats a row. Views list their ``ordering_fields`` and keep ``ordering = SYNC_ORDER`` as default."""

    ordering = SYNC_ORDER
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_ordering(self, request, queryset, view):
        """The requested order with the id as tie-breaker, so rows sharing a value keep one order between pages."""
        ordering = tuple(super().get_ordering(request, queryset, view))
        if not any(field.lstrip("-") in ("id", "pk") for field in ordering):
            ordering += ("-id" if ordering[0].startswith("-") else "id",)
        return ordering

    def get_page_size(self, request):
        """``page_size`` is 1–500 (empty: the default); anything else is a 400, never silently changed."""
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        size = whole_number(raw, maximum=self.max_page_size)
        if size is None:
            raise ValidationError({self.page_size_query_param: [_("A whole number from 1 to 500.")]})
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
        return parameters
