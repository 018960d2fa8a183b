"""A report's figures as files: an XLSX workbook (a sheet per section, real number and date cells) and a PDF with
an embedded Hangul font, so Korean shows in any viewer. They are kept in the reports storage
(``STORAGES["reports"]``: a local folder, or an object store shared by every machine), each saved only once
complete, so no half-written file is ever visible under its name."""

from __future__ import annotations

import datetime
import functools
import tempfile
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape  # nosec B406  # escape() writes XML text, parses none

from django.core.files import File
from django.core.files.storage import storages
from django.utils import formats, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from core import spreadsheets
from reports import charts
from reports.layout import Column, rendered
from reports.models import Report

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT, FONT_BOLD = "NanumSquare", "NanumSquare-Bold"
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "krw": "#,##0", "int": "0", "percent": "0", "number": "#,##0.####"}


# A file under this size is built in memory, a larger one in a temporary file (the monthly report of one project is
# tens of kilobytes; the weekly XLSX at 10,000 projects a few megabytes).
SPOOL_BYTES = 8 * 1024 * 1024


def storage():
    return storages["reports"]


def title(report: Report) -> str:
    """The report's heading in the active language."""
    if report.project_id:
        return _("%(kind)s %(period)s · %(code)s %(title)s") % {
            "kind": report.get_kind_display(),
            "period": report.period,
            "code": report.project.code,
            "title": report.project.title,
        }
    return _("%(kind)s %(period)s") % {"kind": report.get_kind_display(), "period": report.period}


def subtitle(report: Report) -> str:
    return _("Period %(start)s – %(end)s · figures as of %(as_of)s") % {
        "start": report.period_start.isoformat(),
        "end": report.period_end.isoformat(),
        "as_of": report.content["as_of"],
    }


# -- XLSX ----------------------------------------------------------------------------------------------------------


def _sheet_title(text: str, taken: set[str]) -> str:
    name = "".join(" " if c in "[]:*?/\\" else c for c in text)[:31].strip() or "Sheet"
    base, n = name, 2
    while name in taken:
        name = f"{base[:28]} {n}"
        n += 1
    taken.add(name)
    return name


def _cell(sheet, column: Column, value):
    cell = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else spreadsheets.cell(value))
    if column.kind in NUMBER_FORMATS and value is not None:
        cell.number_format = NUMBER_FORMATS[column.kind]
    return cell


def write_xlsx(report: Report, language: str, file) -> None:
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    bold = Font(bold=True)
    with translation.override(language):
        cover = workbook.create_sheet(_sheet_title(_("Report"), taken))
        cover.append([spreadsheets.cell(title(report))])
        cover.append([spreadsheets.cell(subtitle(report))])
        for section, rows in rendered(report.kind, report.content, language):
            sheet = workbook.create_sheet(_sheet_title(str(section.title), taken))
            header = []
            for column in section.columns:
                cell = WriteOnlyCell(sheet, value=spreadsheets.cell(str(column.label)))
                cell.font = bold
                header.append(cell)
            sheet.append(header)
            for row in rows:
                sheet.append([_cell(sheet, column, value) for column, value in zip(section.columns, row, strict=True)])
            if not rows:
                sheet.append([spreadsheets.cell(str(section.empty))])
    workbook.save(file)


# -- PDF -----------------------------------------------------------------------------------------------------------


@functools.cache
def register_fonts() -> None:
    """Register the vendored NanumSquare (SIL OFL); ReportLab embeds the glyphs a document uses."""
    pdfmetrics.registerFont(TTFont(FONT, FONT_DIR / "NanumSquareR.ttf"))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, FONT_DIR / "NanumSquareB.ttf"))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def _text(column: Column, value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if column.kind in ("krw", "int", "number"):
        return formats.number_format(value, force_grouping=True)
    if column.kind == "percent":
        return f"{value}%"
    return str(value)


COLUMN_WEIGHTS = {"text": 3, "i18n": 3, "metric": 2, "krw": 1.6}  # every other kind: 1


# Rows of a section the PDF prints; the spreadsheet has every row. At 10,000 projects the money section alone was
# about 200 pages, and a paragraph per cell made the PDF most of the weekly job's time and memory.
PDF_ROWS = 200


def _column_widths(columns, total: float) -> list[float]:
    """Names and texts get about three times the room of codes, dates and small numbers."""
    weights = [COLUMN_WEIGHTS.get(column.kind, 1) for column in columns]
    return [total * weight / sum(weights) for weight in weights]


def write_pdf(report: Report, language: str, file) -> None:
    register_fonts()
    wrap = "CJK" if language == "ko" else None  # Korean breaks between syllables; English between words
    styles = {
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=16, leading=21, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", fontName=FONT, fontSize=9, leading=12, textColor=colors.grey),
        "heading": ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9.5, wordWrap=wrap),
        "number": ParagraphStyle("number", fontName=FONT, fontSize=7.5, leading=9.5, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", fontName=FONT_BOLD, fontSize=7.5, leading=9.5, wordWrap=wrap),
        "empty": ParagraphStyle("empty", fontName=FONT, fontSize=9, leading=12, textColor=colors.grey),
    }
    page = landscape(A4)
    with translation.override(language):
        story = [
            Paragraph(escape(title(report)), styles["title"]),
            Paragraph(escape(subtitle(report)), styles["subtitle"]),
        ]
        for section, rows in rendered(report.kind, report.content, language):
            heading = Paragraph(escape(str(section.title)), styles["heading"])
            if not rows:
                story += [heading, Paragraph(escape(str(section.empty)), styles["empty"])]
                continue
            chart = section.chart and charts.CHARTS[section.chart](section, rows, FONT, page[0] - 30 * mm)
            story.append(KeepTogether([heading, chart]) if chart else heading)  # a heading never ends a page alone
            data = [[Paragraph(escape(str(column.label)), styles["head"]) for column in section.columns]]
            data += [
                [
                    Paragraph(escape(_text(c, v)).replace("\n", "<br/>"), styles["number" if c.numeric else "cell"])
                    for c, v in zip(section.columns, row, strict=True)
                ]
                for row in rows[:PDF_ROWS]
            ]
            table = LongTable(data, repeatRows=1, colWidths=_column_widths(section.columns, page[0] - 30 * mm))
            table.setStyle(
                TableStyle(
                    [
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#adb5bd")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(table)
            if len(rows) > PDF_ROWS:
                more = _("The first %(shown)d of %(total)d rows; the spreadsheet (XLSX) has them all.")
                story.append(Paragraph(escape(more % {"shown": PDF_ROWS, "total": len(rows)}), styles["empty"]))
        story.append(Spacer(1, 6 * mm))
        document = SimpleDocTemplate(
            file,
            pagesize=page,
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=15 * mm,
            bottomMargin=15 * mm,
            title=title(report),
            author=_("Industrial AI Alliance"),
            lang=language,
        )
        document.build(story)


WRITERS = {"xlsx": write_xlsx, "pdf": write_pdf}


def write_files(report: Report, languages) -> None:
    """Every format in every language, built whole before the first is saved to the reports storage.

    Each save is whole too (an object store's upload appears once complete; the local folder's file is renamed into
    place). Should a save fail, every file of the report is deleted from the storage before the error goes on, so a
    failed run leaves no part of a report behind; the report stays *building* and the next run makes it again.
    """
    names = [report.stored_name(fmt, language) for fmt in WRITERS for language in languages]
    with ExitStack() as stack:
        built = []
        for fmt, writer in WRITERS.items():
            for language in languages:
                file = stack.enter_context(tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES))
                writer(report, language, file)
                built.append((report.stored_name(fmt, language), file))
        store = storage()
        try:
            for name, file in built:
                file.seek(0)
                store.save(name, File(file, name=name))
        except BaseException:
            for name in names:
                store.delete(name)
            raise
