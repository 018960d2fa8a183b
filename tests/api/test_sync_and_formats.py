import csv
import datetime
import io

import pytest
from django.utils import timezone

from access.policy import restrict
from alliance_portal.api.throttling import PerTokenThrottle
from projects.models import Milestone, Project


def collect(client, url, params):
    """Follow the cursor to the end; returns every row."""
    rows, response = [], client.get(url, params)
    while True:
        body = response.json()
        rows += body["results"]
        if not body["next"]:
            return rows
        response = client.get(body["next"])


def test_cursor_pages_cover_every_project_exactly_once(api, users):
    rows = collect(api("partner"), "/api/v1/projects/", {"page_size": 7})
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes)) == restrict(Project.objects.all(), users["partner"]).count() > 7


def test_page_size_goes_up_to_500(api, users):
    assert len(api("ministry").get("/api/v1/milestones/", {"page_size": 500}).json()["results"]) == min(
        500, Milestone.objects.count()
    )
    for bad in ("501", "0", "-1", "ten"):
        response = api("partner").get("/api/v1/milestones/", {"page_size": bad})
        assert response.status_code == 400 and "page_size" in response.json()["errors"]


def test_updated_since_returns_only_later_changes(api, own_project):
    cutoff = timezone.now()
    milestone = own_project.milestones.first()
    Milestone.objects.filter(pk=milestone.pk).update(updated_at=cutoff + datetime.timedelta(seconds=1))
    rows = collect(api("partner"), "/api/v1/milestones/", {"updated_since": cutoff.isoformat()})
    assert [row["id"] for row in rows] == [milestone.pk]


def test_invalid_filter_values_are_400_problems(api):
    response = api("partner").get("/api/v1/projects/", {"updated_since": "yesterday-ish"})
    assert response.status_code == 400 and "updated_since" in response.json()["errors"]


@pytest.mark.parametrize("how", [{"format": "csv"}, "accept"])
def test_milestones_csv_streams_the_filtered_rows(api, own_project, how):
    client = api("partner")
    params = {"project": own_project.code}
    if how == "accept":
        response = client.get("/api/v1/milestones/", params, HTTP_ACCEPT="text/csv")
    else:
        response = client.get("/api/v1/milestones/", {**params, **how})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) - 1 == own_project.milestones.count()
    assert {row[0] for row in rows[1:]} == {own_project.code}


def test_projects_csv_has_no_budgets_for_partners(api, users):
    response = api("partner").get("/api/v1/projects/", {"format": "csv", "area": "mobility"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    seen = restrict(Project.objects.filter(area="mobility"), users["partner"])
    assert len(rows) == 1 + seen.count() > 1 and all(row[-1] == "" for row in rows[1:])


def test_too_many_requests_are_429_with_retry_after(api, monkeypatch):
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"token": "3/hour", "anon": "100/hour"})
    client = api("partner")
    statuses = [client.get("/api/v1/me/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/me/")
    assert int(response["Retry-After"]) > 0 and response.json()["status"] == 429


@pytest.mark.parametrize(
    "url",
    ["/api/v1/projects/", "/api/v1/milestones/", "/api/v1/status-updates/", "/api/v1/indicators/",
     "/api/v1/policy-barriers/", "/api/v1/organizations/"],
)  # fmt: skip
def test_list_query_count_does_not_grow_with_page_size(api, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api("member")
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"page_size": 2})
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url, {"page_size": 200}).status_code == 200


def test_schema_and_docs_are_served_locally(client, users):
    client.force_login(users["partner"])
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "jsdelivr" not in docs and "unpkg" not in docs
    assert client.get("/api/redoc/").status_code == 200


def test_ordering_by_code_pages_through_in_code_order(api):
    rows = collect(api("ministry"), "/api/v1/projects/", {"ordering": "code", "page_size": 6})
    codes = [row["code"] for row in rows]
    assert codes == sorted(codes) and len(codes) == Project.objects.count()


def test_ordering_by_forecast_date_has_no_gaps_or_repeats(api):
    rows = collect(api("ministry"), "/api/v1/milestones/", {"ordering": "-forecast_date", "page_size": 37})
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)) == Milestone.objects.count()
    dates = [row["forecast_date"] for row in rows]
    assert dates == sorted(dates, reverse=True)
