"""The expensive signed-in outputs are limited per user: over the rate a clear 429 (a page, or problem-details JSON
to a caller asking for JSON) with Retry-After; another user is not affected."""

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db

OUTPUTS = {
    "/projects/timeline.pdf?span=quarter": "exports",
    "/projects/export.xlsx": "exports",
    "/ethics/answers.csv": "exports",
    "/search/?q=AI": "search",
}


@pytest.fixture
def two_a_period(monkeypatch):
    for scope in set(OUTPUTS.values()):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, "2/hour")
    cache.clear()
    yield
    cache.clear()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", sorted(OUTPUTS))
def test_an_output_asked_for_too_often_is_a_429_page_for_that_user_only(users, two_a_period, url):
    ministry = signed_in(users["ministry"])
    assert [ministry.get(url).status_code for _ in range(2)] == [200, 200]
    refused = ministry.get(url)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "너무 자주 요청했습니다" in refused.content.decode()  # Korean, the portal's default
    assert signed_in(users["viewer"]).get(url).status_code == 200


def test_a_caller_asking_for_json_gets_problem_details(users, two_a_period):
    ministry = signed_in(users["ministry"])
    for _ in range(2):
        ministry.get("/search/?q=AI")
    refused = ministry.get("/search/?q=AI", HTTP_ACCEPT="application/json")
    assert refused.status_code == 429 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 429 and "너무 자주" in refused.json()["detail"]


def test_the_limit_speaks_the_users_language(users, two_a_period):
    users["viewer"].preferred_language = "en"
    users["viewer"].save(update_fields=["preferred_language"])
    viewer = signed_in(users["viewer"])
    for _ in range(2):
        viewer.get("/search/?q=AI")
    assert "You have asked for this too often" in viewer.get("/search/?q=AI").content.decode()
