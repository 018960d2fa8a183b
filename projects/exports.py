"""Exports of the filtered project list: CSV streamed row by row, XLSX from openpyxl's write-only mode."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from access.fields import sees
from projects.models import Area, Phase, Project, Rag

CHUNK = 500


def _columns() -> list[str]:
    return [
        _("Code"), _("Title (Korean)"), _("Title (English)"), _("Area"), _("Phase"), _("Lead organization"),
        _("Start date"), _("End date"), _("Progress %"), _("Self-reported RAG"), _("Computed health"),
        _("Overdue milestones"), _("Government budget (KRW)"), _("Private budget (KRW)"),
    ]  # fmt: skip


def _rows(projects) -> Iterator[list]:
    """Each cell as the field map lets the viewer see it (``audience``, annotated by ``access.policy``)."""
    for p in projects.iterator(chunk_size=CHUNK):
        yield [
            p.code, p.title_ko, p.title_en, str(Area(p.area).label), str(Phase(p.phase).label),
            p.lead_organization.name, p.start_date, p.end_date, p.progress,
            str(Rag(p.current_rag).label) if p.current_rag else "", str(Rag(p.health).label), p.overdue_milestones,
            p.government_budget_krw if sees(p.audience, Project, "government_budget_krw") else None,
            p.private_budget_krw if sees(p.audience, Project, "private_budget_krw") else None,
        ]  # fmt: skip


def _filename(name: str, extension: str) -> str:
    return f"alliance-{name}-{timezone.localdate():%Y%m%d}.{extension}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(name: str, header: list[str], rows: Iterator[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # BOM, so spreadsheet programs read the Korean text as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(["" if value is None else value for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "csv")}"'
    return response


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
            for m in milestones.iterator(chunk_size=CHUNK)
        ),
    )  # fmt: skip


def projects_xlsx(projects) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Projects"))
    sheet.append(_columns())
    for row in _rows(projects):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("projects", "xlsx")}"'
    return response
