"""Exports of the filtered project list and milestones (written by ``core.spreadsheets``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from access.fields import sees
from core.rows import streamed
from core.spreadsheets import csv_stream, xlsx_response
from projects.models import Area, Phase, Project, ProjectFigures, Rag
from projects.querysets import MONEY_FIGURES

CHUNK = 500


def _columns() -> list[str]:
    return [
        _("Code"), _("Title (Korean)"), _("Title (English)"), _("Area"), _("Phase"), _("Lead organization"),
        _("Start date"), _("End date"), _("Progress %"), _("Self-reported RAG"), _("Computed health"),
        _("Overdue milestones"), _("Government budget (KRW)"), _("Private budget (KRW)"), _("Money: fiscal year"),
        _("Planned this year (KRW)"), _("Money in this year (KRW)"), _("Spent this year (KRW)"),
        _("Execution rate %"), _("Spent since the start (KRW)"),
    ]  # fmt: skip


def _rows(projects) -> Iterator[list]:
    """Each cell as the field map lets the viewer see it (``audience``, annotated by ``access.policy``)."""
    for p in streamed(projects, chunk_size=CHUNK):
        yield [
            p.code, p.title_ko, p.title_en, str(Area(p.area).label), str(Phase(p.phase).label),
            p.lead_organization.name, p.start_date, p.end_date, p.progress,
            str(Rag(p.current_rag).label) if p.current_rag else "", str(Rag(p.health).label), p.overdue_milestones,
            p.government_budget_krw if sees(p.audience, Project, "government_budget_krw") else None,
            p.private_budget_krw if sees(p.audience, Project, "private_budget_krw") else None,
            *(getattr(p, name) if sees(p.audience, ProjectFigures, name) else None for name in MONEY_FIGURES),
        ]  # fmt: skip


def projects_csv(projects) -> StreamingHttpResponse:
    return csv_stream("projects", _columns(), _rows(projects))


def milestones_csv(milestones) -> StreamingHttpResponse:
    """All columns of the milestones, streamed; ``milestones`` is annotated ``with_slippage``."""
    columns = [
        "project", "order", "title_ko", "title_en", "deliverable", "weight", "baseline_date", "forecast_date",
        "completed_date", "status", "slippage_days", "updated_at",
    ]  # fmt: skip
    return csv_stream(
        "milestones",
        columns,
        (
            [m.project.code, m.order, m.title_ko, m.title_en, m.deliverable, m.weight, m.baseline_date,
             m.forecast_date, m.completed_date, m.status, m.slippage_days, m.updated_at.isoformat()]
            for m in streamed(milestones, chunk_size=CHUNK)
        ),
    )  # fmt: skip


def projects_xlsx(projects) -> HttpResponse:
    return xlsx_response("projects", _("Projects"), _columns(), _rows(projects))
