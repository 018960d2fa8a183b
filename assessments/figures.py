"""Keeps ``ProjectFigures.ethics_checked_on`` equal to its rule (``checked_on``), which the computed health reads.

Refreshed for a project when one of its assessments is accepted, and for every project when a checklist version
is published (no project has an accepted assessment of a version that was just published).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import DateField, OuterRef, Subquery
from django.db.models.functions import TruncDate

from assessments.models import Assessment, Checklist
from core.reviewed import ReviewState
from projects import figures as project_figures
from projects.models import ProjectFigures


def checked_on(project_ref: str = "pk") -> Subquery:
    """The rule: the day the project's latest assessment of the current checklist was accepted (None without)."""
    current = Checklist.objects.current()
    accepted = Assessment.objects.filter(
        project=OuterRef(project_ref), checklist=current, state=ReviewState.ACCEPTED
    ).order_by("-reviewed_at")
    return Subquery(accepted.values(day=TruncDate("reviewed_at"))[:1], output_field=DateField())


def refresh(project_ids: Iterable[int] | None = None) -> int:
    """Store the rule's value for the given projects (every project when None); returns how many rows."""
    return project_figures.keep(project_ids, _store)


def _store(projects) -> int:
    return ProjectFigures.objects.filter(project__in=projects).update(ethics_checked_on=checked_on("project_id"))
