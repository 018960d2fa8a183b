"""Many rows previewed, every one new — the most work a preview can be asked for — in a fixed number of queries
(the project's indicators, values, milestones, executions, categories and participants are read once per file, not
per row), within a bound of memory that does not depend on the machine's speed. ``bench/imports.py`` measures 10,000
rows for docs/benchmarks.md."""

import datetime
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.imports import indicator_values_file
from imports import services
from imports.sheets import executions
from money.services import categories_in_use
from tests.factories import IndicatorFactory
from tests.imports.helpers import as_upload

pytestmark = pytest.mark.django_db

LAST_MONTH = datetime.date(2026, 11, 1)


def test_many_new_rows_preview_within_bounds(own_project, users):
    indicators = [IndicatorFactory(project=own_project) for _ in range(20)]
    content = indicator_values_file(own_project, indicators, 1000, LAST_MONTH)

    tracemalloc.start()
    preview = services.preview_upload(own_project, users["member"], SimpleUploadedFile("many.xlsx", content), "m.xlsx")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert len(preview.created) == 1000 and preview.errors == []
    assert peak < 200 * 2**20


def a_file(project, member, indicators, rows: int):
    """``rows`` new indicator values and as many new quarters (years before the demo's money) as a tenth of it."""
    from openpyxl import load_workbook

    book = load_workbook(SimpleUploadedFile("v.xlsx", indicator_values_file(project, indicators, rows, LAST_MONTH)))
    sheet = executions(categories_in_use().values())
    worksheet = book.create_sheet(sheet.title)
    worksheet.append(sheet.headings("ko"))
    worksheet.append(sheet.headings("en"))
    spent = [0] * (len(sheet.keys) - 9)
    for year in range(2010, 2010 + rows // 40):
        for quarter in (1, 2, 3, 4):
            worksheet.append([project.code, member.organization.slug, "", year, quarter, 10 * quarter, 0, 0, *spent,
                              "", ""])  # fmt: skip
    return as_upload(book)


def test_a_preview_of_twice_the_rows_takes_no_more_queries(own_project, users):
    member = users["member"]
    indicators = [IndicatorFactory(project=own_project) for _ in range(2)]
    counts, created = [], []
    for rows in (40, 80):
        upload = a_file(own_project, member, indicators, rows)
        with CaptureQueriesContext(connection) as queries:
            preview = services.preview_upload(own_project, member, upload, upload.name)
        assert preview.errors == []
        counts.append(len(queries))
        created.append(len(preview.created))

    assert created == [40 + 4, 80 + 8]
    assert counts[0] == counts[1]
