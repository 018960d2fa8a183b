"""Keeps ``ProjectFigures.ethics_checked_on`` equal to its rule (``checked_on``), which the computed health reads.

Refreshed for a project when one of its assessments is accepted, and for every project when a checklist version
is published (no project has an accepted assessment of a version that was just published).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import DateField, OuterRef, Subquery
from django.db.models.functions import TruncDate

from assessments.models import Assessment, Checklist
from projects import figures as project_figures
from projects import portfolio
from projects.choices import UpdateState
from projects.models import Project, ProjectFigures


def checked_on(project_ref: str = "pk") -> Subquery:
    """The rule: the day the project's latest assessment of the current checklist was accepted (None without)."""
    current = Checklist.objects.current()
    accepted = Assessment.objects.filter(
        project=OuterRef(project_ref), checklist=current, state=UpdateState.ACCEPTED
    ).order_by("-reviewed_at")
    return Subquery(accepted.values(day=TruncDate("reviewed_at"))[:1], output_field=DateField())


def refresh(project_ids: Iterable[int] | None = None) -> int:
    """Store the rule's value for the given projects (every project when None); returns how many rows."""
    projects = Project.objects.all() if project_ids is None else Project.objects.filter(pk__in=list(project_ids))
    project_figures.refresh(projects.filter(figures__isnull=True))  # a project without its row yet
    rows = ProjectFigures.objects.filter(project__in=projects)
    updated = rows.update(ethics_checked_on=checked_on("project_id"))
    portfolio.invalidate()  # the dashboard's health and AI-ethics coverage read it (an update sends no signal)
    return updated
