"""Hostile and broken uploads: each refused whole with a clear message, within the limits, and nothing stored."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from imports import reading, services
from imports.models import ImportPreview
from imports.sheets import INDICATOR_VALUES, MILESTONES
from tests.imports.helpers import as_upload, template_of

pytestmark = pytest.mark.django_db


def refusal(project, user, upload) -> str:
    with pytest.raises(reading.Refused) as refused:
        services.preview_upload(project, user, upload, upload.name)
    assert not ImportPreview.objects.exists()
    return str(refused.value)


def zipped(entries: dict[str, bytes], name: str = "book.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, content in entries.items():
            archive.writestr(entry, content)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_zip_bomb_is_refused_before_it_is_inflated(own_project, users, english):
    bomb = zipped({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * (200 * 2**20)})
    assert bomb.size < 2**20

    assert refusal(own_project, users["member"], bomb) == "This file is not a workbook that can be read safely."


def test_a_workbook_with_macros_is_refused(own_project, users, english):
    book = zipped({"xl/workbook.xml": b"<workbook/>", "xl/vbaProject.bin": b"macro"}, "book.xlsm")

    assert "macros" in refusal(own_project, users["member"], book)


def test_a_zip_that_is_not_a_workbook_is_refused(own_project, users, english):
    assert refusal(own_project, users["member"], zipped({"a.txt": b"x"})) == "This file is not an XLSX workbook."


def test_a_broken_workbook_is_refused(own_project, users, english):
    book = zipped({"xl/workbook.xml": b"<not xml", "[Content_Types].xml": b"<"})

    assert refusal(own_project, users["member"], book) == "This file is not an XLSX workbook."


def test_an_old_excel_file_is_refused_with_what_to_do(own_project, users, english):
    old = SimpleUploadedFile("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)

    assert ".xlsx" in refusal(own_project, users["member"], old)


def test_binary_garbage_is_refused(own_project, users, english):
    garbage = SimpleUploadedFile("x.csv", b"\x00\x01\x02garbage")

    assert refusal(own_project, users["member"], garbage) == "This file is neither an XLSX workbook nor a CSV file."


def test_text_in_neither_encoding_is_refused(own_project, users, english):
    text = SimpleUploadedFile("x.csv", b"\xff\xfe\xfa\xfb" * 10)

    assert "UTF-8 or CP949" in refusal(own_project, users["member"], text)


def test_a_file_over_the_size_limit_is_refused(own_project, users, english, monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 100)

    assert "larger than the limit" in refusal(own_project, users["member"], SimpleUploadedFile("x.csv", b"a" * 101))


def test_more_rows_than_the_limit_are_refused(own_project, users, english, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    lines = [",".join(MILESTONES.headings("en"))] + [f"{own_project.code},1,x,,,,,,1"] * 4
    upload = SimpleUploadedFile("m.csv", "\r\n".join(lines).encode())

    assert refusal(own_project, users["member"], upload) == "The file has more than 3 rows; split it."


def test_a_file_without_rows_is_refused(own_project, users, english):
    upload = SimpleUploadedFile("m.csv", ",".join(MILESTONES.headings("en")).encode())

    assert refusal(own_project, users["member"], upload) == "The file has no rows to import."


def test_a_formula_is_never_computed(own_project, users, english):
    """A formula's cell reads as the value it last showed (none, in a file no spreadsheet program computed)."""
    book = template_of(own_project, users["member"])
    sheet = book[INDICATOR_VALUES.title]
    row = sheet.max_row
    sheet.cell(row, INDICATOR_VALUES.keys.index("value") + 1).value = "=1+1"
    sheet.cell(row, INDICATOR_VALUES.keys.index("note") + 1).value = '=HYPERLINK("http://evil")'

    found = services.preview_upload(own_project, users["member"], as_upload(book), "f.xlsx")

    assert found.writes == 0 and found.errors == []


def test_a_sheet_that_is_not_the_templates_is_named(own_project, users, english):
    book = template_of(own_project, users["member"])
    book.create_sheet("Notes").append(["anything"])

    found = services.preview_upload(own_project, users["member"], as_upload(book), "f.xlsx")

    assert found.errors == [
        {
            "sheet": "Notes",
            "row": 1,
            "column": "",
            "message": "This sheet is not one of the template's: its first row lacks the template's headings.",
        }
    ]


def test_too_many_sheets_are_refused(own_project, users, english):
    book = Workbook()
    for number in range(reading.MAX_SHEETS):
        book.create_sheet(f"s{number}")

    assert "more than 10 sheets" in refusal(own_project, users["member"], as_upload(book))
