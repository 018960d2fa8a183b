"""The import preview benchmark: an XLSX of 10,000 new indicator values (the row limit; 1,000 with ``--quick``) on a
project the ``member`` user leads, previewed as they would upload it. Reports the seconds and this process's peak
resident memory during the preview (``VmHWM``, reset first, as ``bench.run.publish_and_build`` reads it), and the
queries it took. Everything it makes (indicators, the preview) is rolled back.

Runs inside ``bench.run`` after ``prepare`` (Django set up on the benchmark database).
"""

from __future__ import annotations

import datetime
import io
import os
import time

INDICATORS = 20


def months_back(first: datetime.date, count: int) -> list[str]:
    """``count`` months as YYYY-MM, from ``first`` backwards."""
    months, month = [], first
    for _ in range(count):
        months.append(f"{month:%Y-%m}")
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months


def indicator_values_file(project, indicators: list, rows: int, last_month: datetime.date) -> bytes:
    """An XLSX of ``rows`` new values of ``indicators`` (as many months back from ``last_month`` as needed each)."""
    from openpyxl import Workbook

    from imports.sheets import INDICATOR_VALUES

    book = Workbook()
    sheet = book.active
    sheet.title = INDICATOR_VALUES.title
    sheet.append(INDICATOR_VALUES.headings("ko"))
    sheet.append(INDICATOR_VALUES.headings("en"))
    for indicator in indicators:
        for month in months_back(last_month, rows // len(indicators)):
            sheet.append([project.code, indicator.pk, "", "", month, 12.5, "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure(env: dict, *, quick: bool) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from access.policy import CHANGE, restrict
    from bench.run import high_water_mark, megabytes
    from core.periods import reporting_period
    from imports import services
    from members.models import User
    from projects.models import Indicator, Project

    rows = 1_000 if quick else 10_000
    member = User.objects.get(username="member")
    project = restrict(Project.objects.filter(lead_organization=member.organization), member, CHANGE).first()
    with transaction.atomic():
        indicators = Indicator.objects.bulk_create(
            Indicator(project=project, name_ko=f"벤치 {n}", name_en=f"Bench {n}", unit="t", baseline_value=0,
                      baseline_date=project.start_date, target_value=1, target_date=project.end_date)
            for n in range(INDICATORS)
        )  # fmt: skip
        content = indicator_values_file(project, indicators, rows, reporting_period(timezone.localdate()))
        upload = SimpleUploadedFile("bench.xlsx", content)
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # the peak starts again from what is resident now
        started = time.monotonic()
        with CaptureQueriesContext(connection) as queries:
            preview = services.preview_upload(project, member, upload, upload.name)
        seconds = time.monotonic() - started
        peak = high_water_mark(os.getpid())
        if preview.errors or len(preview.created) != rows:
            raise SystemExit(f"the import benchmark's preview was not clean: {preview.errors[:3]}")
        transaction.set_rollback(True)
    return {"rows": rows, "bytes": len(content), "seconds": round(seconds, 2), "peak_rss_mb": megabytes(peak),
            "queries": len(queries)}  # fmt: skip
