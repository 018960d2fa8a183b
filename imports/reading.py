"""An uploaded template read back into rows of text, within fixed limits: the file is hostile until shown otherwise.

An XLSX file is a ZIP archive (a zip bomb is an ``.xlsx``), so its structure is checked first through
``core.untrusted`` exactly as the documents' uploads are: entries, the central directory, the declared inflated
sizes and ratios. Only then does openpyxl open it, read-only (rows streamed, never the whole sheet in memory) and
``data_only`` (a formula's cell gives the value it last showed; nothing is ever computed; macros are refused, never
run). CSV is read as UTF-8 (with or without its mark) or, failing that, CP949 — what Korean spreadsheet programs
save. At most ``MAX_ROWS`` rows in all are read, ``MAX_SHEETS`` sheets, and each row only as wide as its sheet.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core import untrusted
from core.spreadsheets import typed
from imports import sheets as kinds
from imports.sheets import DATE, HEADER_ROWS, MONTH, NUMBER, Sheet, sheet_for

MAX_BYTES = 5 * 2**20  # an upload
MAX_ROWS = 10_000  # data rows in all sheets together
MAX_SHEETS = 10
READ_BUDGET = 8 * 2**20  # what checking the archive's structure may read
MAX_ZIP_ENTRIES = 1_000
MAX_ZIP_DIRECTORY = 2**20
MAX_INFLATED = 64 * 2**20  # declared by all entries together: what openpyxl may inflate at most
MAX_RATIO, RATIO_FROM = 200, 2**20
MAX_CELL = 5_000  # characters kept of a CSV cell (no column holds more)
ZIP_MAGIC = b"PK\x03\x04"


class Refused(ValueError):
    """The file as a whole cannot be read; the message says why, in the user's language."""


@dataclass(frozen=True)
class Row:
    sheet: str  # the sheet's title, or the CSV file's name
    number: int  # as the spreadsheet numbers it (1 is the first heading row)
    kind: str
    cells: dict[str, str]


def read_rows(file: BinaryIO, name: str) -> tuple[list[Row], list[str]]:
    """The data rows of an uploaded template, and the names of sheets that are not a template's (left out)."""
    file.seek(0, 2)
    if file.tell() > MAX_BYTES:
        raise Refused(_("The file is larger than the limit of %(mb)d MB.") % {"mb": MAX_BYTES // 2**20})
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(ZIP_MAGIC):
        return _workbook_rows(file)
    if head.startswith(untrusted.OLE_MAGIC):
        raise Refused(_("This is an old Excel file (.xls): save it as .xlsx or CSV and upload it again."))
    return _csv_rows(file.read(), name)


def _workbook_rows(file: BinaryIO) -> tuple[list[Row], list[str]]:
    try:
        source = untrusted.Source(file, READ_BUDGET)
        entries = untrusted.zip_entries(source, max_entries=MAX_ZIP_ENTRIES, max_directory_bytes=MAX_ZIP_DIRECTORY)
        untrusted.check_zip_sizes(entries, max_total=MAX_INFLATED, max_ratio=MAX_RATIO, ratio_from=RATIO_FROM)
        if any(entry.encrypted for entry in entries):
            raise untrusted.Unreadable("an encrypted entry")
    except untrusted.Unreadable as error:
        raise Refused(_("This file is not a workbook that can be read safely.")) from error
    names = {entry.name for entry in entries}
    if "xl/workbook.xml" not in names:
        raise Refused(_("This file is not an XLSX workbook."))
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise Refused(_("Workbooks with macros are not accepted: save it as a plain .xlsx workbook."))
    file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on a malformed part; all mean the same here
        raise Refused(_("This file is not an XLSX workbook.")) from error
    try:
        sheets = kinds.current()
        if len(workbook.worksheets) > MAX_SHEETS:
            raise Refused(_("The workbook has more than %(count)d sheets.") % {"count": MAX_SHEETS})
        rows: list[Row] = []
        others: list[str] = []
        for worksheet in workbook.worksheets:
            try:
                values = worksheet.iter_rows(values_only=True)
                _read_sheet(worksheet.title, values, rows, others, sheets)
            except Refused:
                raise
            except Exception as error:  # a malformed sheet part, found while streaming it
                raise Refused(_("This file is not an XLSX workbook.")) from error
        return rows, others
    finally:
        workbook.close()


def _csv_rows(data: bytes, name: str) -> tuple[list[Row], list[str]]:
    if b"\0" in data:
        raise Refused(_("This file is neither an XLSX workbook nor a CSV file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp949")
        except UnicodeDecodeError as error:
            raise Refused(_("A CSV file must be saved as UTF-8 or CP949 (EUC-KR).")) from error
    rows: list[Row] = []
    others: list[str] = []
    try:
        lines = csv.reader(io.StringIO(text, newline=""))
        _read_sheet(name, (tuple(value[:MAX_CELL] for value in line) for line in lines), rows, others, kinds.current())
    except csv.Error as error:
        raise Refused(_("This CSV file cannot be read: %(error)s") % {"error": error}) from error
    return rows, others


def _read_sheet(title: str, values, rows: list[Row], others: list[str], sheets: tuple[Sheet, ...]) -> None:
    """Append the data rows of one sheet (its first row says which of ``sheets`` it is) to ``rows``."""
    sheet: Sheet | None = None
    for number, line in enumerate(values, start=1):
        if number == 1:
            sheet = sheet_for(list(line), sheets)
            if sheet is None:
                others.append(title)
                return
            continue
        if number <= HEADER_ROWS and sheet_for(list(line), (sheet,)) is sheet:
            continue  # the headings in the other language
        cells = {
            column.key: _text(line[index] if index < len(line) else None, column.holds)
            for index, column in enumerate(sheet.columns)
        }
        if not any(cells.values()):
            continue
        if len(rows) == MAX_ROWS:
            raise Refused(_("The file has more than %(count)d rows; split it.") % {"count": MAX_ROWS})
        rows.append(Row(title, number, sheet.kind, cells))


def _text(value, holds: str) -> str:
    """A cell as the text a form would be sent: dates in ISO form (months as YYYY-MM), numbers without a float's
    tail, text as typed (with the apostrophe the portal put before formula-like text taken off)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m}" if holds == MONTH else value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f") if holds == NUMBER else repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(typed(value)).strip()
    if holds == DATE and len(text) > 10 and text[10:11] in (" ", "T"):
        text = text[:10]  # a date saved with its midnight by a CSV writer
    return text
