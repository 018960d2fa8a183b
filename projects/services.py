"""Writes: every change to projects goes through here, whatever the caller (admin, pages, API, commands).

Callers fetch objects through the access policy (``access.policy.restrict``) first; these functions
enforce the domain rules — states, required reasons, optimistic concurrency — and record history.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core import reviewed
from core.events import EventType, announce
from core.periods import reporting_period
from core.reviewed import ReviewState
from core.slots import insert_once
from core.versions import save_if_current
from members.models import Organization, User
from projects import portfolio
from projects.models import (
    BarrierStatus,
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneStatus,
    ParticipantRole,
    PolicyBarrier,
    Project,
    ProjectParticipant,
    StatusUpdate,
)

# -- projects ------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_project(project: Project) -> Project:
    """Save a new project and record its lead organization as its lead participant."""
    project.version = 1
    project.save()
    sync_lead_participant(project)
    announce(EventType.PROJECT_CREATED, project)
    return project


@transaction.atomic
def update_project(project: Project, *, expected_version: int) -> Project:
    """Save changes to ``project`` if nobody changed it since ``expected_version`` was read."""
    save_if_current(project, expected_version=expected_version)
    sync_lead_participant(project)
    announce(EventType.PROJECT_UPDATED, project)
    return project


def sync_lead_participant(project: Project) -> None:
    """Make the project's lead organization its one participant with the lead role."""
    former_leads = ProjectParticipant.objects.filter(project=project, role=ParticipantRole.LEAD).exclude(
        organization_id=project.lead_organization_id
    )
    for former in former_leads:  # saved one by one so the change lands in the history
        former.role = ParticipantRole.PARTICIPANT
        former.save(update_fields=["role", "updated_at"])
    participant, created = ProjectParticipant.objects.get_or_create(
        project=project,
        organization_id=project.lead_organization_id,
        defaults={"role": ParticipantRole.LEAD},
    )
    if not created and participant.role != ParticipantRole.LEAD:
        participant.role = ParticipantRole.LEAD
        participant.save(update_fields=["role", "updated_at"])


# -- monthly status updates ----------------------------------------------------------------------------------------


def current_update(project: Project, today: datetime.date) -> StatusUpdate | None:
    """This period's update being worked on or reviewed: the one that is not returned, else the last returned."""
    updates = StatusUpdate.objects.filter(project=project, period=reporting_period(today))
    return (
        updates.exclude(state=ReviewState.RETURNED).first() or updates.order_by("-updated_at").first()
    )  # fmt: skip


@transaction.atomic
def save_status_draft(
    project: Project,
    author: User,
    fields: dict,
    *,
    today: datetime.date,
    update: StatusUpdate | None = None,
    expected_version: int | None = None,
) -> StatusUpdate:
    """Create this period's draft (refused when the period has one: ``core.slots``), or save changes to a draft or
    returned update (``author`` is whoever writes: the history keeps who changed what)."""
    if update is None:
        update = StatusUpdate(project=project, period=reporting_period(today), author=author, **fields)
        return insert_once(update, StatusUpdate.SLOT, _("This period's update exists already: change it."), by=author)
    reviewed.check_editable(update)
    for name, value in fields.items():
        setattr(update, name, value)
    update.full_clean()
    return reviewed.save_content(update, author, expected_version=expected_version)


# -- milestones, indicators ------------------------------------------------------------------------------------------


@transaction.atomic
def update_milestone(
    milestone: Milestone,
    *,
    forecast_date: datetime.date,
    status: str,
    completed_date: datetime.date | None,
    reason: str,
    expected_version: int,
) -> Milestone:
    """Change a milestone's forecast, status and completion; a forecast past the baseline needs a reason."""
    event, reason = change_milestone(milestone, forecast_date=forecast_date, status=status,
                                     completed_date=completed_date, reason=reason)  # fmt: skip
    milestone._change_reason = reason or None
    save_if_current(milestone, expected_version=expected_version)
    announce(event, milestone)
    return milestone


def change_milestone(
    milestone: Milestone,
    *,
    forecast_date: datetime.date,
    status: str,
    completed_date: datetime.date | None,
    reason: str,
    deliverable_attached: Callable[[Milestone], bool] | None = None,
) -> tuple[str, str]:
    """The change made on ``milestone`` (not saved) after every rule of ``update_milestone`` holds, and the event it
    makes with the reason as kept. ``deliverable_attached`` answers for milestones read in bulk (an import's)."""
    reason = reason.strip()
    if forecast_date > milestone.baseline_date and forecast_date != milestone.forecast_date and not reason:
        raise ValidationError({"reason": _("Say why the forecast moves past the baseline date.")})
    if completed_date and completed_date > timezone.localdate():
        raise ValidationError({"completed_date": _("The completion date cannot be in the future.")})
    attached = deliverable_attached or _deliverable_attached
    if status == MilestoneStatus.DONE and milestone.document_required and not attached(milestone):
        raise ValidationError({"status": _("Attach the deliverable as a document before marking it done.")})
    if status == MilestoneStatus.DONE and milestone.status != MilestoneStatus.DONE:
        event = EventType.MILESTONE_COMPLETED
    elif forecast_date > milestone.forecast_date:
        event = EventType.MILESTONE_SLIPPED
    else:
        event = EventType.MILESTONE_UPDATED
    milestone.forecast_date = forecast_date
    milestone.status = status
    milestone.completed_date = completed_date
    milestone.full_clean()
    return event, reason


def _deliverable_attached(milestone: Milestone) -> bool:
    """Whether a document not in the bin is attached to the milestone (the documents app's, through the reverse
    relation: projects imports nothing above it)."""
    return milestone.documents.live().exists()


def with_deliverables(milestones) -> set[int]:
    """The ids of ``milestones`` (a queryset) with a document attached that is not in the bin: the deliverable rule
    of many milestones in one query (``change_milestone``'s ``deliverable_attached``)."""
    documents = Milestone._meta.get_field("documents").related_model.objects.live()
    return set(documents.filter(milestone__in=milestones).values_list("milestone_id", flat=True))


@transaction.atomic
def mark_overdue_milestones(today: datetime.date) -> int:
    """Mark open milestones whose forecast date has passed as delayed (as the day turns); returns how many.

    Each change bumps the version (an open form on it becomes stale) and lands in the history.
    """
    overdue = list(
        Milestone.objects.overdue(today).exclude(status=MilestoneStatus.DELAYED).select_for_update(skip_locked=True)
    )
    now = timezone.now()
    for milestone in overdue:
        milestone.status = MilestoneStatus.DELAYED
        milestone.version += 1
        milestone.updated_at = now
    bulk_update_with_history(
        overdue,
        Milestone,
        ["status", "version", "updated_at"],
        batch_size=500,
        default_change_reason=_("Forecast date passed"),
        default_date=now,
    )
    if overdue:  # a bulk update sends no save signals; the stored project figures stay as they are (open → open)
        portfolio.invalidate()
    for milestone in overdue:
        announce(EventType.MILESTONE_UPDATED, milestone)
    return len(overdue)


def check_indicator_month(period: datetime.date) -> None:
    """A value is recorded for a month that has started."""
    if reporting_period(period) > timezone.localdate():
        raise ValidationError({"period": _("You cannot record a value for a month that has not started.")})


@transaction.atomic
def record_indicator_value(
    indicator: Indicator, *, period: datetime.date, actual_value: Decimal, note: str = ""
) -> IndicatorValue:
    """Record (or correct) an indicator's actual value for a month that has started."""
    check_indicator_month(period)
    value, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        period=reporting_period(period),
        defaults={"actual_value": actual_value, "note": note},
    )
    announce(EventType.INDICATOR_VALUE_ADDED, indicator)
    return value


# -- policy barriers -----------------------------------------------------------------------------------------------


@transaction.atomic
def raise_barrier(barrier: PolicyBarrier, *, raised_by: Organization, projects: list[Project]) -> PolicyBarrier:
    barrier.raised_by = raised_by
    barrier.status = BarrierStatus.RAISED
    barrier.resolved_on = None
    barrier.full_clean()
    barrier.save()
    barrier.projects.set(projects)
    announce(EventType.BARRIER_RAISED, barrier)
    return barrier


@transaction.atomic
def change_barrier_status(
    barrier: PolicyBarrier, *, status: str, resolution_note: str, today: datetime.date, expected_version: int
) -> PolicyBarrier:
    """Move a barrier along; closing it (resolved / rejected) needs a note and stamps the date."""
    moved = status != barrier.status
    closing = status in PolicyBarrier.CLOSED_STATUSES
    if closing and not resolution_note.strip():
        raise ValidationError({"resolution_note": _("Explain how the barrier was resolved or why it was rejected.")})
    barrier.status = status
    barrier.resolution_note = resolution_note.strip()
    barrier.resolved_on = (barrier.resolved_on or today) if closing else None
    barrier.full_clean()
    save_if_current(barrier, expected_version=expected_version)
    if moved:
        announce(EventType.BARRIER_STATUS_CHANGED, barrier)
    return barrier
