"""Reviewed work, written once: a kind of work a project's participants write and submit, and the ministry accepts
(frozen from then on, also by the database) or returns with a comment.

A new reviewed kind is one model on :class:`Reviewed` (its table frozen by :func:`freeze_sql` in a migration, its
state constraints by :func:`review_constraints`) and its hooks: ``review_subject`` for the mail, ``on_accept`` for
what acceptance changes elsewhere, ``check_submittable`` for what must hold before it is submitted, and
``contributor_ids`` when its content lives in other tables too. The services here do the rest: :func:`submit`,
:func:`decide` (four eyes: the decider wrote none of what is decided on), the review mail on commit.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.versions import TimeStamped, Versioned, save_if_current


class ReviewState(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    RETURNED = "returned", gettext_lazy("Returned for changes")
    ACCEPTED = "accepted", gettext_lazy("Accepted")


# Reviewed work is edited while a draft or after being returned.
EDITABLE_STATES = (ReviewState.DRAFT, ReviewState.RETURNED)

# What a decision and its bookkeeping change; every other field is the work's content (four eyes reads those).
REVIEW_FIELDS = frozenset(
    {"id", "state", "reviewer", "review_comment", "submitted_at", "reviewed_at", "version", "created_at", "updated_at"}
)


def review_constraints(prefix: str) -> list[models.CheckConstraint]:
    """The state constraints every reviewed kind has, named ``<prefix>_state_valid`` and so on."""
    return [
        models.CheckConstraint(condition=Q(state__in=ReviewState.values), name=f"{prefix}_state_valid"),
        models.CheckConstraint(
            condition=Q(state=ReviewState.DRAFT) | Q(submitted_at__isnull=False), name=f"{prefix}_submitted_has_time"
        ),
        models.CheckConstraint(
            condition=~Q(state=ReviewState.ACCEPTED) | Q(reviewed_at__isnull=False), name=f"{prefix}_accepted_has_time"
        ),
    ]


def freeze_sql(table: str, trigger: str, *, deletes: bool = False) -> tuple[str, str]:
    """The migration SQL (forward, backward) that freezes ``table``'s accepted rows with core's one function
    (``deletes``: refuse deleting them too, for kinds whose project is never deleted)."""
    events = "UPDATE OR DELETE" if deletes else "UPDATE"
    forward = (
        f"CREATE TRIGGER {trigger} BEFORE {events} ON {table} "
        "FOR EACH ROW WHEN (OLD.state = 'accepted') EXECUTE FUNCTION core_accepted_is_frozen();"
    )
    return forward, f"DROP TRIGGER {trigger} ON {table};"


class Reviewed(TimeStamped, Versioned):
    """The fields every reviewed kind has. Subclasses add their content, ``history = HistoricalRecords()`` and the
    hooks below."""

    state = models.CharField(
        gettext_lazy("state"), max_length=16, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("author"), on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_comment = models.TextField(gettext_lazy("review comment"), blank=True)
    submitted_at = models.DateTimeField(gettext_lazy("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(gettext_lazy("reviewed"), null=True, blank=True)

    class Meta:
        abstract = True

    # -- hooks -----------------------------------------------------------------------------------------------------

    def review_subject(self, verdict: str) -> str:
        """The review mail's subject (in the reader's language: called under their translation)."""
        return f"{self._meta.verbose_name} {self} — {verdict}"

    def on_submit(self) -> None:
        """What submitting tells (events); runs in the submitting transaction."""

    def on_accept(self) -> None:
        """What acceptance changes elsewhere (stored figures, events); runs in the deciding transaction."""

    def on_return(self) -> None:
        """What returning the work tells (events); runs in the deciding transaction."""

    def check_submittable(self) -> None:
        """Raise ValidationError when the work is not complete enough to submit."""

    def contributor_ids(self) -> set[int]:
        """Who changed this work's content: its author and every user whose save changed a content field (from the
        history). Kinds whose content lives in other tables too add those tables' editors."""
        fields = [f.attname for f in self._meta.concrete_fields if f.name not in REVIEW_FIELDS]
        contributors = {self.author_id}
        before = None
        for record in self.history.order_by("history_id").values_list("history_user_id", *fields):
            content = record[1:]
            if content != before and record[0] is not None:
                contributors.add(record[0])
            before = content
        return contributors


class FourEyes(Exception):
    """The decider wrote some of what is decided on (a 403 in the API, a message on pages)."""

    message = gettext_lazy(
        "You changed this work yourself, so another ministry administrator must decide on it (four eyes)."
    )

    def __str__(self) -> str:
        return str(self.message)


def check_four_eyes(contributor_ids: set[int], decider) -> None:
    if decider.pk in contributor_ids:
        raise FourEyes


def _not_editable(work: Reviewed) -> ValidationError:
    return ValidationError(
        _("This is %(state)s and can no longer be changed.") % {"state": work.get_state_display()},
        code="not_editable",
    )


def check_editable(work: Reviewed) -> None:
    if work.state not in EDITABLE_STATES:
        raise _not_editable(work)


def save_content(work: Reviewed, by, *, expected_version: int) -> Reviewed:
    """Save changed content of a draft or returned work, recording ``by`` in its history."""
    check_editable(work)
    if by is not None:
        work._history_user = by
    save_if_current(work, expected_version=expected_version)
    return work


@transaction.atomic
def submit(work: Reviewed, *, by=None, expected_version: int) -> Reviewed:
    """Send a draft or returned work for review."""
    check_editable(work)
    work.check_submittable()
    work.state, work.submitted_at = ReviewState.SUBMITTED, timezone.now()
    if by is not None:
        work._history_user = by
    save_if_current(work, expected_version=expected_version)
    work.on_submit()
    return work


@transaction.atomic
def decide(
    work: Reviewed, reviewer, *, accept: bool, comment: str = "", expected_version: int, tell: bool = True
) -> Reviewed:
    """Accept a submitted work (frozen from then on; the kind's ``on_accept`` runs) or return it with a comment;
    the author and their organization's editors are mailed once the decision is committed (``tell``: demo data
    decides without mailing anyone)."""
    if work.state != ReviewState.SUBMITTED:
        raise ValidationError(_("Only submitted work can be reviewed."), code="not_submitted")
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError(
            {"comment": ValidationError(_("Say what needs to change when you return it."), code="comment_required")}
        )
    check_four_eyes(work.contributor_ids(), reviewer)
    work.state = ReviewState.ACCEPTED if accept else ReviewState.RETURNED
    work.reviewer, work.review_comment, work.reviewed_at = reviewer, comment, timezone.now()
    work._history_user = reviewer
    save_if_current(work, expected_version=expected_version)
    if accept:
        work.on_accept()
    else:
        work.on_return()
    if tell:
        transaction.on_commit(lambda: notify_review(work))
    return work


def notify_review(work: Reviewed) -> None:
    """Mail the author and their organization's editors (each once, in their language) of the decision."""
    from access import policy
    from core import mail

    def compose() -> tuple[str, str]:
        verdict = _("accepted") if work.state == ReviewState.ACCEPTED else _("returned for changes")
        subject = work.review_subject(verdict)
        return subject, subject + "\n\n" + (work.review_comment or "")

    mail.tell(policy.told_of_review(work.author), compose, f"review notice for {work._meta.label} {work.pk}")
