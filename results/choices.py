from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultKind(models.TextChoices):
    AI_MODEL = "ai_model", _("AI model deployed")
    DATASET = "dataset", _("Dataset")
    SOFTWARE = "software", _("Software")
    PATENT = "patent", _("Patent")
    PAPER = "paper", _("Paper")
    STANDARD = "standard", _("Standard contribution")
    TRANSFER = "transfer", _("Technology transfer")
    COMMERCIALIZATION = "commercialization", _("Commercialization")
    EFFECT = "effect", _("Productivity or environmental effect")
    JOBS = "jobs", _("Jobs")


class Reach(models.TextChoices):
    """Who sees a result or lesson once it is accepted (the project's participants and the ministry always do)."""

    PARTICIPANTS = "participants", _("Project participants")
    ALLIANCE = "alliance", _("Alliance members")
    OPEN = "open", _("Open data")


class PatentStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    REGISTERED = "registered", _("Registered")


class DatasetAccess(models.TextChoices):
    PARTICIPANTS = "participants", _("Project participants")
    ALLIANCE = "alliance", _("Alliance members")
    ON_REQUEST = "on_request", _("On request")
    OPEN = "open", _("Anyone")


class StandardBody(models.TextChoices):
    KS = "KS", "KS"
    ISO = "ISO", "ISO"
    IEC = "IEC", "IEC"
    ISO_IEC = "ISO/IEC", "ISO/IEC JTC 1"


class ContactState(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
