import datetime

import pytest
from django.utils import timezone

from projects.models import IndicatorValue, Milestone


@pytest.fixture
def milestone(own_project):
    return own_project.milestones.exclude(status__in=["done", "cancelled"]).order_by("order").last()


def edit(client, milestone, **data):
    return client.post(f"/projects/{milestone.project.code}/milestones/{milestone.pk}/", data)


def test_slipping_a_milestone_past_its_baseline_asks_for_a_reason(client, users, milestone):
    client.force_login(users["member"])
    later = milestone.baseline_date + datetime.timedelta(days=40)
    response = edit(client, milestone, forecast_date=later, status="delayed", version=milestone.version, reason="")
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert Milestone.objects.get(pk=milestone.pk).forecast_date == milestone.forecast_date


def test_slip_with_a_reason_is_saved_and_the_reason_kept_in_history(client, users, milestone):
    client.force_login(users["member"])
    later = milestone.baseline_date + datetime.timedelta(days=40)
    response = edit(
        client, milestone, forecast_date=later, status="delayed", version=milestone.version, reason="부품 수급 지연"
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.forecast_date, milestone.status) == (later, "delayed")
    assert milestone.history.latest().history_change_reason == "부품 수급 지연"
    history = client.get(f"/projects/{milestone.project.code}/history/").content.decode()
    assert "부품 수급 지연" in history


def test_the_longest_reason_the_form_allows_is_kept_whole_in_history(client, users, milestone):
    """The form takes 500 characters of reason; history kept 100 (django-simple-history's column): a longer reason
    was a database error, a 500."""
    client.force_login(users["member"])
    later = milestone.baseline_date + datetime.timedelta(days=40)
    reason = "납품 일정 변경 " * 55 + "끝"  # 496 characters
    response = edit(client, milestone, forecast_date=later, status="delayed", version=milestone.version, reason=reason)
    assert response.status_code == 302
    assert milestone.history.latest().history_change_reason == reason


def test_done_needs_a_completion_date_that_is_not_in_the_future(client, users, milestone):
    client.force_login(users["member"])
    base = {"forecast_date": milestone.forecast_date, "status": "done", "version": milestone.version, "reason": ""}
    assert edit(client, milestone, **base).status_code == 200
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    assert edit(client, milestone, **base, completed_date=tomorrow).status_code == 200
    assert Milestone.objects.get(pk=milestone.pk).status != "done"
    assert edit(client, milestone, **base, completed_date=timezone.localdate()).status_code == 302
    assert Milestone.objects.get(pk=milestone.pk).status == "done"


def test_stale_milestone_edit_is_refused_with_what_changed(client, users, milestone):
    client.force_login(users["member"])
    version = milestone.version
    first = edit(
        client, milestone, forecast_date=milestone.baseline_date, status="in_progress", version=version, reason=""
    )
    assert first.status_code == 302
    second = edit(
        client, milestone, forecast_date=milestone.baseline_date, status="cancelled", version=version, reason=""
    )
    assert second.status_code == 200
    assert Milestone.objects.get(pk=milestone.pk).status == "in_progress"
    assert any("진행 중" in str(m) for m in second.context["messages"])


@pytest.mark.parametrize(
    "data",
    [
        {"period": "2099-01", "actual_value": "1"},
        {"period": "2026-13", "actual_value": "1"},
        {"period": "2026-01", "actual_value": "abc"},
        {"period": "", "actual_value": ""},
    ],
)
def test_bad_indicator_values_are_refused(client, users, own_project, data):
    indicator = own_project.indicators.first()
    client.force_login(users["member"])
    before = IndicatorValue.objects.count()
    response = client.post(f"/projects/{own_project.code}/indicators/{indicator.pk}/", data)
    assert response.status_code == 200 and response.context["form"].errors
    assert IndicatorValue.objects.count() == before


def test_recording_a_month_twice_corrects_the_value(client, users, own_project):
    indicator = own_project.indicators.first()
    client.force_login(users["member"])
    month = timezone.localdate().replace(day=1)
    for value in ("1.5", "2.5"):
        response = client.post(
            f"/projects/{own_project.code}/indicators/{indicator.pk}/",
            {"period": month.strftime("%Y-%m"), "actual_value": value, "note": ""},
        )
        assert response.status_code == 302
    assert [str(v) for v in indicator.values.filter(period=month).values_list("actual_value", flat=True)] == ["2.5000"]
