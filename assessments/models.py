"""AI-ethics self-checks: the ministry's checklist, in versions, and the projects' assessments against it.

A checklist version is edited by ministry administrators until it is published; from then on the database refuses
to change it or its questions, so answers given under it keep their meaning when a newer version follows. An
assessment is filled in by the project's participants, submitted, and accepted or returned by the ministry; an
accepted one is frozen (also by a database trigger), like an accepted status update.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.choices import Consideration, Response, Stage
from core.i18n import localized
from core.reviewed import Reviewed, review_constraints
from core.versions import TimeStamped
from projects.models import Project

NOTE_MAX_LENGTH = 2000


class ChecklistQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def current(self):
        """The checklist in force: the published version with the highest number (None before the first)."""
        return self.published().order_by("-number").first()


class Checklist(TimeStamped):
    """One version of the AI-ethics check form."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    changes = models.TextField(_("what changed"), blank=True, help_text=_("Shown beside the version number."))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("AI-ethics checklist")
        verbose_name_plural = _("AI-ethics checklists")
        constraints = [models.CheckConstraint(condition=Q(number__gte=1), name="checklist_number_positive")]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Question(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="questions")
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    consideration = models.CharField(_("consideration"), max_length=16, choices=Consideration.choices)
    order = models.PositiveSmallIntegerField(_("order"), help_text=_("The question's place within its stage."))
    text_ko = models.TextField(_("question (Korean)"))
    text_en = models.TextField(_("question (English)"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["checklist", "stage", "order"]
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "stage", "order"],
                name="question_unique_place",
                violation_error_message=_("Another question of this stage already has that place."),
            ),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="question_stage_valid"),
            models.CheckConstraint(
                condition=Q(consideration__in=Consideration.values), name="question_consideration_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.order}"

    @property
    def text(self) -> str:
        return localized(self, "text")


class Assessment(Reviewed):
    """A project's self-check against one checklist version, reviewed work (``core.reviewed``)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ethics_assessments")
    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.PROTECT, related_name="assessments"
    )
    history = HistoricalRecords()

    SLOT = "assessment_one_open_per_project"

    class Meta:
        ordering = ["project", "-created_at"]
        verbose_name = _("AI-ethics assessment")
        verbose_name_plural = _("AI-ethics assessments")
        indexes = [models.Index(fields=["checklist", "state", "project"], name="assessment_coverage_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=~Q(state="accepted"),
                name="assessment_one_open_per_project",
                violation_error_message=_("This project already has an AI-ethics assessment in progress."),
            ),
            *review_constraints("assessment"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} v{self.checklist.number} ({self.get_state_display()})"

    def review_subject(self, verdict: str) -> str:
        return _("%(code)s AI-ethics check was %(verdict)s") % {"code": self.project.code, "verdict": verdict}

    def on_accept(self) -> None:
        from assessments import figures

        figures.refresh([self.project_id])

    def check_submittable(self) -> None:
        from assessments.services import check_complete

        check_complete(self)

    def contributor_ids(self) -> set[int]:
        """The answers are the content too: whoever wrote one is a contributor."""
        answered = Answer.history.filter(assessment_id=self.pk, history_user_id__isnull=False)
        return super().contributor_ids() | set(answered.values_list("history_user_id", flat=True))


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+")
    response = models.CharField(_("answer"), max_length=8, choices=Response.choices)
    note = models.TextField(_("note"), blank=True, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "question__stage", "question__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_one_per_question"),
            models.CheckConstraint(condition=Q(response__in=Response.values), name="answer_response_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_response_display()}"
