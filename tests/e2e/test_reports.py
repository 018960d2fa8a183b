"""The reports pages in a real browser: a member finds their project's report, reads it and downloads the PDF."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from core import periods
from members.models import User
from projects.models import Project
from reports.services import build_report
from tests.demo_copy import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def monthly_report(settings, tmp_path):
    settings.REPORTS_DIR = tmp_path / "reports"
    today = timezone.localdate()
    load_demo()
    member = User.objects.get(username="member")
    project = Project.objects.filter(lead_organization=member.organization).order_by("code").first()
    report, _ = build_report("monthly", periods.latest_complete(periods.MONTH, today), today, project=project)
    build_report("weekly", periods.latest_complete(periods.WEEK, today), today)
    return report


def test_member_reads_their_projects_report_and_downloads_the_pdf(page, sign_in, monthly_report, screenshot):
    sign_in("member")
    page.get_by_role("link", name="보고서", exact=True).click()
    rows = page.locator("main table").first.locator("tbody tr")
    expect(rows).to_have_count(1)  # the weekly portfolio report is for ministry staff only
    screenshot("reports-member-ko")

    rows.first.locator("a").first.click()
    expect(page.locator("h1")).to_contain_text(monthly_report.project.code)
    expect(page.locator("#section-milestones")).to_have_text("마일스톤")
    screenshot("report-detail-member-ko")

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF 내려받기").click()
    path = download.value.path()
    assert download.value.suggested_filename == monthly_report.file_name("pdf", "ko")
    assert monthly_report.project.title_ko in "".join(p.extract_text() for p in PdfReader(path).pages)


def test_ministry_admin_generates_a_snapshot_and_sees_the_run(
    page, sign_in, live_server, monthly_report, eager_tasks, screenshot
):
    sign_in("ministry")
    page.goto(f"{live_server.url}/reports/")
    expect(page.locator("main table").first.locator("tbody tr")).to_have_count(2)
    expect(page.get_by_role("button", name="지금 생성")).to_be_visible()
    page.get_by_role("button", name="지금 생성").click()  # a snapshot, with the period left empty
    expect(page.locator(".alert-success")).to_contain_text("일별 스냅샷")
    latest_run = page.locator("#job-runs tbody tr").first
    expect(latest_run).to_contain_text("일별 스냅샷")
    expect(latest_run).to_contain_text("성공")  # run in the server's process here (eager), not by a worker
    screenshot("reports-ministry-ko")
