"""Templates filled in as a person would: rows found by the number in their key column, cells set by heading."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from imports import workbook
from imports.sheets import HEADER_ROWS, INDICATOR_VALUES, MILESTONES, Sheet
from tests import DEMO_DAY

KEYS = {INDICATOR_VALUES.kind: "indicator", MILESTONES.kind: "milestone"}


def template_of(project, user) -> Workbook:
    return load_workbook(io.BytesIO(workbook.template([project], user, DEMO_DAY)))


def rows_of(book: Workbook, sheet: Sheet, number: int) -> list[int]:
    """The row numbers of the rows about the indicator or milestone ``number``."""
    worksheet = book[sheet.title]
    column = sheet.keys.index(KEYS[sheet.kind]) + 1
    return [row for row in range(HEADER_ROWS + 1, worksheet.max_row + 1) if worksheet.cell(row, column).value == number]


def fill(book: Workbook, sheet: Sheet, row: int, **cells) -> None:
    worksheet = book[sheet.title]
    for key, value in cells.items():
        worksheet.cell(row, sheet.keys.index(key) + 1).value = value


def cell(book: Workbook, sheet: Sheet, row: int, key: str):
    return book[sheet.title].cell(row, sheet.keys.index(key) + 1).value


def as_upload(book: Workbook, name: str = "filled.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def as_csv(book: Workbook, sheet: Sheet, encoding: str, name: str = "sheet.csv") -> SimpleUploadedFile:
    """One sheet saved as CSV, as a spreadsheet program writes it (dates as YYYY-MM-DD)."""
    text = io.StringIO()
    writer = csv.writer(text)
    for row in book[sheet.title].iter_rows(values_only=True):
        writer.writerow(["" if value is None else getattr(value, "date", lambda v=value: v)() for value in row])
    return SimpleUploadedFile(name, text.getvalue().encode(encoding))
