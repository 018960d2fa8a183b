"""Results, lessons and contact requests: every write goes through here, whatever the caller (pages, API, demo data).

Callers fetch objects through the access policy first; these functions hold the rules: a result's details are its
kind's (``results.details``), its owner takes part in the project, a lesson's barrier blocks the project, content
changes only while a draft or returned (``core.reviewed``), and a contact request is answered once, by the owner.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from access import policy
from core import mail, reviewed
from core.events import EventType, announce
from core.links import absolute_url
from core.slots import insert_once
from documents.choices import AttachedTo
from documents.models import Document
from members.models import User
from results.choices import ContactState
from results.details import clean_details
from results.models import ContactRequest, Lesson, Result

CONTACT_SLOT = "contact_one_pending_per_result"


def _save(work, by: User, expected_version: int | None):
    work.full_clean(exclude=["author"])
    if work.pk is None:
        work.author = by
        work._history_user = by
        work.save(force_insert=True)
        return work
    return reviewed.save_content(work, by, expected_version=expected_version)


def evidence_documents(project) -> QuerySet:
    """The documents that may back a result of ``project``: those of its library (not the bin)."""
    return Document.objects.live().filter(attached_to=AttachedTo.PROJECT, project=project)


@transaction.atomic
def save_result(
    result: Result, by: User, *, expected_version: int | None = None, evidence: list[Document] | None = None
) -> Result:
    """Save a new or editable result as ``result`` now holds it; its ``details`` are cleaned to its kind's, and
    ``evidence`` (when given) replaces its documents, each from the project's library."""
    if result.pk is not None:
        reviewed.check_editable(result)
    errors = {}
    if evidence is not None:
        allowed = set(evidence_documents(result.project).values_list("pk", flat=True))
        if any(document.pk not in allowed for document in evidence):
            errors["evidence"] = [_("Evidence must be a document of the project's library.")]
    try:
        result.details = clean_details(result.kind, result.details)
    except ValidationError as error:
        errors.update(error.message_dict if hasattr(error, "error_dict") else {"details": error.messages})
    if result.owner_id and not result.project.participations.filter(organization_id=result.owner_id).exists():
        errors["owner"] = [_("The owner must be an organization taking part in the project.")]
    if errors:
        raise ValidationError(errors)
    _save(result, by, expected_version)
    if evidence is not None:
        result.evidence.set(evidence)
    return result


@transaction.atomic
def save_lesson(lesson: Lesson, by: User, *, expected_version: int | None = None) -> Lesson:
    """Save a new or editable lesson; a barrier it names must be one that blocks its project."""
    if lesson.pk is not None:
        reviewed.check_editable(lesson)
    if lesson.barrier_id and not lesson.project.policy_barriers.filter(pk=lesson.barrier_id).exists():
        raise ValidationError({"barrier": [_("Choose a barrier that blocks this project.")]})
    return _save(lesson, by, expected_version)


# -- "Ask about this" -------------------------------------------------------------------------------------------------


@transaction.atomic
def ask(result: Result, requester: User, message: str) -> ContactRequest:
    """Ask the result's owner organization to talk; its editors are mailed (without the asker's address)."""
    if requester.organization_id == result.owner_id:
        raise ValidationError(_("This result is your own organization's."), code="own_result")
    contact = ContactRequest(result=result, requester=requester, message=message.strip())
    insert_once(contact, CONTACT_SLOT, _("You already asked about this result: wait for the answer."))
    url = absolute_url(reverse("contact_list"))

    def compose() -> tuple[str, str]:
        subject = _("A question about your result “%(title)s”") % {"title": result.title}
        body = _("%(organization)s asks about it. Accept or decline at %(url)s") % {
            "organization": requester.organization, "url": url,
        }  # fmt: skip
        return subject, f"{body}\n\n{contact.message}"

    people = policy.editors_at(result.owner_id).exclude(email="")
    transaction.on_commit(lambda: mail.tell(people, compose, f"contact request {contact.pk}"))
    announce(EventType.CONTACT_REQUEST_RECEIVED, contact)
    return contact


@transaction.atomic
def answer(contact: ContactRequest, by: User, *, accept: bool) -> ContactRequest:
    """Accept (the two sides see each other's address) or decline a pending request, once."""
    state = ContactState.ACCEPTED if accept else ContactState.DECLINED
    now = timezone.now()
    answered = ContactRequest.objects.filter(pk=contact.pk, state=ContactState.PENDING).update(
        state=state, answered_by=by, answered_at=now
    )
    if not answered:
        raise ValidationError(_("This request has already been answered."), code="answered")
    contact.state, contact.answered_by, contact.answered_at = state, by, now
    url = absolute_url(reverse("contact_list"))

    def compose() -> tuple[str, str]:
        verdict = _("accepted") if accept else _("declined")
        subject = _("Your question about “%(title)s” was %(verdict)s") % {
            "title": contact.result.title, "verdict": verdict,
        }  # fmt: skip
        return subject, url

    requester = contact.requester
    if requester.is_active and requester.email:
        transaction.on_commit(lambda: mail.tell([requester], compose, f"contact answer {contact.pk}"))
    announce(EventType.CONTACT_REQUEST_ANSWERED, contact)
    return contact
