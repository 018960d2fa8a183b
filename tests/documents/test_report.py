"""The monthly project report lists the documents filed that month: names, sizes, uploader — never a draft's."""

import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from core import periods
from documents import services
from reports.content import monthly_content
from reports.layout import rendered
from tests.factories import PDF_BYTES, StatusUpdateFactory, attached_document, upload

pytestmark = pytest.mark.django_db


def evidence(project, today):
    return monthly_content(project, periods.month(today), today)["sections"]["evidence"]


def test_the_monthly_report_lists_the_months_uploads_without_drafts_or_the_bin(people):
    project, editor, today = people["project"], people["editor"], timezone.localdate()
    attached_document(people["draft"], editor, name="draft-evidence.pdf")
    accepted = StatusUpdateFactory(project=project, author=editor, period=datetime.date(2026, 9, 1))
    on_update = attached_document(people["draft"], editor, name="증빙.pdf")
    on_update.status_update = accepted
    on_update.save()
    plan = attached_document(project, editor, name="plan.pdf")
    services.add_version(plan, upload("plan.pdf", PDF_BYTES + b"%2\n"), people["admin"], expected_version=1)
    binned = attached_document(project, editor, name="mistake.pdf")
    services.delete_document(binned, editor, expected_version=binned.version)
    with freeze_time(timezone.now() - datetime.timedelta(days=400)):
        attached_document(project, editor, name="last-year.pdf")

    day, size = today.isoformat(), len(PDF_BYTES)
    assert evidence(project, today) == [
        ["증빙.pdf", "status_update", 1, size, editor.username, day],
        ["plan.pdf", "project", 1, size, editor.username, day],
        ["plan.pdf", "project", 2, size + 3, people["admin"].username, day],
    ]


def test_the_section_reads_in_korean_and_english(people):
    today = timezone.localdate()
    attached_document(people["project"], people["editor"], name="plan.pdf")
    content = monthly_content(people["project"], periods.month(today), today)
    for language, label in (("en", "Project library"), ("ko", "과제 자료실")):
        sections = {section.key: rows for section, rows in rendered("monthly", content, language)}
        assert sections["evidence"][0][1] == label
