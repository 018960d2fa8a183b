from django import template

from notifications import inbox, saved

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """The header bell's count (cached: no query once counted)."""
    return inbox.unread_count(user) if user.is_authenticated else 0


@register.simple_tag
def saved_view_counts(user) -> list:
    """The dashboard's saved views (at most ``saved.ON_DASHBOARD``), each counted for ``user``."""
    return saved.counted(saved.visible(user)[: saved.ON_DASHBOARD], user)
