from django import template

from access import policy
from money import display

register = template.Library()


@register.filter
def won(amount):
    """An amount as the reader reads budgets (``money.display``)."""
    return display.won(amount)


@register.filter
def sees_money(user, project) -> bool:
    return policy.sees_money(user, project)
