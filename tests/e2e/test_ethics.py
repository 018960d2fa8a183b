"""An AI-ethics check in a real browser: a member editor answers and submits it, a ministry administrator accepts
it from the overview, and the project's page then says its check is current."""

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from core.reviewed import ReviewState
from members.models import User
from projects.models import Project
from tests.demo_copy import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_submits_a_check_and_the_ministry_accepts_it(page, sign_in, live_server, screenshot):
    load_demo()
    member = User.objects.get(username="member")
    project = (
        Project.objects.filter(lead_organization=member.organization, ethics_assessments__isnull=True)
        .order_by("code")
        .first()
    )
    sign_in("member")
    page.goto(f"{live_server.url}/projects/{project.code}/")
    page.get_by_role("link", name="AI 윤리 점검").first.click()
    page.get_by_role("button", name="새 점검 시작").click()
    radios = page.locator("input[type=radio][value=yes]")
    expect(radios.first).to_be_visible()
    for i in range(radios.count()):
        radios.nth(i).check()
    page.locator("input[type=radio][value=no]").first.check()  # a "no" without its note is refused
    page.get_by_role("button", name="검토 요청").click()
    expect(page.locator(".alert-danger")).to_contain_text("사유")
    page.locator("textarea").first.fill("작업자 영상은 다음 분기부터 가명 처리합니다.")
    page.get_by_role("button", name="검토 요청").click()
    expect(page.locator("#assessment-state")).to_have_text("제출됨")
    screenshot("ethics-check-submitted-ko")

    assessment = Assessment.objects.get(project=project)
    assert assessment.state == ReviewState.SUBMITTED and assessment.answers.filter(response="no").count() == 1

    page.context.clear_cookies()  # the member leaves; a ministry administrator signs in
    sign_in("ministry")
    page.goto(f"{live_server.url}/ethics/")
    screenshot("ethics-overview-ministry-ko")
    page.get_by_role("link", name=f"{project.code} {project.title_ko}").click()
    expect(page.locator("main")).to_contain_text("작업자 영상은 다음 분기부터 가명 처리합니다.")
    page.check("input[name=decision][value=accept]")
    page.get_by_role("button", name="결정 저장").click()
    expect(page.locator("#assessment-state")).to_have_text("승인됨")
    page.goto(f"{live_server.url}/projects/{project.code}/")
    expect(page.locator("main")).to_contain_text("현행 점검표 기준")
    expect(page.locator("main")).not_to_contain_text("승인된 점검 없음")
