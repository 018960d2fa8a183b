"""The one way list pages filter and paginate: a django-filter FilterSet bound to the query string."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


@dataclass
class Listing:
    filter: object  # the bound FilterSet, for the filter form and its errors
    page: Page
    query: str  # the query string without ``page``, for pagination, sort and export links

    def context(self) -> dict:
        return {"filter": self.filter, "page": self.page, "query": self.query}


def filtered_page(request: HttpRequest, filterset_class, queryset, page_size: int = PAGE_SIZE) -> Listing:
    """Filter ``queryset`` by the request's query string (invalid filters give no rows) and take the page asked for."""
    filterset = filterset_class(request.GET, queryset=queryset)
    results = filterset.qs if filterset.is_valid() else queryset.none()
    page = Paginator(results, page_size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return Listing(filterset, page, query.urlencode())
