from django import template
from django.urls import reverse

from opendata.public import LANGUAGES

register = template.Library()


@register.simple_tag(takes_context=True)
def open_url(context, name: str, *args, **kwargs) -> str:
    """A public page's URL keeping the language chosen with ``?lang=`` (public pages keep no cookie to remember it)."""
    url = reverse(name, args=args or None, kwargs=kwargs or None)
    lang = context["request"].GET.get("lang")
    return f"{url}?lang={lang}" if lang in LANGUAGES else url
