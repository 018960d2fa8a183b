"""Evidence in a real browser: a member editor attaches a PDF to this month's update and submits it; a ministry
reviewer opens the update and the file."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.periods import reporting_period
from documents.demo import pdf
from documents.models import Document
from members.models import User
from projects.models import Project, StatusUpdate
from tests.demo_copy import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_attaches_evidence_and_the_ministry_reviewer_opens_it(
    page, sign_in, live_server, screenshot, tmp_path
):
    load_demo()
    member = User.objects.get(username="member")
    project = (
        Project.objects.filter(lead_organization=member.organization, phase="in_progress").order_by("code").first()
    )
    StatusUpdate.objects.filter(project=project, period=reporting_period(timezone.localdate())).delete()
    evidence = tmp_path / "시험 성적서.pdf"
    evidence.write_bytes(pdf("Test certificate", ["Line 3 vision inspection: 99.2 % recall"]))
    renamed = tmp_path / "setup.pdf"
    renamed.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)

    sign_in("member")
    page.goto(f"{live_server.url}/projects/{project.code}/update/")
    expect(page.locator("main")).to_contain_text("증빙을 첨부하려면 먼저 초안을 저장하세요")
    page.check("input[name=rag][value=green]")
    page.fill("input[name=progress_percent]", "55")
    page.fill("textarea[name=achievements]", "3라인 비전 검사 실증 완료")
    page.click("button[value=save]")
    evidence_form = page.locator("section.documents form")
    evidence_form.locator("input[type=file]").set_input_files(str(renamed))
    evidence_form.get_by_role("button", name="올리기").click()
    expect(page.locator(".alert-danger")).to_contain_text("이 형식의 파일은 받지 않습니다")
    page.locator("section.documents input[type=file]").set_input_files(str(evidence))
    page.locator("section.documents").get_by_role("button", name="올리기").click()
    expect(page.locator("section.documents table")).to_contain_text("시험 성적서.pdf")
    screenshot("evidence-attached-ko")
    page.click("button[value=submit]")
    expect(page.locator("#update-state")).to_have_text("제출됨")

    update = StatusUpdate.objects.get(project=project, period=reporting_period(timezone.localdate()))
    document = Document.objects.get(status_update=update)
    assert (document.name, document.confidential) == ("시험 성적서.pdf", True)

    page.context.clear_cookies()  # the member leaves; a ministry administrator signs in
    sign_in("ministry")
    page.goto(f"{live_server.url}/review/")
    page.locator(f"a[href='/review/{update.pk}/']").first.click()
    link = page.locator("section.documents").get_by_role("link", name="시험 성적서.pdf")
    expect(link).to_be_visible()
    screenshot("evidence-in-review-ko")
    opened = page.request.get(live_server.url + link.get_attribute("href"))  # the reviewer's session
    assert opened.status == 200 and opened.headers["content-type"] == "application/pdf"
    assert opened.body() == evidence.read_bytes()
    with page.expect_download() as download:
        page.goto(f"{live_server.url}/documents/{document.pk}/")
        page.get_by_role("link", name="내려받기").click()
    assert download.value.suggested_filename == "시험 성적서.pdf"
