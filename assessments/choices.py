"""The KS AI-ethics check form's fixed vocabulary (KATS, 2023): its three stages of an AI system's life, its ten
considerations, and the answers a question takes. The questions themselves are data (``Checklist``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    DATA = "data", _("Data collection and processing")
    DEVELOPMENT = "development", _("Design and development")
    SERVICE = "service", _("Service provision")


class Consideration(models.TextChoices):
    TRANSPARENCY = "transparency", _("Transparency")
    FAIRNESS = "fairness", _("Fairness")
    HARMLESSNESS = "harmlessness", _("Harmlessness")
    RESPONSIBILITY = "responsibility", _("Responsibility")
    PRIVACY = "privacy", _("Privacy protection")
    CONVENIENCE = "convenience", _("Convenience")
    AUTONOMY = "autonomy", _("Autonomy")
    RELIABILITY = "reliability", _("Reliability")
    SUSTAINABILITY = "sustainability", _("Sustainability")
    SOLIDARITY = "solidarity", _("Solidarity")


class Response(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NOT_APPLICABLE = "n/a", _("Not applicable")


EXPLAINED = (Response.PARTLY, Response.NO)  # answers that need a note (what is missing, what is planned)
