"""Every endpoint × role × method against the same rules as the pages; errors are problem details."""

import datetime

import pytest
from django.utils import timezone

from members.models import ApiToken
from projects.models import Indicator, Milestone, PolicyBarrier, StatusUpdate
from tests.factories import StatusUpdateFactory

pytestmark = pytest.mark.services

READERS = ["ministry", "viewer", "member", "member2", "partner"]
LISTS = [
    "/api/v1/organizations/", "/api/v1/projects/", "/api/v1/milestones/", "/api/v1/status-updates/",
    "/api/v1/indicators/", "/api/v1/policy-barriers/", "/api/v1/portfolio/summary/", "/api/v1/me/",
]  # fmt: skip


def details(own_project):
    return [
        f"/api/v1/organizations/{own_project.lead_organization.slug}/",
        f"/api/v1/projects/{own_project.code}/",
        f"/api/v1/milestones/{own_project.milestones.first().pk}/",
        f"/api/v1/status-updates/{own_project.status_updates.filter(state='accepted').first().pk}/",
        f"/api/v1/indicators/{own_project.indicators.first().pk}/",
        f"/api/v1/policy-barriers/{PolicyBarrier.objects.first().pk}/",
    ]


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body) and body["status"] == status
    return body


@pytest.mark.parametrize("role", READERS)
def test_every_reader_can_read_every_endpoint(api, own_project, role):
    client = api(role)
    for url in LISTS + details(own_project):
        assert client.get(url).status_code == 200, url


def test_anonymous_gets_401_with_a_bearer_challenge_everywhere(api, own_project):
    for url in LISTS + details(own_project):
        response = api(None).get(url)
        assert_problem(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer nope", "Bearer", "Bearer a b", "Token abc"])
def test_wrong_or_malformed_tokens_are_401(header, demo, db):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert_problem(client.get("/api/v1/projects/"), 401)


def test_expired_and_revoked_tokens_are_401(api, tokens, users):
    record = ApiToken.objects.filter(user=users["partner"]).first()
    past = timezone.now() - datetime.timedelta(days=2)
    ApiToken.objects.filter(pk=record.pk).update(created_at=past, expires_at=past + datetime.timedelta(days=1))
    assert_problem(api("partner").get("/api/v1/projects/"), 401)
    record = ApiToken.objects.filter(user=users["viewer"]).first()
    ApiToken.objects.filter(pk=record.pk).update(revoked_at=timezone.now())
    assert_problem(api("viewer").get("/api/v1/projects/"), 401)


def test_deactivated_users_tokens_stop_working(api, users):
    users["member2"].is_active = False
    users["member2"].save()
    assert_problem(api("member2").get("/api/v1/projects/"), 401)


def test_unknown_objects_are_404_problems(api):
    for url in ["/api/v1/projects/NOPE-99/", "/api/v1/milestones/999999/", "/api/v1/status-updates/999999/"]:
        assert_problem(api("ministry").get(url), 404)


def test_partners_never_see_budgets_or_risk_narratives(api, own_project):
    project = api("partner").get(f"/api/v1/projects/{own_project.code}/").json()
    assert "government_budget_krw" not in project and "private_budget_krw" not in project
    updates = api("partner").get("/api/v1/status-updates/", {"project": own_project.code}).json()["results"]
    assert updates and all("risks_and_issues" not in u and "review_comment" not in u for u in updates)
    assert {u["state"] for u in updates} == {"accepted"}


def test_participants_and_ministry_see_budgets(api, own_project):
    for role in ("ministry", "viewer", "member"):
        body = api(role).get(f"/api/v1/projects/{own_project.code}/").json()
        assert body["government_budget_krw"] == own_project.government_budget_krw, role


def test_non_participant_member_sees_no_budget(api, foreign_project):
    assert "government_budget_krw" not in api("member").get(f"/api/v1/projects/{foreign_project.code}/").json()


# -- writes ---------------------------------------------------------------------------------------------------------


def open_milestone(project) -> Milestone:
    return project.milestones.exclude(status__in=["done", "cancelled"]).order_by("-order").first()


def test_read_only_token_cannot_write(api, own_project):
    milestone = open_milestone(own_project)
    response = api("member").patch(f"/api/v1/milestones/{milestone.pk}/", {"status": "in_progress"}, format="json")
    assert_problem(response, 403)


def test_member_editor_updates_own_milestone_with_if_match(api, own_project):
    milestone = open_milestone(own_project)
    client = api("member:write")
    etag = client.get(f"/api/v1/milestones/{milestone.pk}/")["ETag"]
    response = client.patch(
        f"/api/v1/milestones/{milestone.pk}/", {"status": "in_progress"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_progress" and response["ETag"] != etag
    assert Milestone.objects.get(pk=milestone.pk).status == "in_progress"


def test_member_editor_cannot_touch_another_companys_milestone(api, foreign_project):
    milestone = open_milestone(foreign_project)
    response = api("member:write").patch(
        f"/api/v1/milestones/{milestone.pk}/",
        {"status": "cancelled"},
        format="json",
        HTTP_IF_MATCH=f'"{milestone.pk}-v{milestone.version}"',
    )
    assert_problem(response, 404)
    assert Milestone.objects.get(pk=milestone.pk).status == milestone.status


@pytest.mark.parametrize("field", ["version", "project", "id", "baseline_date", "weight", "title_ko"])
def test_fields_a_caller_may_not_write_are_400_not_ignored(api, own_project, field):
    milestone = open_milestone(own_project)
    response = api("member:write").patch(
        f"/api/v1/milestones/{milestone.pk}/", {field: "x", "status": "in_progress"}, format="json",
        HTTP_IF_MATCH=f'"{milestone.pk}-v{milestone.version}"',
    )  # fmt: skip
    body = assert_problem(response, 400)
    assert field in body["errors"]
    assert Milestone.objects.get(pk=milestone.pk).status == milestone.status


def test_write_without_if_match_is_428_and_stale_if_match_is_412(api, own_project):
    milestone = open_milestone(own_project)
    url, client = f"/api/v1/milestones/{milestone.pk}/", api("member:write")
    assert_problem(client.patch(url, {"status": "in_progress"}, format="json"), 428)
    stale = f'"{milestone.pk}-v{milestone.version}"'
    assert client.patch(url, {"status": "in_progress"}, format="json", HTTP_IF_MATCH=stale).status_code == 200
    body = assert_problem(client.patch(url, {"status": "cancelled"}, format="json", HTTP_IF_MATCH=stale), 412)
    assert body["changes"]
    assert Milestone.objects.get(pk=milestone.pk).status == "in_progress"


def test_if_none_match_gives_304(api, own_project):
    client = api("partner")
    url = f"/api/v1/projects/{own_project.code}/"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_member_editor_creates_edits_and_submits_this_months_update(api, own_project):
    from core.periods import reporting_period

    StatusUpdate.objects.filter(project=own_project, period=reporting_period(timezone.localdate())).delete()
    client = api("member:write")
    created = client.post(
        "/api/v1/status-updates/",
        {"project": own_project.code, "rag": "amber", "progress_percent": 40, "achievements": "API 보고"},
        format="json",
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/status-updates/{created.json()['id']}/"
    edited = client.patch(url, {"progress_percent": 45}, format="json", HTTP_IF_MATCH=created["ETag"])
    assert edited.status_code == 200 and edited.json()["progress_percent"] == 45
    submitted = client.post(url + "submit/", HTTP_IF_MATCH=edited["ETag"])
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"


def test_a_create_that_loses_the_race_for_the_period_is_409_not_500(api, own_project, monkeypatch):
    """Two requests at once both find no update for the month; the database's one-per-period rule stops the second,
    which hears 409 like a request that came later."""
    from core.periods import reporting_period
    from projects import services

    period = reporting_period(timezone.localdate())
    if not StatusUpdate.objects.filter(project=own_project, period=period).exclude(state="returned").exists():
        StatusUpdateFactory(project=own_project, period=period, state="draft")
    # what both requests saw before either wrote: no update yet, and no clash with one
    monkeypatch.setattr(services, "current_update", lambda project, today: None)
    monkeypatch.setattr(StatusUpdate, "validate_constraints", lambda self, exclude=None: None)
    before = StatusUpdate.objects.count()
    response = api("member:write").post(
        "/api/v1/status-updates/", {"project": own_project.code, "rag": "green", "progress_percent": 5}, format="json"
    )
    assert_problem(response, 409)
    assert StatusUpdate.objects.count() == before


@pytest.mark.parametrize(
    "payload",
    [{"rag": "purple", "progress_percent": 1}, {"rag": "green", "progress_percent": 120},
     {"rag": "green", "progress_percent": "lots"}, {"rag": "green", "progress_percent": 1, "state": "accepted"}],
)  # fmt: skip
def test_bad_status_updates_are_400_and_create_nothing(api, own_project, payload):
    before = StatusUpdate.objects.count()
    response = api("member:write").post(
        "/api/v1/status-updates/", {"project": own_project.code, **payload}, format="json"
    )
    assert_problem(response, 400)
    assert StatusUpdate.objects.count() == before


def test_member_editor_cannot_report_on_another_companys_project(api, foreign_project):
    """A 404, as the page gives: a project one may not report on is not there for reporting."""
    response = api("member:write").post(
        "/api/v1/status-updates/",
        {"project": foreign_project.code, "rag": "green", "progress_percent": 1},
        format="json",
    )
    assert_problem(response, 404)
    assert not StatusUpdate.objects.filter(project=foreign_project, author__username="member").exists()


def test_member_editor_records_an_indicator_value(api, own_project):
    indicator = own_project.indicators.first()
    month = timezone.localdate().strftime("%Y-%m")
    response = api("member:write").post(
        f"/api/v1/indicators/{indicator.pk}/values/", {"period": month, "actual_value": "12.5"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert (
        str(Indicator.objects.get(pk=indicator.pk).values.get(period=timezone.localdate().replace(day=1)).actual_value)
        == "12.5000"
    )


def test_future_indicator_value_is_refused(api, own_project):
    indicator = own_project.indicators.first()
    response = api("member:write").post(
        f"/api/v1/indicators/{indicator.pk}/values/", {"period": "2099-01", "actual_value": "1"}, format="json"
    )
    assert "period" in assert_problem(response, 400)["errors"]


def test_malformed_json_is_a_400_problem(api):
    response = api("member:write").generic(
        "POST", "/api/v1/status-updates/", "{not json", content_type="application/json"
    )
    assert_problem(response, 400)


def test_wrong_content_type_is_415(api):
    response = api("member:write").generic("POST", "/api/v1/status-updates/", "a=b", content_type="text/plain")
    assert_problem(response, 415)


def test_errors_follow_accept_language(api):
    english = api(None).get("/api/v1/projects/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    korean = api(None).get("/api/v1/projects/", HTTP_ACCEPT_LANGUAGE="ko").json()["detail"]
    assert english != korean and "credentials" in english.lower()


def test_second_update_for_the_period_is_a_409_conflict(api, own_project):
    from core.periods import reporting_period

    StatusUpdate.objects.filter(project=own_project, period=reporting_period(timezone.localdate())).delete()
    payload = {"project": own_project.code, "rag": "green", "progress_percent": 1}
    assert api("member:write").post("/api/v1/status-updates/", payload, format="json").status_code == 201
    assert_problem(api("member:write").post("/api/v1/status-updates/", payload, format="json"), 409)


def test_ministry_admin_returns_an_update_through_the_api(api, own_project):
    from core.periods import add_months

    author = own_project.status_updates.first().author
    update = StatusUpdate.objects.create(
        project=own_project, period=add_months(timezone.localdate(), 3), author=author, state="submitted",
        submitted_at=timezone.now(), rag="green", progress_percent=10,
    )  # fmt: skip
    url = f"/api/v1/status-updates/{update.pk}/review/"
    etag = f'"{update.pk}-v{update.version}"'
    assert_problem(api("member:write").post(url, {"decision": "accept"}, format="json", HTTP_IF_MATCH=etag), 404)
    body = assert_problem(
        api("ministry:write").post(url, {"decision": "return", "comment": ""}, format="json", HTTP_IF_MATCH=etag), 400
    )
    assert "comment" in body["errors"]
    response = api("ministry:write").post(
        url, {"decision": "return", "comment": "보완 필요"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200 and response.json()["state"] == "returned"


def test_unsupported_methods_and_media_types_are_problems(api, own_project):
    assert_problem(api("ministry:write").delete(f"/api/v1/projects/{own_project.code}/"), 405)
    assert api("partner").get("/api/v1/projects/", HTTP_ACCEPT="application/xml").status_code == 406


def test_oversized_bodies_are_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = api("member:write").post(
        "/api/v1/status-updates/", {"project": "MOB-01", "achievements": "가" * 2000}, format="json"
    )
    assert_problem(response, 413)


def write_operations(project):
    milestone, update = open_milestone(project), project.status_updates.first()
    indicator = project.indicators.first()
    return [
        ("patch", f"/api/v1/milestones/{milestone.pk}/", {"status": "in_progress"}),
        ("post", "/api/v1/status-updates/", {"project": project.code, "rag": "green", "progress_percent": 1}),
        ("patch", f"/api/v1/status-updates/{update.pk}/", {"progress_percent": 2}),
        ("post", f"/api/v1/status-updates/{update.pk}/submit/", {}),
        ("post", f"/api/v1/status-updates/{update.pk}/review/", {"decision": "accept"}),
        ("post", f"/api/v1/indicators/{indicator.pk}/values/", {"period": "2026-01", "actual_value": "1"}),
    ]


@pytest.mark.parametrize("role", READERS)
def test_read_only_tokens_cannot_use_any_write_operation(api, own_project, role):
    client = api(role)
    for method, url, payload in write_operations(own_project):
        assert_problem(getattr(client, method)(url, payload, format="json"), 403)


@pytest.mark.parametrize("method", ["put", "delete"])
def test_replacing_or_deleting_is_not_offered(api, own_project, method):
    for _verb, url, payload in write_operations(own_project):
        if url.endswith("/") and not url.endswith(("submit/", "review/", "values/", "status-updates/")):
            assert_problem(getattr(api("ministry:write"), method)(url, payload, format="json"), 405)


def test_unknown_api_urls_answer_as_problems(api, settings):
    settings.DEBUG = False
    assert_problem(api("partner").get("/api/v1/no-such-thing/"), 404)
