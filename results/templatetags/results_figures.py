from django import template

from access import policy
from access.policy import restrict
from projects.models import Project
from results.figures import alliance_figures

register = template.Library()


@register.inclusion_tag("results/_alliance_figures.html")
def alliance_figures_panel(user) -> dict:
    """The alliance's achievements for those who see them (ministry staff), drawn on the dashboard."""
    if not policy.can(user, "see_alliance_figures"):
        return {"figures": None}
    return {"figures": alliance_figures(restrict(Project.objects.all(), user))}
