"""Building reports through the tasks: files, idempotency, e-mails, retries and failures (tasks applied eagerly)."""

import datetime

import openpyxl
import pytest
from django.utils import translation
from pypdf import PdfReader

from members.models import Role
from reports import rendering
from reports.models import JobRun, Notification, Report, Subscription
from reports.tasks import monthly_project_report, monthly_reports, weekly_report
from tests import factories
from tests.reports.stored import stored_file, stored_names

pytestmark = pytest.mark.services


@pytest.fixture
def subscribers(db):
    admin = factories.UserFactory(role=Role.MINISTRY_ADMIN, organization=None, preferred_language="en")
    viewer = factories.UserFactory(role=Role.MINISTRY_VIEWER, organization=None)
    factories.UserFactory(role=Role.MINISTRY_VIEWER, organization=None)  # not subscribed
    for user in (admin, viewer):
        Subscription.objects.create(user=user)
    return admin, viewer


def run_weekly():
    return weekly_report.apply(kwargs={"period": "2026-W48"})


def test_the_weekly_report_is_stored_with_files_in_both_languages(portfolio, subscribers):
    result = run_weekly()
    assert result.successful(), result.result
    report = Report.objects.get(kind="weekly", period="2026-W48")
    assert report.state == Report.State.READY
    assert (report.period_start, report.period_end) == (datetime.date(2026, 11, 23), datetime.date(2026, 11, 29))
    for fmt in ("xlsx", "pdf"):
        for language in ("ko", "en"):
            assert rendering.storage().size(report.stored_name(fmt, language)) > 1000


def test_the_xlsx_has_a_sheet_per_section_with_real_numbers_and_dates(portfolio, subscribers):
    run_weekly()
    report = Report.objects.get(kind="weekly")
    workbook = openpyxl.load_workbook(stored_file(report, "xlsx", "en"))
    assert workbook.sheetnames[:3] == ["Report", "Portfolio summary", "By area"]
    summary = {row[0]: row[1] for row in workbook["Portfolio summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Projects"] == 3
    assert summary["Government budget (KRW)"] == 130_000_000
    completed = list(workbook["Milestones completed"].iter_rows(min_row=2, values_only=True))
    assert completed[0][0] == "MOB-001"
    assert completed[0][3] == datetime.datetime(2026, 11, 24)  # a date cell, not text
    korean = openpyxl.load_workbook(stored_file(report, "xlsx", "ko"))
    assert "요약" in "".join(korean.sheetnames)


def test_the_pdf_has_pages_and_korean_text(portfolio, subscribers):
    run_weekly()
    report = Report.objects.get(kind="weekly")
    pdf = PdfReader(stored_file(report, "pdf", "ko"))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert len(pdf.pages) >= 1
    assert "주간" in text and "데이터 반출 규제" in text and "MOB-001" in text
    fonts = {font["/BaseFont"] for page in pdf.pages for font in page["/Resources"]["/Font"].values()}
    embedded = [f for f in fonts if "Nanum" in f]
    assert embedded and all("+" in f for f in embedded)  # subset-embedded, so any viewer shows Hangul


def pdf_text(report, language: str) -> str:
    """The PDF's text with every run of white space as one space (table cells wrap their lines)."""
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(stored_file(report, "pdf", language)).pages).split()
    )


def test_the_weekly_pdf_charts_ratings_by_area_and_the_last_twelve_months(portfolio, subscribers):
    """The charts' labels are drawn as text: each area and month appears in its chart and again in the table."""
    run_weekly()
    report = Report.objects.get(kind="weekly")
    trend = report.content["sections"]["trend"]
    assert [row[0] for row in trend][-1] == "2026-11" and len(trend) == 12
    assert trend[-1][1:] == [1, 0, 0, 40]  # MOB's accepted green update for November at 40 %
    text = pdf_text(report, "en")
    for area in ("Mobility", "Machinery", "Production optimisation", "Industrial waste disposal"):
        assert text.count(area) >= 2, area
    assert text.count("2026-11") >= 2 and text.count("2025-12") >= 2
    assert "Accepted status updates, last 12 months" in text
    korean = pdf_text(report, "ko")
    assert korean.count("모빌리티") >= 2 and "승인된 현황 보고, 최근 12개월" in korean


def test_the_monthly_pdf_charts_milestones_on_a_time_axis_and_indicator_attainment(portfolio, subscribers):
    measured = factories.IndicatorFactory(project=portfolio["mob"], name_en="Defect rate of welded seams")
    factories.IndicatorValueFactory(indicator=measured)  # 3 → 2 of a target of 1: half way
    factories.IndicatorFactory(project=portfolio["mob"], name_en="Energy per unit produced")  # not measured yet
    monthly_project_report.apply(kwargs={"period": "2026-11", "scope": "MOB-001"})
    text = pdf_text(Report.objects.get(kind="monthly"), "en")
    for milestone in portfolio["mob"].milestones.all():
        assert text.count(milestone.title_en[:30]) >= 2, milestone.title_en  # its row on the axis, and in the table
    assert "2026-11" in text.split("Milestones", 1)[1]  # the axis' month ticks
    assert text.count("Defect rate of welded seams") == 2  # its bar, and its row in the table
    assert text.count("Energy per unit produced") == 1  # no bar without a measurement


def test_running_the_weekly_job_twice_leaves_one_report_and_one_set_of_emails(portfolio, subscribers, mailoutbox):
    run_weekly()
    store, names = rendering.storage(), stored_names(Report.objects.get())
    first_files = {name: store.get_modified_time(name) for name in names}
    second = run_weekly()
    assert second.result.startswith(f"report {Report.objects.get().pk} already there; 0 e-mails")
    assert Report.objects.count() == 1
    assert {name: store.get_modified_time(name) for name in names} == first_files
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in subscribers)
    assert "/reports/" in mailoutbox[0].body and not mailoutbox[0].attachments


def test_each_run_is_recorded(portfolio, subscribers):
    run_weekly()
    run = JobRun.objects.get()
    assert (run.kind, run.period, run.state, run.attempts) == ("weekly", "2026-W48", "succeeded", 1)
    assert run.duration is not None and run.outcome["params"]["n"] == 2
    with translation.override("ko"):
        assert run.outcome_text == f"보고서 {Report.objects.get().pk} 생성, 이메일 2건 발송"


def test_a_mail_server_that_is_down_is_retried_and_the_emails_follow_once_it_is_back(
    portfolio, subscribers, settings, mailoutbox
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    result = run_weekly()
    assert result.failed()
    run = JobRun.objects.get()
    assert (run.state, run.attempts) == ("failed", 6)  # the first try and five retries
    assert "ConnectionRefusedError" in run.error
    assert Report.objects.get().state == Report.State.READY  # the report itself was made on the first try
    assert not Notification.objects.filter(sent_at__isnull=False).exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_weekly().result.endswith("2 e-mails sent")
    assert run_weekly().result.endswith("0 e-mails sent")
    assert len(mailoutbox) == 2


def test_a_job_that_fails_for_good_emails_the_administrators(portfolio, subscribers, mailoutbox):
    admin, _ = subscribers
    result = monthly_project_report.apply(kwargs={"period": "2026-11", "scope": "NOPE-404"})
    assert result.failed()
    run = JobRun.objects.get()
    assert (run.state, run.attempts, run.scope) == ("failed", 1, "NOPE-404")
    assert [m.to for m in mailoutbox] == [[admin.email]]
    assert mailoutbox[0].subject == "Job failed: Monthly project report 2026-11"


def test_monthly_reports_go_to_each_projects_participants(
    portfolio, mailoutbox, django_capture_on_commit_callbacks, eager_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = monthly_reports.apply(kwargs={"period": "2026-11"})
    assert result.result == "3 project reports queued"
    assert sorted(Report.objects.values_list("project__code", flat=True)) == ["MAC-001", "MOB-001", "PRD-001"]
    editor = portfolio["editor"]
    assert [m.to for m in mailoutbox] == [[editor.email]]  # the only member user of a participating organization
    assert "MOB-001" in mailoutbox[0].subject


def test_the_pdf_prints_the_first_rows_of_a_long_section_and_the_spreadsheet_all(portfolio, subscribers, monkeypatch):
    from reports import rendering

    monkeypatch.setattr(rendering, "PDF_ROWS", 2)
    run_weekly()
    report = Report.objects.get(kind="weekly")
    areas = list(openpyxl.load_workbook(stored_file(report, "xlsx", "en"))["By area"].iter_rows(min_row=2))
    assert len(areas) == 4 and "The first 2 of 4 rows; the spreadsheet (XLSX) has them all." in pdf_text(report, "en")
