"""What an import reaches: the projects of an organization's workbook."""

from __future__ import annotations

from django.db.models import QuerySet

from access.policy import CHANGE, restrict
from members.models import User
from projects.models import Project


def organization_projects(user: User) -> QuerySet[Project]:
    """The projects ``user``'s organization takes part in that ``user`` may change (none without an organization):
    the rows of one workbook for all of them."""
    if user.organization_id is None:
        return Project.objects.none()
    taking_part = Project.objects.filter(participations__organization_id=user.organization_id)
    return restrict(taking_part, user, CHANGE).order_by("code")
