"""Keeps ``ProjectFigures`` equal to ``ProjectQuerySet.computed_figures`` — the per-project figures lists read.

Every save or delete of a milestone or status update refreshes its project's row in the same transaction (so a
request reads its own writes); paths that bypass signals (bulk updates, COPY) call ``refresh`` themselves, and
``post_migrate`` fills the rows of projects that have none (after the table first appears, or a raw import).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from core import figures as core_figures

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


def keep(projects: QuerySet | Iterable[int] | None, store: Callable[[QuerySet], int], *, upserts: bool = False) -> int:
    """Keep ``ProjectFigures`` columns equal to their rule for the given projects (a queryset, ids, or every project
    when None): ``store(projects)`` writes the rule's values once each project has its row (``core.figures``;
    ``upserts``: ``store`` makes the missing rows itself)."""
    from projects import portfolio
    from projects.models import Project

    if projects is None:
        projects = Project.objects.all()
    elif not isinstance(projects, QuerySet):
        projects = Project.objects.filter(pk__in=list(projects))
    make_missing = (lambda _projects: None) if upserts else _make_missing
    return core_figures.keep(projects, store, make_missing=make_missing, invalidate=portfolio.invalidate)


def _make_missing(projects: QuerySet) -> None:
    _store_computed(projects.filter(figures__isnull=True))


def _store_computed(projects: QuerySet) -> int:
    """The rule of the milestone and status-update figures (``ProjectQuerySet.computed_figures``), stored."""
    from projects.models import ProjectFigures

    rows = [
        ProjectFigures(project_id=row.pop("pk"), **row) for row in projects.computed_figures().values("pk", *FIGURES)
    ]
    ProjectFigures.objects.bulk_create(
        rows, batch_size=2000, update_conflicts=True, unique_fields=["project"], update_fields=FIGURES
    )
    return len(rows)


def refresh(projects: QuerySet | Iterable[int]) -> int:
    """Recompute and store the figures of the given projects (a queryset or ids); returns how many rows."""
    return keep(projects, _store_computed, upserts=True)


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
