"""/reports/: who sees which report, downloads behind the same check, and "Generate now" for administrators."""

import pytest

from core import periods
from reports.models import JobRun, Report, Subscription
from reports.services import build_report
from tests.reports.conftest import MONDAY_AFTER

NOVEMBER = periods.parse(periods.MONTH, "2026-11")


@pytest.fixture
def reports(users, own_project, foreign_project):
    weekly, _ = build_report("weekly", periods.parse(periods.WEEK, "2026-W48"), MONDAY_AFTER)
    own, _ = build_report("monthly", NOVEMBER, MONDAY_AFTER, project=own_project)
    foreign, _ = build_report("monthly", NOVEMBER, MONDAY_AFTER, project=foreign_project)
    return {"weekly": weekly, "own": own, "foreign": foreign}


def listed(client, path="/reports/"):
    response = client.get(path)
    assert response.status_code == 200
    return {report.pk for report in response.context["page"].object_list}


def test_ministry_staff_see_every_report(client, users, reports):
    client.force_login(users["viewer"])
    assert listed(client) == {r.pk for r in reports.values()}


def test_members_see_only_their_projects_reports(client, users, reports):
    client.force_login(users["member"])
    assert listed(client) == {reports["own"].pk}


def test_partners_see_no_reports(client, users, reports):
    client.force_login(users["partner"])
    assert listed(client) == set()


def test_reports_filter_by_kind_and_period(client, users, reports):
    client.force_login(users["ministry"])
    assert listed(client, "/reports/?kind=weekly") == {reports["weekly"].pk}
    assert listed(client, "/reports/?period=2026-11") == {reports["own"].pk, reports["foreign"].pk}
    assert listed(client, "/reports/?kind=nonsense") == set()


def test_a_report_still_being_built_is_not_shown(client, users, reports):
    Report.objects.filter(pk=reports["weekly"].pk).update(state=Report.State.BUILDING)
    client.force_login(users["ministry"])
    assert reports["weekly"].pk not in listed(client)
    assert client.get(f"/reports/{reports['weekly'].pk}/").status_code == 404


def test_the_report_page_shows_its_sections_in_the_viewers_language(client, users, reports):
    client.force_login(users["member"])
    page = client.get(f"/reports/{reports['own'].pk}/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "마일스톤" in page and reports["own"].project.code in page


def test_a_member_downloads_their_projects_report_as_a_stream(client, users, reports):
    client.force_login(users["member"])
    response = client.get(f"/reports/{reports['own'].pk}/pdf/?lang=en")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{reports["own"].file_name("pdf", "en")}"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("path", ["/reports/{foreign}/pdf/", "/reports/{foreign}/", "/reports/{weekly}/xlsx/"])
def test_a_member_cannot_open_or_download_other_reports(client, users, reports, path):
    client.force_login(users["member"])
    assert client.get(path.format(foreign=reports["foreign"].pk, weekly=reports["weekly"].pk)).status_code == 404


@pytest.mark.parametrize("suffix", ["doc/", "pdf/?lang=fr", "pdf/?lang="])
def test_unknown_formats_and_languages_are_not_found(client, users, reports, suffix):
    client.force_login(users["ministry"])
    expected = 200 if suffix == "pdf/?lang=" else 404  # an empty choice falls back to the page's language
    assert client.get(f"/reports/{reports['weekly'].pk}/{suffix}").status_code == expected


def test_the_list_has_a_fixed_query_count(client, users, reports, django_assert_max_num_queries):
    client.force_login(users["ministry"])
    with django_assert_max_num_queries(10):
        assert client.get("/reports/").status_code == 200


@pytest.mark.parametrize("role", ["viewer", "member", "partner"])
def test_only_ministry_administrators_generate_reports(client, users, role):
    client.force_login(users[role])
    assert client.post("/reports/generate/", {"job": "weekly"}).status_code == 403
    assert not JobRun.objects.exists()


@pytest.mark.parametrize("period", ["2026-13", "2099-W01", "x" * 500, "2026-11-27"])
def test_a_bad_period_is_refused_with_a_message_next_to_the_field_and_queues_nothing(client, users, period):
    client.force_login(users["ministry"])
    response = client.post("/reports/generate/", {"job": "weekly", "period": period})
    assert response.status_code == 400
    [error] = response.context["form"].errors["period"]
    assert error in response.content.decode()
    assert not JobRun.objects.exists()


def test_an_unknown_job_is_refused(client, users):
    client.force_login(users["ministry"])
    assert client.post("/reports/generate/", {"job": "format_disk"}).status_code == 400
    assert not JobRun.objects.exists()


def test_generate_now_queues_the_job_after_commit_and_records_the_run(
    client, users, django_capture_on_commit_callbacks, eager_tasks
):
    client.force_login(users["ministry"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/reports/generate/", {"job": "snapshot", "period": ""})
    assert response.status_code == 302
    assert len(callbacks) == 1
    run = JobRun.objects.get()
    assert (run.kind, run.requested_by, run.state, run.attempts) == ("snapshot", users["ministry"], "succeeded", 1)
    assert run.outcome == {"message": "%(n)d snapshots taken", "params": {"n": 40}}


def test_the_runs_table_is_for_ministry_staff(client, users):
    client.force_login(users["viewer"])
    assert client.get("/reports/runs/").status_code == 200
    client.force_login(users["member"])
    assert client.get("/reports/runs/").status_code == 403


def test_ministry_staff_subscribe_to_the_weekly_email_and_stop_again(client, users):
    client.force_login(users["viewer"])
    client.post("/reports/subscription/", {"subscribe": "1"})
    client.post("/reports/subscription/", {"subscribe": "1"})
    assert Subscription.objects.filter(user=users["viewer"]).count() == 1
    client.post("/reports/subscription/", {"subscribe": "0"})
    assert not Subscription.objects.filter(user=users["viewer"]).exists()
    client.force_login(users["member"])
    assert client.post("/reports/subscription/", {"subscribe": "1"}).status_code == 403


def test_a_renamed_project_keeps_its_report_files(client, users, reports):
    project = reports["own"].project
    project.code = "REN-001"
    project.save(update_fields=["code"])
    client.force_login(users["member"])
    response = client.get(f"/reports/{reports['own'].pk}/xlsx/?lang=ko")
    assert response.status_code == 200
    assert 'filename="monthly-2026-11-REN-001.ko.xlsx"' in response["Content-Disposition"]
