"""The open API: no token, cursor pages, ETags, clear 400s, throttled per address, the same fields as the files."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from members.tokens import issue_token
from opendata import services

pytestmark = pytest.mark.django_db


def test_projects_come_in_cursor_pages_in_code_order(published, anonymous, django_assert_max_num_queries):
    codes, url = [], reverse("open-project-list") + "?page_size=4"
    while url:
        with django_assert_max_num_queries(3):
            page = anonymous.get(url).json()
        codes += [row["code"] for row in page["results"]]
        url = page["next"]
    assert codes == sorted(published.projects.values_list("code", flat=True))


def test_a_project_carries_the_published_record(published, anonymous):
    row = published.projects.first()
    answer = anonymous.get(reverse("open-project-detail", kwargs={"code": row.code})).json()
    assert {k: answer[k] for k in ("project", "status", "participants", "milestones")} == {
        k: row.record[k] for k in ("project", "status", "participants", "milestones")
    }


def test_a_publication_lists_its_files_with_addresses(published, anonymous, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        listing = anonymous.get(reverse("open-publication-list")).json()
    files = listing["results"][0]["files"]
    assert {f["name"] for f in files} == set(published.files.values_list("name", flat=True))
    assert anonymous.get(files[0]["url"]).status_code == 200


def test_an_older_version_stays_available(users, published, anonymous):
    services.publish(published.period, users["ministry"], ratings=False, note="ratings withdrawn")
    url = reverse("open-publication-detail", kwargs={"period": published.key})
    assert anonymous.get(url).json()["version"] == 2
    assert anonymous.get(url + "?version=1").json()["version"] == 1


def test_an_unchanged_answer_is_a_304_with_its_etag(published, anonymous):
    url = reverse("open-project-list")
    first = anonymous.get(url)
    again = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again["ETag"], again.content) == (304, first["ETag"], b"")


@pytest.mark.parametrize(
    ("query", "field"),
    [("period=2026-13", "period"), ("period=x", "period"), ("version=0", "version"), ("version=abc", "version"),
     ("area=space", "area"), ("page_size=0", "page_size"), ("version=%C2%B2", "version"),
     ("page_size=%C2%B2", "page_size")],
)  # fmt: skip
def test_bad_parameters_are_a_400_naming_the_parameter(published, anonymous, query, field):
    response = anonymous.get(reverse("open-project-list") + "?" + query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_nothing_published_for_a_month_is_a_404(published, anonymous):
    response = anonymous.get(reverse("open-project-list") + "?period=2001-01")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_token_changes_nothing_and_the_api_sets_no_cookie(users, published, anonymous):
    _token, key = issue_token(users["partner"], name="t", scopes=["read"])
    url = reverse("open-project-list")
    with_token = anonymous.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert with_token.json() == anonymous.get(url).json()
    assert not with_token.cookies


def test_callers_are_throttled_per_address(published, monkeypatch):
    from django.test import Client

    from alliance_portal.api.throttling import PerAddressThrottle

    cache.clear()
    monkeypatch.setattr(PerAddressThrottle, "THROTTLE_RATES", {"open": "3/hour"})
    one, other = Client(REMOTE_ADDR="198.51.100.7"), Client(REMOTE_ADDR="198.51.100.8")
    url = reverse("open-publication-list")
    assert [one.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert other.get(url).status_code == 200
    cache.clear()


def test_a_forged_forwarded_for_header_does_not_reset_the_limit(published, monkeypatch):
    from django.test import Client

    from alliance_portal.api.throttling import PerAddressThrottle

    cache.clear()
    monkeypatch.setattr(PerAddressThrottle, "THROTTLE_RATES", {"open": "3/hour"})
    caller = Client(REMOTE_ADDR="198.51.100.9")
    url = reverse("open-publication-list")
    assert [caller.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert caller.get(url, HTTP_X_FORWARDED_FOR="203.0.113.50").status_code == 429
    cache.clear()
