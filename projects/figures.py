"""Keeps ``ProjectFigures`` equal to ``ProjectQuerySet.computed_figures`` — the per-project figures lists read.

Every save or delete of a milestone or status update refreshes its project's row in the same transaction (so a
request reads its own writes); paths that bypass signals (bulk updates, COPY) call ``refresh`` themselves, and
``post_migrate`` fills the rows of projects that have none (after the table first appears, or a raw import).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import QuerySet

FIGURES = [
    "progress", "milestones_done", "milestones_total", "max_slippage_days", "open_forecast_dates", "current_rag",
    "last_accepted_period",
]  # fmt: skip


def execution_rate(spent: int, funds: int) -> Decimal | None:
    """The execution rate: spent ÷ money in, in percent with one decimal (exact arithmetic, half up; None before any
    money came in) — stored per project by ``money.figures``, added up per area on the dashboard."""
    if not funds:
        return None
    return (Decimal(spent) * 100 / Decimal(funds)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@transaction.atomic
def refresh(projects: QuerySet | Iterable[int]) -> int:
    """Recompute and store the figures of the given projects (a queryset or ids); returns how many rows.

    The projects' rows are locked first, so two transactions changing the same project's milestones refresh one
    after the other, the second computing from what the first committed (without the lock, each would compute
    from its own snapshot and the later upsert would drop the earlier change).
    """
    from projects.models import Project, ProjectFigures

    if not isinstance(projects, QuerySet):
        projects = Project.objects.filter(pk__in=list(projects))
    locked = list(projects.order_by("pk").select_for_update(of=("self",)).values_list("pk", flat=True))
    rows = [
        ProjectFigures(project_id=row.pop("pk"), **row)
        for row in Project.objects.filter(pk__in=locked).computed_figures().values("pk", *FIGURES)
    ]
    ProjectFigures.objects.bulk_create(
        rows, batch_size=2000, update_conflicts=True, unique_fields=["project"], update_fields=FIGURES
    )
    return len(rows)


def fill_missing(**kwargs) -> None:
    """Store the figures of every project that has none (``post_migrate``; cheap when none is missing)."""
    from projects.models import Project

    refresh(Project.objects.filter(figures__isnull=True))


def _changed(sender, instance, origin=None, **kwargs) -> None:
    """A milestone or status update was saved or deleted: its project's figures follow. A delete that started at
    the project (a cascade) has nothing to refresh — the figures go with the project."""
    origin_model = getattr(origin, "model", type(origin))
    if origin is not None and origin_model is not sender:
        return
    refresh([instance.project_id])


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from projects.models import Milestone, StatusUpdate

    for model in (Milestone, StatusUpdate):
        post_save.connect(_changed, sender=model, dispatch_uid=f"figures-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"figures-{model.__name__}-delete")
