from django import template

from projects.models import Rag

register = template.Library()


@register.filter
def rag_label(value: str | None) -> str:
    """The translated label of a RAG value from an annotation (annotations have no get_FOO_display)."""
    return Rag(value).label if value in Rag.values else "—"
