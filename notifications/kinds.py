"""The kinds of notification, one per domain event (``core.events.EventType``): whom each concerns before the access
policy has its say, what of its object it carries (then cut by the field map for each reader), how it reads, where
it links, and how each role hears of it unless they chose otherwise.

A new event is one ``Kind`` below; whoever it names still only hears of it if ``access.policy`` lets them see the
object, and only of the fields ``access.fields`` gives their audience.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access import policy
from core.events import EventType
from core.i18n import localized
from members.models import MEMBER_ROLES, MINISTRY_ROLES, Role, User
from notifications.models import KIND_CHOICES, VIEW_CHANGED, Delivery
from projects.choices import BarrierStatus
from projects.models import Indicator, Milestone, PolicyBarrier, Project, StatusUpdate
from reports.models import Report, ReportKind
from results.models import ContactRequest

# What a notification carries of its object, per model (the field map then drops what the reader may not see).
CARRIED: dict[type[models.Model], tuple[str, ...]] = {
    Project: ("title_ko", "title_en", "government_budget_krw"),
    Milestone: ("title_ko", "title_en", "baseline_date", "forecast_date", "status"),
    StatusUpdate: ("period", "rag", "progress_percent", "review_comment"),
    Indicator: ("name_ko", "name_en"),
    PolicyBarrier: ("title_ko", "title_en", "status"),
    Report: ("kind", "period"),
    ContactRequest: ("title",),
}
LOADED = {  # how the fan-out fetches each subject (with what its details and link need)
    Project: Project.objects.all(),
    Milestone: Milestone.objects.select_related("project"),
    StatusUpdate: StatusUpdate.objects.select_related("project"),
    Indicator: Indicator.objects.select_related("project"),
    PolicyBarrier: PolicyBarrier.objects.all(),
    Report: Report.objects.select_related("project"),
    ContactRequest: ContactRequest.objects.select_related("result", "requester"),
}


def project_of(subject: models.Model) -> Project | None:
    """The project ``subject`` belongs to (itself for a project; none for a barrier or a portfolio report)."""
    return subject if isinstance(subject, Project) else getattr(subject, "project", None)


def _everyone(subject) -> models.QuerySet:
    return User.objects.filter(is_active=True)


def _ministry(subject) -> models.QuerySet:
    return User.objects.filter(is_active=True, role__in=MINISTRY_ROLES)


def _participants(subject) -> models.QuerySet:
    project = project_of(subject)
    return policy.participants_of([project.pk]) if project else User.objects.none()


def _participants_and_ministry(subject) -> models.QuerySet:
    return _participants(subject) | _ministry(subject)


def _reviewers(subject) -> models.QuerySet:
    """Ministry administrators other than the author: who may decide (four eyes)."""
    return User.objects.filter(is_active=True, role=Role.MINISTRY_ADMIN).exclude(pk=subject.author_id)


def _barrier_followers(subject) -> models.QuerySet:
    """Ministry staff and the participants of the projects the barrier blocks."""
    blocked = subject.projects.values("pk")
    return policy.participants_of(blocked) | _ministry(subject)


def _owner(view) -> models.QuerySet:
    return User.objects.filter(pk=view.owner_id, is_active=True)


def _owner_organization(subject) -> models.QuerySet:
    """The people of the organization that owns the result asked about."""
    return User.objects.filter(is_active=True, organization_id=subject.result.owner_id)


def _requester(subject) -> models.QuerySet:
    return User.objects.filter(is_active=True, pk=subject.requester_id)


@dataclass(frozen=True)
class Kind:
    concerns: Callable[[models.Model], models.QuerySet]
    text: str  # formatted with the details (see ``describe``)
    defaults: dict[str, str] = field(default_factory=dict)  # role -> delivery; else PORTAL (partners: OFF)


KINDS: dict[str, Kind] = {
    EventType.PROJECT_CREATED: Kind(
        _everyone, gettext_lazy("New project %(code)s: %(title)s"), dict.fromkeys(MEMBER_ROLES, Delivery.WEEKLY)
    ),
    EventType.PROJECT_UPDATED: Kind(_participants_and_ministry, gettext_lazy("Project %(code)s was updated")),
    EventType.MILESTONE_UPDATED: Kind(_participants, gettext_lazy("%(code)s: milestone “%(title)s” was updated")),
    EventType.MILESTONE_SLIPPED: Kind(
        _participants_and_ministry,
        gettext_lazy("%(code)s: milestone “%(title)s” slipped to %(forecast_date)s"),
        dict.fromkeys(MINISTRY_ROLES, Delivery.DAILY),
    ),
    EventType.MILESTONE_COMPLETED: Kind(
        _participants_and_ministry, gettext_lazy("%(code)s: milestone “%(title)s” was completed")
    ),
    EventType.STATUS_UPDATE_SUBMITTED: Kind(
        _reviewers,
        gettext_lazy("%(code)s: the status update for %(period)s waits for your review"),
        {Role.MINISTRY_ADMIN: Delivery.IMMEDIATE},
    ),
    # the author and their organization's editors are mailed the decision anyway (core.reviewed.notify_review)
    EventType.STATUS_UPDATE_ACCEPTED: Kind(
        _participants, gettext_lazy("%(code)s: the status update for %(period)s was accepted")
    ),
    EventType.STATUS_UPDATE_RETURNED: Kind(
        _participants, gettext_lazy("%(code)s: the status update for %(period)s was returned for changes")
    ),
    EventType.INDICATOR_VALUE_ADDED: Kind(_participants, gettext_lazy("%(code)s: new value of “%(title)s”")),
    EventType.BARRIER_RAISED: Kind(
        _barrier_followers,
        gettext_lazy("Policy barrier raised: %(title)s"),
        dict.fromkeys(MINISTRY_ROLES, Delivery.DAILY),
    ),
    EventType.BARRIER_STATUS_CHANGED: Kind(
        _barrier_followers, gettext_lazy("Policy barrier “%(title)s” is now: %(status)s")
    ),
    EventType.REPORT_READY: Kind(_participants_and_ministry, gettext_lazy("Report ready: %(report)s")),
    # told by the saved views' daily check (``notifications.saved.check``), not by an event; whoever asked hears
    VIEW_CHANGED: Kind(
        _owner,
        gettext_lazy("Your saved view “%(name)s” changed: %(added)s new, %(removed)s no longer in it"),
        {Role.PARTNER: Delivery.PORTAL},
    ),
    # the owner's editors and the requester are mailed anyway (results.services.ask, answer)
    EventType.CONTACT_REQUEST_RECEIVED: Kind(
        _owner_organization, gettext_lazy("A question about your result “%(title)s” waits for your answer")
    ),
    EventType.CONTACT_REQUEST_ANSWERED: Kind(_requester, gettext_lazy("Your question about “%(title)s” was answered")),
}
CHOICES = [(kind, label) for kind, label in KIND_CHOICES if kind in KINDS]
KINDS_LABELS = dict(CHOICES)


def default_delivery(kind: str, role: str) -> str:
    """How a person of ``role`` hears of ``kind`` until they choose."""
    # partners work through the API and webhooks, not the pages (unless the kind says otherwise)
    return KINDS[kind].defaults.get(role, Delivery.OFF if role == Role.PARTNER else Delivery.PORTAL)


def details(subject: models.Model) -> dict:
    """Everything a notification may carry of ``subject`` (before the field map cuts it for a reader)."""
    carried = {name: getattr(subject, name) for name in CARRIED[type(subject)]}
    project = project_of(subject)
    if project is not None:
        carried["code"] = project.code
    return carried


def path(kind: str, subject: models.Model) -> str:
    """Where the notification links to."""
    if kind == EventType.STATUS_UPDATE_SUBMITTED:
        return reverse("review_update", kwargs={"pk": subject.pk})
    if isinstance(subject, PolicyBarrier):
        return reverse("barrier_detail", kwargs={"pk": subject.pk})
    if isinstance(subject, Report):
        return reverse("report_detail", kwargs={"pk": subject.pk})
    if isinstance(subject, ContactRequest):
        return reverse("contact_list")
    return reverse("project_detail", kwargs={"code": project_of(subject).code})


def describe(kind: str, carried: dict) -> str:
    """The notification's text in the active language, from what it carries (a field it lacks reads as empty)."""
    names = SimpleNamespace(**carried)
    values = {
        "code": carried.get("code", ""),
        "title": localized(names, "title") or localized(names, "name") or carried.get("title", ""),
        "period": str(carried.get("period", ""))[:7],
        "forecast_date": carried.get("forecast_date", ""),
        "status": _label(BarrierStatus, carried.get("status")),
        "report": " ".join(
            filter(None, [_label(ReportKind, carried.get("kind")), carried.get("period"), carried.get("code")])
        ),
        "name": carried.get("name", ""),
        "added": carried.get("added", 0),
        "removed": carried.get("removed", 0),
    }
    text = str(KINDS[kind].text) % values if kind in KINDS else kind
    if carried.get("government_budget_krw") is not None:
        text += " · " + _("government budget %(amount)s KRW") % {"amount": f"{int(carried['government_budget_krw']):,}"}
    if carried.get("review_comment"):
        text += " · " + _("comment: %(comment)s") % {"comment": carried["review_comment"]}
    return text


def _label(choices: type[models.TextChoices], value) -> str:
    return str(choices(value).label) if value in choices.values else ""
