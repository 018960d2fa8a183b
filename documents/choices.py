from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Folder(models.TextChoices):
    """Where a document sits in a project's library (evidence on an update, milestone or barrier has none)."""

    CONTRACTS = "contracts", _("Contracts")
    PLANS = "plans", _("Plans")
    RESULTS = "results", _("Results")
    PRESENTATIONS = "presentations", _("Presentations")
    OTHER = "other", _("Other")


class Change(models.TextChoices):
    """Why a document's history has a record (kept as the value, shown as the label in the reader's language)."""

    UPLOADED = "uploaded", pgettext_lazy("document history", "Uploaded")
    NEW_VERSION = "new version uploaded", pgettext_lazy("document history", "New version uploaded")
    DELETED = "deleted", pgettext_lazy("document history", "Deleted")
    RESTORED = "restored", pgettext_lazy("document history", "Restored")
    PURGED = "purged", pgettext_lazy("document history", "Purged")


class AttachedTo(models.TextChoices):
    """What a document belongs to."""

    PROJECT = "project", _("Project library")
    STATUS_UPDATE = "status_update", _("Status update")
    MILESTONE = "milestone", _("Milestone")
    BARRIER = "barrier", _("Policy barrier")
    MEETING = "meeting", _("Working group meeting")
