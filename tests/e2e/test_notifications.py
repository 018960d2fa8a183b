"""The notification centre in a real browser: a member submits an update, the ministry reviewer's bell shows it,
they open it by keyboard and return the update, and the member's bell says so; a member saves a view of the projects
with overdue milestones, asks to be notified, and hears of it when one more falls overdue."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from access import policy
from core.periods import reporting_period
from members.models import User
from notifications import saved
from notifications.models import Notification, SavedView
from projects.models import Milestone, Project, StatusUpdate
from tests import DEMO_DAY
from tests.demo_copy import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    load_demo()


def test_a_submitted_update_rings_the_reviewers_bell_and_the_return_the_members(
    page, sign_in, live_server, demo, eager_tasks, screenshot
):
    member = User.objects.get(username="member")
    project = Project.objects.filter(lead_organization=member.organization, phase="in_progress").first()
    StatusUpdate.objects.filter(project=project, period=reporting_period(timezone.localdate())).delete()
    Notification.objects.all().delete()

    sign_in("member")
    page.goto(f"{live_server.url}/projects/{project.code}/update/")
    page.check("input[name=rag][value=amber]")
    page.fill("input[name=progress_percent]", "42")
    page.fill("textarea[name=achievements]", "AI 모델 1차 학습 완료")
    page.click("button[value=submit]")
    expect(page.locator("#update-state")).to_have_text("제출됨")

    page.context.clear_cookies()  # signed out
    sign_in("ministry")
    bell = page.locator("#notification-bell")
    expect(bell).to_contain_text("1")
    expect(bell.locator(".visually-hidden")).to_have_text("읽지 않음")
    bell.click()
    expect(page.locator("h1")).to_have_text("알림")
    screenshot("notifications-ministry-ko")
    link = page.locator("main .list-group-item a").first
    expect(link).to_contain_text(f"{project.code}: ")
    link.focus()
    page.keyboard.press("Enter")
    page.check("input[name=decision][value=return]")
    page.fill("textarea[name=comment]", "위험 대응 계획을 보완해 주세요.")
    page.click("main form button[type=submit]")
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto(f"{live_server.url}/notifications/")
    page.click("text=모두 읽음으로 표시")
    expect(page.locator("#notification-bell .badge")).to_have_count(0)

    page.context.clear_cookies()
    sign_in("member")
    expect(page.locator("#notification-bell")).to_contain_text("1")
    page.click("#notification-bell")
    expect(page.locator("main .list-group-item").first).to_contain_text("반려")
    expect(page.locator("main .list-group-item").first).to_contain_text("위험 대응 계획을 보완해 주세요.")
    page.locator("main .list-group-item button").first.click()  # mark read
    expect(page.locator("#notification-bell .badge")).to_have_count(0)


def test_a_saved_view_of_overdue_projects_counts_on_the_dashboard_and_tells_when_one_more_falls_overdue(
    page, sign_in, live_server, demo, screenshot
):
    member = User.objects.get(username="member")
    Notification.objects.all().delete()
    sign_in("member")
    page.goto(f"{live_server.url}/projects/?overdue=1")
    page.fill("#id_view_name_projects", "지연 과제")
    page.check("#id_view_notify_projects")
    page.get_by_role("button", name="보기 저장").click()
    expect(page.locator(".alert-success")).to_be_visible()
    view = SavedView.objects.get(owner=member)
    assert view.notify
    page.goto(f"{live_server.url}/")
    expect(page.locator("#views-heading + ul")).to_contain_text(f"지연 과제 · {saved.count(view, member)}")

    # the clock this test sets (the demo's day): a milestone due on that day is overdue the day after
    day = DEMO_DAY
    first = saved.row_ids(view, member, day)
    mine = Milestone.objects.filter(project__in=policy.visible_projects(member)).exclude(status="done")
    falling = mine.exclude(project__in=first).order_by("pk").first()
    falling.forecast_date = day
    falling._change_reason = "test"
    falling.save()
    assert saved.check(view, morning(day)) is None  # the first check remembers the rows
    view.refresh_from_db()
    assert saved.check(view, morning(day + datetime.timedelta(days=1))) is not None

    page.goto(f"{live_server.url}/")
    expect(page.locator("#notification-bell")).to_contain_text("1")
    page.click("#notification-bell")
    expect(page.locator("main .list-group-item").first).to_contain_text("저장한 보기 “지연 과제”가 바뀌었습니다")
    screenshot("notifications-saved-view-ko")


def morning(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(7), tzinfo=timezone.get_current_timezone())
