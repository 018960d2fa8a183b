"""``{% my_action_items %}`` (the dashboard: the user's and their organization's open action items) and
``{% barrier_work barrier %}`` (a barrier's page: the meetings that discussed it and its action items), so the
projects app's pages show the groups' work without importing this app."""

from django import template
from django.utils import timezone

from access import policy
from access.policy import restrict
from groups import selectors
from groups.models import ActionStatus, Meeting

register = template.Library()


@register.inclusion_tag("groups/_my_action_items.html", takes_context=True)
def my_action_items(context):
    request = context["request"]
    user = request.user
    if not policy.can(user, "see_groups"):
        return {"shown": False}
    items = selectors.marked(selectors.owned_by(user), timezone.localdate())
    return {"shown": True, "items": items, "request": request, "csrf_token": context.get("csrf_token"),
            "statuses": ActionStatus.choices}  # fmt: skip


@register.inclusion_tag("groups/_barrier_work.html", takes_context=True)
def barrier_work(context, barrier):
    request = context["request"]
    user = request.user
    if not policy.can(user, "see_groups"):
        return {"shown": False}
    meetings = restrict(Meeting.objects.filter(agenda__barrier=barrier).distinct(), user).select_related("group")
    items = selectors.marked(
        selectors.action_items(user, barrier=barrier).order_by("due_date", "pk"), timezone.localdate()
    )
    return {"shown": True, "meetings": meetings.order_by("-starts_at", "pk"), "items": items, "request": request,
            "csrf_token": context.get("csrf_token"), "statuses": ActionStatus.choices}  # fmt: skip
