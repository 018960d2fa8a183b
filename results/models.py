"""What the projects produced (results, by kind) and learned (lessons): reviewed work (``core.reviewed``) written by a
project's participants and accepted by the ministry before it counts anywhere — in the library, in the alliance's
figures, in the API. Accepted work is frozen, also by the database. A contact request asks a result's owner
organization, or a lesson's, to talk; its people's addresses are shown only once the owner accepts."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.reviewed import Reviewed, review_constraints
from core.search import search_index
from documents.models import Document
from members.models import Organization
from projects.models import PolicyBarrier, Project
from results.choices import ContactState, Reach, ResultKind

TEXT_MAX_LENGTH = 4000
RESULT_SEARCH = ("title", "summary")
LESSON_SEARCH = ("title", "context", "tried", "worked", "did_not_work", "advice", "technology")


class Result(Reviewed):
    """One result of a project: its kind's own fields in ``details`` (``results.details``)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(_("kind"), max_length=20, choices=ResultKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    owner = models.ForeignKey(
        Organization, verbose_name=_("owner organization"), on_delete=models.PROTECT, related_name="results"
    )
    achieved_on = models.DateField(_("date"))
    reach = models.CharField(_("visibility"), max_length=16, choices=Reach.choices, default=Reach.ALLIANCE)
    details = models.JSONField(_("details"), default=dict, blank=True)
    evidence = models.ManyToManyField(
        Document, verbose_name=_("evidence"), blank=True, related_name="evidence_for",
        help_text=_("Documents of the project's library that show the result."),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        ordering = ["-achieved_on", "-pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        indexes = [
            search_index(RESULT_SEARCH, "result_search"),
            models.Index(fields=["state", "kind", "achieved_on"], name="result_figures_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ResultKind.values), name="result_kind_valid"),
            models.CheckConstraint(condition=Q(reach__in=Reach.values), name="result_reach_valid"),
            *review_constraints("result"),
        ]

    def __str__(self) -> str:
        return self.title

    def review_subject(self, verdict: str) -> str:
        return _("%(code)s result “%(title)s” was %(verdict)s") % {
            "code": self.project.code, "title": self.title, "verdict": verdict,
        }  # fmt: skip

    def on_accept(self) -> None:
        from core.events import EventType, announce

        announce(EventType.RESULT_ACCEPTED, self)


class Lesson(Reviewed):
    """What a project learned, written up for the others: readable by the whole alliance by default."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("title"), max_length=200)
    context = models.TextField(_("context"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    tried = models.TextField(_("what was tried"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    worked = models.TextField(_("what worked"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    did_not_work = models.TextField(
        _("what did not work"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    advice = models.TextField(_("advice"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    technology = models.CharField(_("technology"), max_length=100, blank=True)
    barrier = models.ForeignKey(
        PolicyBarrier,
        verbose_name=_("policy barrier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
    )
    reach = models.CharField(_("visibility"), max_length=16, choices=Reach.choices, default=Reach.ALLIANCE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        indexes = [search_index(LESSON_SEARCH, "lesson_search")]
        constraints = [
            models.CheckConstraint(condition=Q(reach__in=Reach.values), name="lesson_reach_valid"),
            *review_constraints("lesson"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self) -> Organization:
        return self.author.organization

    def review_subject(self, verdict: str) -> str:
        return _("%(code)s lesson “%(title)s” was %(verdict)s") % {
            "code": self.project.code, "title": self.title, "verdict": verdict,
        }  # fmt: skip


class ContactRequest(models.Model):
    """ "Ask about this": a member asks the organization that owns an accepted result to talk."""

    result = models.ForeignKey(Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="contacts")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.CASCADE, related_name="+"
    )
    message = models.TextField(_("message"), validators=[MaxLengthValidator(2000)])
    state = models.CharField(_("state"), max_length=16, choices=ContactState.choices, default=ContactState.PENDING)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ContactState.values), name="contact_state_valid"),
            models.CheckConstraint(
                condition=Q(state=ContactState.PENDING) | Q(answered_at__isnull=False), name="contact_answered_has_time"
            ),
            models.UniqueConstraint(
                fields=["result", "requester"],
                condition=Q(state="pending"),
                name="contact_one_pending_per_result",
                violation_error_message=_("You already asked about this result: wait for the answer."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result} ← {self.requester}"

    @property
    def title(self) -> str:
        """The title of the result asked about: what a notification of the request names."""
        return self.result.title
