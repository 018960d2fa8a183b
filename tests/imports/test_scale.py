"""Many rows previewed, every one new, so each goes through the form and the service in its own savepoint — the most
work a preview can be asked for. 1,000 rows in the suite; ``IMPORT_BENCH_ROWS=10000`` (the row limit) for
docs/benchmarks.md. The time (tracemalloc's overhead included) and peak memory (tracemalloc: Python's allocations,
openpyxl's and Django's included) are printed; the test holds the memory to a bound that does not depend on the
machine's speed."""

import datetime
import io
import os
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from imports import reading, services
from imports.sheets import INDICATOR_VALUES
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

ROWS = int(os.environ.get("IMPORT_BENCH_ROWS", "1000"))
INDICATORS = 20
MONTHS = ROWS // INDICATORS  # months back from 2026-11 for each indicator


def months_back(first: datetime.date, count: int) -> list[str]:
    months, month = [], first
    for _ in range(count):
        months.append(f"{month:%Y-%m}")
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months


def test_many_new_rows_preview_within_bounds(own_project, users):
    indicators = [IndicatorFactory(project=own_project) for _ in range(INDICATORS)]
    book = Workbook()
    sheet = book.active
    sheet.title = INDICATOR_VALUES.title
    sheet.append(INDICATOR_VALUES.headings("ko"))
    sheet.append(INDICATOR_VALUES.headings("en"))
    for indicator in indicators:
        for month in months_back(datetime.date(2026, 11, 1), MONTHS):
            sheet.append([own_project.code, indicator.pk, "", "", month, 12.5, "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("many.xlsx", buffer.getvalue())
    assert INDICATORS * MONTHS <= reading.MAX_ROWS

    tracemalloc.start()
    started = time.perf_counter()
    preview = services.preview_upload(own_project, users["member"], upload, upload.name)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"\n{INDICATORS * MONTHS:,} rows ({upload.size:,} bytes): {seconds:.1f} s, peak {peak / 2**20:.1f} MiB")
    assert len(preview.created) == INDICATORS * MONTHS and preview.errors == []
    assert peak < 200 * 2**20
