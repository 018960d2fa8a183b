"""Writes: every change to projects goes through here, whatever the caller (admin, pages, API, commands)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from projects.models import ParticipantRole, Project, ProjectParticipant


class StaleVersion(Exception):
    """Someone else changed the object since the caller read it."""

    message = _("This project was changed by someone else since you opened it. Reload it and apply your change again.")


@transaction.atomic
def create_project(project: Project) -> Project:
    """Save a new project and record its lead organization as its lead participant."""
    project.version = 1
    project.save()
    sync_lead_participant(project)
    return project


@transaction.atomic
def update_project(project: Project, *, expected_version: int) -> Project:
    """Save changes to ``project`` if nobody changed it since ``expected_version`` was read.

    The version is bumped by a conditional UPDATE first: it either matches (and the row stays locked until
    the transaction ends) or it does not and nothing is written — no read-then-write race.
    """
    bumped = Project.objects.filter(pk=project.pk, version=expected_version).update(version=F("version") + 1)
    if not bumped:
        raise StaleVersion
    project.version = expected_version + 1
    project.save()
    sync_lead_participant(project)
    return project


def sync_lead_participant(project: Project) -> None:
    """Make the project's lead organization its one participant with the lead role."""
    former_leads = ProjectParticipant.objects.filter(project=project, role=ParticipantRole.LEAD).exclude(
        organization_id=project.lead_organization_id
    )
    for former in former_leads:  # saved one by one so the change lands in the history
        former.role = ParticipantRole.PARTICIPANT
        former.save(update_fields=["role", "updated_at"])
    participant, created = ProjectParticipant.objects.get_or_create(
        project=project,
        organization_id=project.lead_organization_id,
        defaults={"role": ParticipantRole.LEAD},
    )
    if not created and participant.role != ParticipantRole.LEAD:
        participant.role = ParticipantRole.LEAD
        participant.save(update_fields=["role", "updated_at"])
