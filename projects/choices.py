"""The projects' fixed vocabularies (database values and their labels), imported by the models and the querysets
alike so neither needs the other."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.reviewed import EDITABLE_STATES

__all__ = ["EDITABLE_STATES"]


class Area(models.TextChoices):
    MOBILITY = "mobility", _("Mobility")
    MACHINERY = "machinery", _("Machinery")
    PRODUCTION = "production", _("Production optimisation")
    WASTE = "waste", _("Industrial waste disposal")


class Rag(models.TextChoices):
    """Red / amber / green: both the self-reported rating and the computed health use this scale."""

    GREEN = "green", _("On track")
    AMBER = "amber", _("At risk")
    RED = "red", _("Off track")


class Phase(models.TextChoices):
    PLANNING = "planning", _("Planning")
    IN_PROGRESS = "in_progress", _("In progress")
    PILOT = "pilot", _("Pilot")
    ROLLOUT = "rollout", _("Rollout")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")


# Phases in which a project reports monthly; and those it may only enter with a current AI-ethics check.
REPORTING_PHASES = (Phase.IN_PROGRESS, Phase.PILOT, Phase.ROLLOUT)
ETHICS_GATED_PHASES = (Phase.PILOT, Phase.ROLLOUT)


class Visibility(models.TextChoices):
    ALLIANCE = "alliance", _("Alliance only")
    OPEN = "open", _("Open data")


class ParticipantRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTICIPANT = "participant", _("Participant")
    SOLUTION_SUPPLIER = "solution_supplier", _("Solution supplier")
    RESEARCH_PARTNER = "research_partner", _("Research partner")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


class BarrierStatus(models.TextChoices):
    RAISED = "raised", _("Raised")
    UNDER_REVIEW = "under_review", _("Under review")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")
