"""The ministry's yearly results report: what the alliance achieved in one year (``results.figures``, accepted results
only) as an XLSX workbook — a summary, the results by kind with a bar chart, the sales and the effects measured —
in the reader's language, each figure a real number cell."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from core.spreadsheets import cell

BOLD = Font(bold=True)
NUMBER_FORMATS = {"krw": "#,##0", "int": "#,##0", "number": "#,##0.####"}


def _table(sheet, header: list[str], rows: list[list], formats: tuple[str, ...] = ()) -> None:
    """``header`` in bold, then ``rows`` (text made safe by ``core.spreadsheets.cell``), numbers formatted."""
    sheet.append([cell(value) for value in header])
    for heading in sheet[1]:
        heading.font = BOLD
    for row in rows:
        sheet.append([cell(value) for value in row])
    for column, number_format in enumerate(formats, start=1):
        if number_format:
            for (value,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                value.number_format = NUMBER_FORMATS[number_format]
    for letter, width in zip("ABCDE", (34, 14, 14, 16, 16), strict=True):
        sheet.column_dimensions[letter].width = width


def _bar_chart(sheet, title: str, rows: int, y_title: str) -> None:
    """A bar chart of the sheet's second column by its first, beside the table."""
    if not rows:
        return
    chart = BarChart()
    chart.title, chart.y_axis.title, chart.legend = title, y_title, None
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=rows + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows + 1))
    sheet.add_chart(chart, "D2")


def yearly_workbook(figures: dict, year: int) -> bytes:
    """The workbook of ``figures`` (``results.figures.alliance_figures`` for ``year``)."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")
    _table(
        summary,
        [_("Figure"), _("Value")],
        [
            [_("Year"), year],
            [_("Accepted results"), figures["total"]],
            [_("Jobs created"), figures["jobs"]],
            [_("Technology transfer fees (KRW)"), figures["fees"]],
            [_("Sales of commercialized products (KRW)"), figures["sales_total"]],
            [_("Projects that reported results"), figures["reporting"]],
            [_("Projects"), figures["projects"]],
        ],
        ("", "int"),
    )
    summary["B2"].number_format = "0"

    kinds = workbook.create_sheet(_("Results by kind"))
    _table(
        kinds, [_("Kind"), _("Results")], [[str(row["label"]), row["total"]] for row in figures["rows"]], ("", "int")
    )
    _bar_chart(kinds, _("Accepted results by kind, %(year)s") % {"year": year}, len(figures["rows"]), _("Results"))

    sales = workbook.create_sheet(_("Sales"))
    _table(sales, [_("Year"), _("Sales (KRW)")], [[str(y), amount] for y, amount in figures["sales"]], ("", "krw"))
    _bar_chart(sales, _("Sales of commercialized products (KRW)"), len(figures["sales"]), _("KRW"))

    effects = workbook.create_sheet(_("Effects"))
    _table(
        effects,
        [_("What was measured"), _("Unit"), _("Results"), _("Baseline (average)"), _("Measured value (average)")],
        [[e["measure"], e["unit"], e["results"], e["baseline"], e["measured"]] for e in figures["effects"]],
        ("", "", "int", "number", "number"),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
