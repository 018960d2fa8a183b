from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from access import policy
from access.policy import restrict
from projects import portfolio
from projects.models import Project
from results.figures import alliance_figures

register = template.Library()


@register.simple_tag
def alliance_figures_panel(user) -> str:
    """The alliance's achievements for those who see them (ministry staff), drawn on the dashboard once per copy of
    the portfolio's data (``portfolio.kept_drawing``; a result saved or deleted starts a new copy, ``results.apps``)."""
    if not policy.can(user, "see_alliance_figures"):
        return ""

    def draw() -> str:
        figures = alliance_figures(restrict(Project.objects.all(), user))
        return render_to_string("results/_alliance_figures.html", {"figures": figures})

    scope = policy.portfolio_scope(user)
    return portfolio.kept_drawing("results:alliance-figures", draw, scope=scope, today=timezone.localdate())
