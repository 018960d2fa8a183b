"""The API's view of minutes and action items for one user, joined to the one table of representations
(``projects.representations.REPRESENTATIONS``, by ``GroupsConfig.ready``): webhook payloads render the object exactly
as the subscriber's owner's API shows it."""

from __future__ import annotations

from access import policy
from access.policy import restrict
from groups.api.serializers import ActionItemSerializer, MinutesSerializer
from groups.models import ActionItem, Minutes


def minutes(user):
    visible = restrict(Minutes.objects.select_related("meeting", "author", "reviewer"), user)
    return policy.annotate_group_audience(visible, user, "meeting__group")


def action_items(user):
    return restrict(ActionItem.objects.select_related("group", "owner", "owner_organization", "project"), user)


REPRESENTATIONS = {
    Minutes: (minutes, MinutesSerializer),
    ActionItem: (action_items, ActionItemSerializer),
}
