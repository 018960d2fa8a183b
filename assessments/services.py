"""AI-ethics checks: every write goes through here, whatever the caller (pages, API, admin, demo data).

Callers fetch objects through the access policy first; these functions enforce the workflow (draft → submitted →
accepted, or returned and submitted again), the checklist's versioning and optimistic concurrency, and record
history.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import figures
from assessments.choices import EXPLAINED
from assessments.models import Answer, Assessment, Checklist, Question
from core import reviewed
from core.reviewed import ReviewState
from core.slots import insert_once
from core.versions import save_if_current
from members.models import User
from projects.models import Project

# -- the checklist ----------------------------------------------------------------------------------------------------


@transaction.atomic
def publish_checklist(checklist: Checklist) -> Checklist:
    """Put a draft version in force. From then on it cannot change, and every project needs an assessment of it."""
    checklist = Checklist.objects.select_for_update().get(pk=checklist.pk)
    if checklist.is_published:
        raise ValidationError(_("Version %(number)d is already published.") % {"number": checklist.number})
    if not checklist.questions.exists():
        raise ValidationError(_("A checklist needs at least one question before it is published."))
    current = Checklist.objects.current()
    if current is not None and current.number > checklist.number:
        raise ValidationError(
            _("Version %(current)d is in force: publish a higher version.") % {"current": current.number}
        )
    checklist.published_at = timezone.now()
    checklist.save(update_fields=["published_at", "updated_at"])
    figures.refresh()
    return checklist


@transaction.atomic
def draft_next_version(source: Checklist) -> Checklist:
    """A new, unpublished version holding a copy of ``source``'s questions, for the administrators to edit."""
    number = (Checklist.objects.aggregate(highest=Max("number"))["highest"] or 0) + 1
    draft = Checklist.objects.create(number=number, title_ko=source.title_ko, title_en=source.title_en)
    Question.objects.bulk_create(
        Question(
            checklist=draft,
            stage=q.stage,
            consideration=q.consideration,
            order=q.order,
            text_ko=q.text_ko,
            text_en=q.text_en,
        )
        for q in source.questions.all()
    )
    return draft


# -- assessments ------------------------------------------------------------------------------------------------------


def open_assessment(project: Project) -> Assessment | None:
    """The project's assessment being filled in or reviewed, if any (at most one: a database constraint)."""
    return Assessment.objects.filter(project=project).exclude(state=ReviewState.ACCEPTED).first()


@transaction.atomic
def start_assessment(project: Project, author: User) -> Assessment:
    """A new draft against the checklist in force; refused while the project has one open (``core.slots``)."""
    checklist = Checklist.objects.current()
    if checklist is None:
        raise ValidationError(_("No AI-ethics checklist has been published yet."))
    assessment = Assessment(project=project, checklist=checklist, author=author)
    message = _("This project has a check in progress: answer it.")
    return insert_once(assessment, Assessment.SLOT, message, by=author)


@dataclass(frozen=True)
class Given:
    """One answer as the participant gives it."""

    response: str
    note: str = ""


@transaction.atomic
def save_answers(
    assessment: Assessment, given: dict[int, Given], *, expected_version: int, by: User | None = None
) -> Assessment:
    """Record answers (question id → ``Given``) on a draft or returned assessment; a question left out keeps its
    answer. Only changed answers are written, so the history shows who changed what (``by``)."""
    reviewed.check_editable(assessment)
    questions = set(assessment.checklist.questions.values_list("pk", flat=True))
    foreign = sorted(set(given) - questions)
    if foreign:
        raise ValidationError(_("Question %(ids)s is not on this checklist.") % {"ids": foreign[0]})
    save_if_current(assessment, expected_version=expected_version)
    existing = {answer.question_id: answer for answer in assessment.answers.all()}
    for question_id, answer in given.items():
        stored = existing.get(question_id) or Answer(assessment=assessment, question_id=question_id)
        if stored.pk and (stored.response, stored.note) == (answer.response, answer.note):
            continue
        stored.response, stored.note = answer.response, answer.note
        stored.full_clean(exclude=["assessment", "question"])
        if by is not None:
            stored._history_user = by
        stored.save()
    return assessment


def missing(assessment: Assessment) -> tuple[list[Question], list[Question]]:
    """The questions still unanswered, and those answered "no" or "partly" without a note."""
    answers = {answer.question_id: answer for answer in assessment.answers.all()}
    unanswered, unexplained = [], []
    for question in assessment.checklist.questions.all():
        answer = answers.get(question.pk)
        if answer is None:
            unanswered.append(question)
        elif answer.response in EXPLAINED and not answer.note.strip():
            unexplained.append(question)
    return unanswered, unexplained


def check_complete(assessment: Assessment) -> None:
    """Before submitting (``Assessment.check_submittable``): every question answered, every "no" and "partly"
    explained."""
    unanswered, unexplained = missing(assessment)
    problems = []
    if unanswered:
        n = len(unanswered)
        problems.append(
            ngettext("%(n)d question is not answered yet.", "%(n)d questions are not answered yet.", n) % {"n": n}
        )
    if unexplained:
        problems.append(
            _("Explain each “no” and “partly” answer in its note (%(n)d without).") % {"n": len(unexplained)}
        )
    if problems:
        raise ValidationError(problems)
