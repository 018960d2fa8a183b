from django import template

from notifications import inbox

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """The header bell's count (cached: no query once counted)."""
    return inbox.unread_count(user) if user.is_authenticated else 0
