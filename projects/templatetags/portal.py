from django import forms, template
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from projects.models import Rag

register = template.Library()


@register.filter
def rag_label(value: str | None) -> str:
    """The translated label of a RAG value from an annotation (annotations have no get_FOO_display)."""
    return Rag(value).label if value in Rag.values else "—"


# a fixed literal (bandit B308)
NO_RATING = mark_safe('<span class="text-body-secondary">—</span>')  # nosec B308


@register.filter
def rag_badge(value: str | None) -> str:
    """A RAG value as its badge (a dash without one): a filter rather than an included template, since lists draw
    two per row (an include cost as much as the row's other cells together)."""
    if not value:
        return NO_RATING
    return format_html('<span class="badge rag rag-{}"><span aria-hidden="true">●</span> {}</span>', value,
                       rag_label(value))  # fmt: skip


@register.filter
def bs(field):
    """Render a form field's widget with Bootstrap's class for its kind."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return field
    css = "form-select" if isinstance(widget, forms.Select) else "form-control"
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.simple_tag
def query_with(query: str, **params) -> str:
    """The current query string with some parameters replaced (for pagination and sort links)."""
    from django.http import QueryDict

    merged = QueryDict(query, mutable=True)
    for key, value in params.items():
        merged[key] = value
    return "?" + urlencode(sorted(merged.lists()), doseq=True)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.filter
def index(sequence, position: int):
    try:
        return sequence[position]
    except (IndexError, TypeError, KeyError):
        return None


@register.filter
def state_label(value: str) -> str:
    from core.reviewed import ReviewState

    return ReviewState(value).label if value in ReviewState.values else value
