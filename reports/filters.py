import django_filters
from django.utils.translation import gettext_lazy as _

from reports.models import Report, ReportKind


class ReportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ReportKind.choices)
    period = django_filters.CharFilter(
        label=_("Period"), lookup_expr="startswith", help_text=_("2026, 2026-11 or 2026-W48")
    )
    project = django_filters.CharFilter(label=_("Project code"), field_name="project__code", lookup_expr="iexact")

    class Meta:
        model = Report
        fields = ["kind", "period", "project"]
