"""Every CSV and XLSX file the portal writes goes through here, so no typed text ever becomes a live formula.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, after a tab or carriage
return, what follows) as a formula — ``=HYPERLINK(…)`` in a failed sign-in's username, say (OWASP "CSV
injection", ASVS 1.2.10). Such text is written with a leading apostrophe, the spreadsheets' own "this is text"
mark; numbers, dates and empty cells are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell(value):
    """``value`` as a spreadsheet may safely hold it: formula-like text neutralised, anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def typed(value):
    """What was typed into a cell that :func:`cell` wrote: the apostrophe it put before formula-like text taken off
    again, so a file the portal wrote reads back as the values it holds (any other value unchanged)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def filename(name: str, extension: str) -> str:
    return f"alliance-{name}-{timezone.localdate():%Y%m%d}.{extension}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV lines (RFC 4180, CRLF) of ``header`` and ``rows``, every cell made safe; None is an empty cell."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow([cell(value) for value in header])
    for row in rows:
        yield writer.writerow(["" if value is None else cell(value) for value in row])


def csv_stream(name: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    """A CSV download written row by row as it is sent (memory stays flat however long the list)."""

    def lines() -> Iterator[str]:
        yield "\ufeff"  # BOM, so spreadsheet programs read the Korean text as UTF-8
        yield from csv_lines(header, rows)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(name, "csv")}"'
    return response


def xlsx_response(name: str, sheet_title: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    """An XLSX download of one sheet (openpyxl's write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append([cell(value) for value in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(name, "xlsx")}"'
    return response
