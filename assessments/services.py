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

from access import policy
from alliance_portal import mail
from alliance_portal.modeling import save_if_current
from assessments import figures
from assessments.choices import EXPLAINED
from assessments.models import Answer, Assessment, Checklist, Question
from members.models import User
from projects.choices import EDITABLE_STATES, UpdateState
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
    return Assessment.objects.filter(project=project).exclude(state=UpdateState.ACCEPTED).first()


@transaction.atomic
def start_assessment(project: Project, author: User) -> Assessment:
    """A new draft against the checklist in force."""
    checklist = Checklist.objects.current()
    if checklist is None:
        raise ValidationError(_("No AI-ethics checklist has been published yet."))
    assessment = Assessment(project=project, checklist=checklist, author=author)
    assessment.full_clean()
    assessment.save()
    return assessment


def _check_editable(assessment: Assessment) -> None:
    if assessment.state not in EDITABLE_STATES:
        raise ValidationError(
            _("This assessment is %(state)s and can no longer be edited."),
            params={"state": assessment.get_state_display()},
        )


@dataclass(frozen=True)
class Given:
    """One answer as the participant gives it."""

    response: str
    note: str = ""


@transaction.atomic
def save_answers(assessment: Assessment, given: dict[int, Given], *, expected_version: int) -> Assessment:
    """Record answers (question id → ``Given``) on a draft or returned assessment; a question left out keeps its
    answer. Only changed answers are written, so the history shows what changed."""
    _check_editable(assessment)
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


@transaction.atomic
def submit_assessment(assessment: Assessment, *, expected_version: int) -> Assessment:
    """Send a complete assessment to the ministry: every question answered, every "no" and "partly" explained."""
    _check_editable(assessment)
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
    assessment.state = UpdateState.SUBMITTED
    assessment.submitted_at = timezone.now()
    save_if_current(assessment, expected_version=expected_version)
    return assessment


@transaction.atomic
def review_assessment(
    assessment: Assessment, reviewer: User, *, accept: bool, comment: str, expected_version: int
) -> Assessment:
    """Accept a submitted assessment (frozen from then on; the project's check is current) or return it with a
    comment saying what to change."""
    if assessment.state != UpdateState.SUBMITTED:
        raise ValidationError(_("Only submitted assessments can be reviewed."))
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError({"comment": _("Say what needs to change when you return an assessment.")})
    assessment.state = UpdateState.ACCEPTED if accept else UpdateState.RETURNED
    assessment.reviewer = reviewer
    assessment.review_comment = comment
    assessment.reviewed_at = timezone.now()
    save_if_current(assessment, expected_version=expected_version)
    if accept:
        figures.refresh([assessment.project_id])
    transaction.on_commit(lambda: notify_review(assessment))
    return assessment


def notify_review(assessment: Assessment) -> None:
    """Tell the author and their organization's editors of the decision, each in their language (after commit)."""

    def compose() -> tuple[str, str]:
        verdict = _("accepted") if assessment.state == UpdateState.ACCEPTED else _("returned for changes")
        subject = _("%(code)s AI-ethics check was %(verdict)s") % {
            "code": assessment.project.code,
            "verdict": verdict,
        }
        return subject, subject + "\n\n" + assessment.review_comment

    mail.tell(policy.told_of_review(assessment.author), compose, f"review notice for AI-ethics check {assessment.pk}")
