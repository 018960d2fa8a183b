"""Knowledge exchange in a real browser: a member registers a patent with its evidence, the ministry accepts it, it
appears in the library for another company and in the alliance's figures; the other company's "Ask about this"
reaches the owner, who accepts, and only then do the two see each other's address."""

import pytest
from playwright.sync_api import expect

from core.reviewed import ReviewState
from members.models import User
from projects.models import Project
from results.models import Result
from tests.demo_copy import load_demo
from tests.factories import attached_document

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_patent_goes_from_registration_to_a_contact(page, sign_in, live_server, screenshot):
    load_demo()
    member, member2 = User.objects.get(username="member"), User.objects.get(username="member2")
    project = Project.objects.filter(lead_organization=member.organization).order_by("code").first()
    evidence = attached_document(project, member, name="patent-application.pdf")

    sign_in("member")
    page.goto(f"{live_server.url}/projects/{project.code}/")
    page.get_by_role("link", name="성과와 교훈").click()
    page.get_by_role("button", name="성과 등록").click()
    page.get_by_role("link", name="특허", exact=True).click()
    page.fill("input[name=title]", "용접 비드 결함 판별 장치")
    page.fill("input[name=achieved_on]", "2026-11-02")
    page.select_option("select[name=detail_status]", "applied")
    page.fill("input[name=detail_number]", "10-2026-0098765")
    page.fill("input[name=detail_filed_on]", "2026-11-02")
    page.fill("input[name=detail_country]", "KR")
    page.check(f"input[name=evidence][value='{evidence.pk}']")
    page.get_by_role("button", name="검토 요청").click()
    expect(page.locator("#work-state")).to_have_text("제출됨")
    expect(page.locator("main")).to_contain_text("patent-application.pdf")
    screenshot("result-submitted-ko")
    result = Result.objects.get(title="용접 비드 결함 판별 장치")
    assert result.state == ReviewState.SUBMITTED and list(result.evidence.all()) == [evidence]

    page.context.clear_cookies()
    sign_in("ministry")
    page.goto(f"{live_server.url}/")
    before = int(page.locator("#alliance-patent").inner_text().replace(",", ""))
    page.goto(f"{live_server.url}/library/review/")
    page.get_by_role("link", name="용접 비드 결함 판별 장치").click()
    page.check("input[name=decision][value=accept]")
    page.get_by_role("button", name="결정 저장").click()
    expect(page.locator("#work-state")).to_have_text("승인됨")
    page.goto(f"{live_server.url}/")
    expect(page.locator("#alliance-patent")).to_have_text(str(before + 1))

    page.context.clear_cookies()
    sign_in("member2")
    page.goto(f"{live_server.url}/library/?q=용접 비드")
    page.get_by_role("link", name="용접 비드 결함 판별 장치").click()
    page.fill("textarea[name=message]", "귀사 장치를 저희 조선 용접 라인에 시험 적용할 수 있을까요?")
    page.get_by_role("button", name="질문 보내기").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto(f"{live_server.url}/contacts/")
    expect(page.locator("main")).not_to_contain_text(member.email)

    page.context.clear_cookies()
    sign_in("member")
    page.goto(f"{live_server.url}/contacts/")
    expect(page.locator("main")).to_contain_text("시험 적용할 수 있을까요?")
    expect(page.locator("main")).not_to_contain_text(member2.email)
    page.get_by_role("button", name="수락").click()
    expect(page.locator("main")).to_contain_text(member2.email)
    screenshot("contact-accepted-ko")

    page.context.clear_cookies()
    sign_in("member2")
    page.goto(f"{live_server.url}/contacts/")
    expect(page.locator("main")).to_contain_text(member.email)
