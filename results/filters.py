"""The library's filters: searched with the portal's Korean-aware full-text search (``core.search``), by kind, area,
organization and year (results), technology and barrier (lessons)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.search import prefix_query, vector
from members.models import Organization
from projects.choices import Area
from projects.filters import Choice, OrganizationSlugFilter
from results.choices import ResultKind
from results.models import LESSON_SEARCH, RESULT_SEARCH

YEAR = {"min_value": 2000, "max_value": 2100, "decimal_places": 0}


class _Searched(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    area = Choice(label=_("Area"), choices=Area.choices, field_name="project__area")
    SEARCHED: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        query = prefix_query(value)
        if query is None:
            return queryset
        return queryset.annotate(searched=vector(*self.SEARCHED)).filter(searched=query)


class ResultFilter(_Searched):
    kind = Choice(label=_("Kind"), choices=ResultKind.choices)
    owner = OrganizationSlugFilter(
        label=_("Organization"),
        queryset=Organization.objects.filter(results__isnull=False).distinct().order_by("name_ko"),
    )
    year = django_filters.NumberFilter(label=_("Year"), field_name="achieved_on__year", **YEAR)
    SEARCHED = RESULT_SEARCH


class LessonFilter(_Searched):
    technology = django_filters.CharFilter(label=_("Technology"), lookup_expr="icontains", max_length=100)
    year = django_filters.NumberFilter(label=_("Year"), field_name="created_at__year", **YEAR)
    SEARCHED = LESSON_SEARCH
