"""Bilingual content: models keep ``<field>_ko`` and ``<field>_en`` side by side."""

from django.conf import settings
from django.utils.translation import get_language


def localized(obj: object, field: str) -> str:
    """The field in the active language, falling back to the other language when that one is empty."""
    active = (get_language() or settings.LANGUAGE_CODE)[:2]
    order = [active] + [code for code, _name in settings.LANGUAGES if code != active]
    for code in order:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""
