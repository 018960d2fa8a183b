import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import AuditEvent, AuditKind, Organization, OrganizationKind, OrganizationSize, Sector, Tier


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    tier = django_filters.ChoiceFilter(label=_("Alliance tier"), choices=Tier.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganizationKind.choices)
    size = django_filters.ChoiceFilter(label=_("Size"), choices=OrganizationSize.choices)
    sector = django_filters.ChoiceFilter(label=_("Industry sector"), choices=Sector.choices)

    class Meta:
        model = Organization
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name_ko__icontains=value) | Q(name_en__icontains=value) | Q(slug__icontains=value))


class AuditEventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Event"), choices=AuditKind.choices)
    username = django_filters.CharFilter(label=_("Username"), method="by_username")
    since = django_filters.DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte")
    until = django_filters.DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = AuditEvent
        fields = []

    def by_username(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(username=value) if value else queryset
