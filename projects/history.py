"""A project's change log — who changed what and when — from the django-simple-history tables.

One query per tracked model (project, participants, milestones, status updates, indicators and their values),
whatever the length of the history; diffs are computed in Python between consecutive versions of each object.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.utils.translation import gettext as _

from access.fields import sees
from access.policy import restrict
from core.i18n import localized
from projects.models import Indicator, IndicatorValue, Milestone, Project, ProjectParticipant, StatusUpdate

IGNORED_FIELDS = {"updated_at", "created_at", "version"}
MAX_ENTRIES = 100
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    subject: str
    action: str
    reason: str
    changes: list[tuple[str, object, object]] = field(default_factory=list)


def _subject(record) -> str:
    model = record.instance_type
    if model is Milestone:
        return _("Milestone %(order)s. %(title)s") % {"order": record.order, "title": localized(record, "title")}
    if model is StatusUpdate:
        return _("Status update %(period)s") % {"period": record.period.strftime("%Y-%m")}
    if model is Indicator:
        return _("Indicator %(name)s") % {"name": localized(record, "name")}
    if model is IndicatorValue:
        return _("Indicator value %(period)s") % {"period": record.period.strftime("%Y-%m")}
    if model is ProjectParticipant:
        return _("Participant")
    return _("Project")


def _histories(project: Project, user):
    indicator_ids = list(Indicator.objects.filter(project=project).values_list("pk", flat=True))
    yield Project.history.filter(id=project.pk)
    yield ProjectParticipant.history.filter(project_id=project.pk)
    yield Milestone.history.filter(project_id=project.pk)
    yield restrict(StatusUpdate.history.filter(project_id=project.pk), user)  # each version as the policy allows
    yield Indicator.history.filter(project_id=project.pk)
    yield IndicatorValue.history.filter(indicator_id__in=indicator_ids)


def project_history(project: Project, user, *, audience: str) -> list[Entry]:
    """The change log of a project that ``user`` may see; fields ``audience`` may not see show as confidential."""
    entries = []
    for history in _histories(project, user):
        records = list(history.select_related("history_user").order_by("id", "history_date", "history_id"))
        for _object_id, versions in groupby(records, key=lambda r: r.id):
            previous = None
            for record in versions:
                entries.append(_entry(record, previous, audience))
                previous = record
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:MAX_ENTRIES]


def _entry(record, previous, audience: str) -> Entry:
    model = record.instance_type
    who = record.history_user.get_username() if record.history_user else _("system")
    reviewer_id = getattr(record, "reviewer_id", None)
    if reviewer_id and record.history_user_id == reviewer_id and not sees(audience, model, "reviewer"):
        who = _("(confidential)")  # a decision's author is its reviewer, whom this audience may not see
    entry = Entry(
        when=record.history_date,
        who=who,
        subject=_subject(record),
        action=ACTIONS.get(record.history_type, record.history_type),
        reason=record.history_change_reason or "",
    )
    if previous is not None and record.history_type == "~":
        for change in record.diff_against(previous).changes:
            if change.field in IGNORED_FIELDS:
                continue
            label = str(model._meta.get_field(change.field).verbose_name)
            if not sees(audience, model, change.field):
                entry.changes.append((label, "—", _("(confidential)")))
            else:
                entry.changes.append((label, change.old, change.new))
    return entry
