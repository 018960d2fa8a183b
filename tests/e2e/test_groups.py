"""A working group's meeting in a real browser (issue 39): the chair schedules a meeting with an agenda item about a
barrier, a member organization's editor writes the minutes and records an action item, the ministry liaison approves
the minutes (frozen from then on); the action item shows on its owner's dashboard and in their calendar feed
(parsed back with ``icalendar``), and once overdue the daily reminders remind them."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from playwright.sync_api import expect

from core.reviewed import ReviewState
from groups.models import Meeting
from groups.reminders import send_overdue_reminders
from projects.models import PolicyBarrier
from tests.demo_copy import load_demo

pytestmark = pytest.mark.django_db(transaction=True)
BATTERIES = "End-of-life batteries classified as waste"


def send(page, action: str) -> None:
    page.locator(f"form:has(input[name=action][value={action}]) button[type=submit]").click()
    page.wait_for_load_state()


def test_a_meeting_from_its_agenda_to_approved_minutes_and_an_overdue_action_item(page, sign_in, live_server,
                                                                                  screenshot):  # fmt: skip
    load_demo()
    barrier = PolicyBarrier.objects.get(title_en=BATTERIES)
    sign_in("member")  # Hyundai Motor chairs the regulation group
    page.goto(f"{live_server.url}/groups/regulation/meetings/new/")
    page.fill("input[name=title]", "샌드박스 신청 점검 회의")
    page.fill("input[name=starts_at]", "2026-12-03T14:00")
    page.fill("input[name=place]", "세종 정부청사 401호")
    page.fill("input[name=item_1]", "배터리 실증 특례 신청")
    page.select_option("select[name=link_1]", f"barrier:{barrier.pk}")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("회의를 잡고")
    meeting = Meeting.objects.get(title="샌드박스 신청 점검 회의")
    assert page.url.endswith(f"/meetings/{meeting.pk}/")

    page.context.clear_cookies()
    sign_in("member2")  # LG Electronics is a member of the group
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    item = meeting.agenda.get()
    page.fill("textarea[name=summary]", "샌드박스 신청 일정을 확정했습니다.")
    page.fill(f"textarea[name=note_{item.pk}]", "신청서는 12월 초에 제출합니다.")
    send(page, "save")
    expect(page.locator(".alert-success")).to_contain_text("회의록을 저장했습니다")
    page.fill("input[name=title]", "실증 특례 신청서 초안 작성")
    page.select_option("select[name=owner]", label="member2")
    page.fill("input[name=due_date]", "2026-12-10")
    page.select_option("select[name=link]", f"barrier:{barrier.pk}")
    send(page, "action")
    expect(page.locator(".alert-success")).to_contain_text("조치사항을 기록했습니다")
    send(page, "submit")
    expect(page.locator(".alert-success")).to_contain_text("회의록 승인을 요청했습니다")

    page.context.clear_cookies()
    sign_in("ministry")  # the group's ministry liaison
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.check("input[name=decision][value=accept]")
    send(page, "review")
    expect(page.locator(".alert-success")).to_contain_text("결정을 저장했습니다")
    minutes = meeting.minutes.get()
    assert minutes.state == ReviewState.ACCEPTED
    screenshot("groups-minutes-approved-ko")

    page.context.clear_cookies()
    sign_in("member2")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    expect(page.locator("textarea[name=summary]")).to_have_count(0)  # approved: frozen
    page.goto(f"{live_server.url}/")
    expect(page.locator("#my-actions-heading + div")).to_contain_text("실증 특례 신청서 초안 작성")
    page.goto(f"{live_server.url}/calendar/")
    page.locator("main form button[type=submit]").first.click()
    address = re.search(r"https?://\S+\.ics", page.locator(".alert-success").inner_text()).group(0)
    feed = icalendar.Calendar.from_ical(page.request.get(address).body())
    summaries = {str(event["summary"]) for event in feed.walk("VEVENT")}
    assert "기한: 실증 특례 신청서 초안 작성" in summaries
    assert any(summary.endswith("샌드박스 신청 점검 회의") for summary in summaries)
    screenshot("groups-dashboard-ko")

    mail.outbox.clear()
    assert send_overdue_reminders(datetime.date(2026, 12, 11)) >= 1
    reminded = [m for m in mail.outbox if "실증 특례 신청서 초안 작성" in m.subject]
    assert [m.to for m in reminded] == [["member2@example.kr"]]
    assert reminded[0].subject.startswith("조치사항 기한 초과")
