import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Organization, OrganizationKind, OrganizationSize, Sector, Tier


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
