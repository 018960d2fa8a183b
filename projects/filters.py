"""Project list filters, shared by the list page, its exports and (later) the API."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.periods import reporting_period
from members.models import Organization
from members.widgets import OrganizationSearchInput
from projects.models import Area, BarrierStatus, Milestone, Phase, PolicyBarrier, ProjectParticipant, Rag
from projects.portfolio import missing_updates


@extend_schema_field(OpenApiTypes.STR)
class OrganizationSlugFilter(django_filters.ModelChoiceFilter):
    """An organization chosen by its slug (typed with suggestions on the pages, a string in the API)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", OrganizationSearchInput)
        super().__init__(*args, **kwargs)


YES_NO = [("1", _("Yes")), ("0", _("No"))]


class LeanSelect(forms.Select):
    """A select with its options written inline: Django's own includes a template for every option and its
    attributes — on the project list's filter form 108 includes a request, a fifth of the page's rendering time."""

    template_name = "projects/widgets/select.html"


class Choice(django_filters.ChoiceFilter):
    """django-filter's choice filter, drawn as a ``LeanSelect``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", LeanSelect)
        super().__init__(*args, **kwargs)


class Ordering(django_filters.OrderingFilter):
    """django-filter's sort with empty values last either way (projects without a rating or without money figures
    after the rest, not before them when sorting downwards), drawn as a ``LeanSelect``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", LeanSelect)
        super().__init__(*args, **kwargs)

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        return F(value[1:]).desc(nulls_last=True) if value.startswith("-") else F(value).asc(nulls_last=True)


def _descending(label) -> str:
    return gettext("%s (descending)") % label


descending = lazy(_descending, str)  # in the reader's language (django-filter formats it once, at import)


def _ordering(*extra: tuple[str, str, str]) -> Ordering:
    """The list's sort: these columns, and ``extra`` (field, parameter, label) ones."""
    columns = [
        ("code", "code", _("Code")), ("title_en", "title", _("Title")), ("area", "area", _("Area")),
        ("phase", "phase", _("Phase")), ("progress", "progress", _("Progress")),
        ("health_rank", "health", _("Computed health")), ("rag_rank", "rag", _("Self-reported RAG")),
        ("lead_organization__name_ko", "lead", _("Lead organization")), ("end_date", "end", _("End date")), *extra,
    ]  # fmt: skip
    return Ordering(
        label=_("Sort by"),
        fields=[(field, parameter) for field, parameter, _label in columns],
        field_labels={field: label for field, _parameter, label in columns}
        | {f"-{parameter}": descending(label) for _field, parameter, label in columns},
    )


class ProjectFilter(django_filters.FilterSet):
    """Expects a queryset annotated by ``with_progress().with_health(today)``."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    area = Choice(label=_("Area"), choices=Area.choices)
    phase = Choice(label=_("Phase"), choices=Phase.choices)
    rag = Choice(
        label=_("Self-reported RAG"), field_name="current_rag", choices=[*Rag.choices, ("none", _("Not rated"))],
        method="filter_rag",
    )  # fmt: skip
    health = Choice(label=_("Computed health"), choices=Rag.choices)
    lead = OrganizationSlugFilter(
        label=_("Lead organization"), field_name="lead_organization",
        queryset=Organization.objects.filter(led_projects__isnull=False).distinct().order_by("name_ko"),
    )  # fmt: skip
    participant = OrganizationSlugFilter(
        label=_("Participant"), method="filter_participant",
        queryset=Organization.objects.filter(participations__isnull=False).distinct().order_by("name_ko"),
    )  # fmt: skip
    overdue = Choice(label=_("Has overdue milestones"), choices=YES_NO, method="filter_overdue")
    missing_update = Choice(label=_("This month's update missing"), choices=YES_NO, method="filter_missing_update")
    due_within = django_filters.NumberFilter(
        label=_("Milestone due within (days)"), method="filter_due_within", min_value=0, max_value=366
    )
    ordering = _ordering()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(title_ko__icontains=value) | Q(title_en__icontains=value))

    def filter_rag(self, queryset, name, value):
        return queryset.filter(current_rag__isnull=True) if value == "none" else queryset.filter(current_rag=value)

    def filter_participant(self, queryset, name, organization):
        if organization is None:
            return queryset
        return queryset.filter(
            Exists(ProjectParticipant.objects.filter(project=OuterRef("pk"), organization=organization))
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_milestones__gt=0) if value == "1" else queryset.filter(overdue_milestones=0)

    def filter_missing_update(self, queryset, name, value):
        missing = missing_updates(queryset, reporting_period(timezone.localdate()))
        return missing if value == "1" else queryset.exclude(pk__in=missing.values("pk"))

    def filter_due_within(self, queryset, name, days):
        if days is None:
            return queryset
        due = Milestone.objects.due_within(timezone.localdate(), int(days)).filter(project=OuterRef("pk"))
        return queryset.filter(Exists(due))


class MoneyProjectFilter(ProjectFilter):
    """The list's filters for viewers who see every project's money (``see_portfolio_money``): also by this fiscal
    year's execution rate (spent ÷ money in, ``with_money_figures``), as a filter and a sort."""

    execution_below = django_filters.NumberFilter(
        label=_("Execution rate this year below (%)"), method="filter_execution_below", min_value=0, max_value=1000
    )
    ordering = _ordering(("execution_rate", "execution", _("Execution rate")))

    def filter_execution_below(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(money_year=timezone.localdate().year, execution_rate__lt=value)


class BarrierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = Choice(label=_("Status"), choices=[("open", _("Open")), *BarrierStatus.choices], method="filter_status")
    raised_by = OrganizationSlugFilter(
        label=_("Raised by"),
        queryset=Organization.objects.filter(raised_barriers__isnull=False).distinct().order_by("name_ko"),
    )  # fmt: skip
    area = Choice(label=_("Area"), choices=Area.choices, method="filter_area")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title_ko__icontains=value) | Q(title_en__icontains=value) | Q(regulation__icontains=value)
            | Q(responsible_agency__icontains=value)
        )  # fmt: skip

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.exclude(status__in=PolicyBarrier.CLOSED_STATUSES)
        return queryset.filter(status=value)

    def filter_area(self, queryset, name, value):
        return queryset.filter(Exists(PolicyBarrier.projects.through.objects.filter(
            policybarrier=OuterRef("pk"), project__area=value
        )))  # fmt: skip
