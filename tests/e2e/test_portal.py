"""The portal in a real browser (Debian's Chromium via Playwright) against a live server on PostgreSQL."""

import csv
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from core.periods import reporting_period
from core.reviewed import ReviewState
from members.models import Organization, User
from projects.models import Project, StatusUpdate
from tests.demo_copy import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    load_demo()


def test_wrong_password_shows_an_error_and_stays_on_sign_in(page, sign_in, demo):
    sign_in("member", "not-the-password")
    expect(page.locator(".alert-danger")).to_be_visible()
    assert "/accounts/login/" in page.url


def test_ministry_sees_the_portfolio_opens_a_project_and_returns_an_update(
    page, sign_in, live_server, demo, screenshot
):
    sign_in("ministry")
    expect(page.locator("h1")).to_have_text("얼라이언스 과제 현황")
    phase_counts = (
        page.locator("section[aria-labelledby=tiles-heading] .card").first.locator("strong").all_inner_texts()
    )
    assert sum(int(n) for n in phase_counts) == 40
    screenshot("dashboard-ministry-ko")

    page.locator("section[aria-labelledby=checks-heading] tbody a").first.click()
    expect(page.locator("h1")).to_contain_text(re.compile(r"[A-Z]{3}-\d{2}"))
    expect(page.locator("#milestones canvas")).to_be_visible()
    screenshot("project-detail-ministry-ko")

    page.goto(f"{live_server.url}/review/")
    page.locator("main tbody a").first.click()
    page.check("input[name=decision][value=return]")
    page.fill("textarea[name=comment]", "위험 대응 계획을 구체적으로 보완해 주세요.")
    page.click("main form button[type=submit]")
    expect(page.locator(".alert-success")).to_be_visible()
    assert StatusUpdate.objects.filter(
        review_comment="위험 대응 계획을 구체적으로 보완해 주세요.", state=ReviewState.RETURNED
    ).exists()


def test_member_submits_this_months_update_and_cannot_open_another_companys(
    page, sign_in, live_server, demo, screenshot
):
    member = User.objects.get(username="member")
    project = Project.objects.filter(lead_organization=member.organization, phase="in_progress").first()
    StatusUpdate.objects.filter(project=project, period=reporting_period(timezone.localdate())).delete()
    sign_in("member")
    expect(page.locator("#mine-heading")).to_be_visible()
    screenshot("dashboard-member-ko")

    page.goto(f"{live_server.url}/projects/{project.code}/update/")
    page.check("input[name=rag][value=amber]")
    page.fill("input[name=progress_percent]", "150")
    page.click("button[value=submit]")
    expect(page.locator(".invalid-feedback")).to_be_visible()  # 150 % is refused next to the field
    page.fill("input[name=progress_percent]", "42")
    page.fill("textarea[name=achievements]", "AI 모델 1차 학습 완료")
    page.click("button[value=submit]")
    expect(page.locator("#update-state")).to_have_text("제출됨")
    screenshot("status-update-submitted-ko")

    other = Project.objects.exclude(participations__organization=member.organization).first()
    response = page.goto(f"{live_server.url}/projects/{other.code}/update/")
    assert response.status == 404
    expect(page.locator("h1")).to_contain_text("페이지가 없거나")


def test_language_switch_to_english_and_back(page, sign_in, demo, screenshot):
    sign_in("viewer")
    page.click("button[name=language][value=en]")
    expect(page.locator("h1")).to_have_text("Alliance portfolio")
    screenshot("dashboard-viewer-en")
    page.click("button[name=language][value=ko]")
    expect(page.locator("h1")).to_have_text("얼라이언스 과제 현황")


def test_filtered_list_keeps_filters_in_the_url_and_exports_open(page, sign_in, live_server, demo, screenshot):
    sign_in("ministry")
    page.goto(f"{live_server.url}/projects/")
    page.select_option("select[name=area]", "waste")
    expect(page).to_have_url(re.compile(r"area=waste"))
    expect(page.locator("#project-results tbody tr")).to_have_count(10)
    screenshot("project-list-waste-ko")

    with page.expect_download() as csv_download:
        page.click("text=CSV 내보내기")
    rows = list(csv.reader(io.StringIO(csv_download.value.path().read_text(encoding="utf-8-sig"))))
    assert {row[0][:3] for row in rows[1:]} == {"WST"} and len(rows) == 11

    with page.expect_download() as xlsx_download:
        page.click("text=XLSX 내보내기")
    sheet = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes())).active
    assert sheet.max_row == 11

    page.go_back()
    expect(page).to_have_url(re.compile(r"/projects/$"))


def test_organization_filter_suggests_as_one_types_and_filters(page, sign_in, live_server, demo, screenshot):
    lead = Organization.objects.get(slug="hyundai-motor")
    sign_in("ministry")
    page.goto(f"{live_server.url}/projects/")
    page.locator("input[name=lead]").press_sequentially("현대자")
    expect(page.locator("#id_lead-options option")).to_have_count(1)
    assert page.locator("#id_lead-options option").get_attribute("value") == lead.slug
    page.fill("input[name=lead]", lead.slug)
    page.locator("input[name=lead]").press("Enter")
    expect(page).to_have_url(re.compile(r"lead=hyundai-motor"))
    led = Project.objects.filter(lead_organization=lead).count()
    expect(page.locator("#project-results tbody tr")).to_have_count(led)
    screenshot("project-list-lead-filter-ko")


def test_ministry_enrols_an_authenticator_at_first_sign_in(page, live_server, demo, screenshot):
    from base64 import b32decode

    from django_otp.oath import totp

    page.goto(f"{live_server.url}/projects/")
    page.fill("input[name=username]", "viewer")
    page.fill("input[name=password]", "alliance-demo-2026")
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("2단계 인증 설정")
    expect(page.locator(".qr-code svg")).to_be_visible()
    screenshot("two-factor-setup-ko")
    key = page.locator("#manual-key").inner_text().replace(" ", "")
    page.fill("input[name=code]", f"{totp(b32decode(key)):06d}")
    page.click("main form button[type=submit]")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    screenshot("two-factor-recovery-codes-ko")
    page.click("text=저장했습니다")
    expect(page).to_have_url(f"{live_server.url}/projects/")


def test_the_timeline_follows_the_lists_filters_zooms_and_opens_a_project_by_keyboard(
    page, sign_in, live_server, demo, screenshot
):
    sign_in("member")
    page.goto(f"{live_server.url}/projects/?area=waste")
    page.locator("main").get_by_role("link", name="타임라인", exact=True).click()
    expect(page).to_have_url(re.compile(r"/projects/timeline/\?area=waste"))
    labels = page.locator(".timeline-labels a.timeline-project")
    expect(labels).to_have_count(10)
    assert all(text.startswith("WST-") for text in labels.all_text_contents())
    page.click("text=분기")
    expect(page).to_have_url(re.compile(r"span=quarter"))
    expect(page.locator("svg.timeline-chart line.tick")).to_have_count(3)
    screenshot("timeline-waste-quarter-ko")

    labels.first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/projects/WST-\d+/#milestones"))
    with page.expect_download() as pdf:
        page.goto(f"{live_server.url}/projects/timeline/?area=waste")
        page.click("text=PDF")
    assert pdf.value.path().read_bytes().startswith(b"%PDF")


def test_the_search_finds_a_project_by_the_start_of_a_korean_word(page, sign_in, live_server, demo, screenshot):
    sign_in("member")
    page.goto(f"{live_server.url}/search/")
    page.fill("#search-q", "자율")
    page.press("#search-q", "Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    results = page.locator("#results-projects").locator("xpath=..").locator("a")
    expect(results.first).to_be_visible()
    shown = results.all_text_contents()
    titled = {p.code for p in Project.objects.all() if "자율" in p.title_ko}
    assert {text.split()[0] for text in shown} == titled
    screenshot("search-ko")
    results.first.click()
    expect(page).to_have_url(re.compile(r"/projects/[A-Z]+-\d+/$"))
