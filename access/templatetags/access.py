"""Templates ask the policy and the field map, never a role: ``{% load access %}``.

``{% if user|can:"review" %}`` — a site-wide ability; ``{% if project|sees:"government_budget_krw" %}`` — a field
of an object annotated with the viewer's ``audience`` (``access.policy.annotate_audience``).
"""

from django import template

from access import fields, policy

register = template.Library()


@register.filter
def can(user, ability: str) -> bool:
    return policy.can(user, ability)


@register.filter
def sees(obj, field: str) -> bool:
    return fields.sees(obj.audience, obj, field)
