from django.db import models
from django.utils.translation import gettext_lazy as _


class Folder(models.TextChoices):
    """Where a document sits in a project's library (evidence on an update, milestone or barrier has none)."""

    CONTRACTS = "contracts", _("Contracts")
    PLANS = "plans", _("Plans")
    RESULTS = "results", _("Results")
    PRESENTATIONS = "presentations", _("Presentations")
    OTHER = "other", _("Other")


class AttachedTo(models.TextChoices):
    """What a document belongs to."""

    PROJECT = "project", _("Project library")
    STATUS_UPDATE = "status_update", _("Status update")
    MILESTONE = "milestone", _("Milestone")
    BARRIER = "barrier", _("Policy barrier")
