"""Per-person webhook quotas: at most ``WEBHOOK_MAX_ENDPOINTS`` endpoints, at most ``WEBHOOK_REQUESTS_PER_HOUR`` test
events, redeliveries and replays an hour — refused with a clear message (400 or 429 with a problem document, a form
error or a message on the pages), nothing saved or queued."""

import datetime

import pytest
from freezegun import freeze_time
from rest_framework.test import APIClient

from members.tokens import issue_token
from tests.webhooks.test_delivery import deliver, slip, subscribe
from webhooks import services
from webhooks.models import Delivery, Endpoint, Event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
NEW = {"url": "https://hooks.example.org/portal", "event_types": ["project.updated"]}


@pytest.fixture
def small_quotas(settings):
    settings.WEBHOOK_MAX_ENDPOINTS = 2
    settings.WEBHOOK_REQUESTS_PER_HOUR = 3


@pytest.fixture
def users(users):
    """The demo users, reading in English (the messages below are asserted in English)."""
    for user in users.values():
        user.preferred_language = "en"
        user.save(update_fields=["preferred_language"])
    return users


@pytest.fixture
def hooks_api(users):
    api = APIClient()
    token = issue_token(users["member"], name="h", scopes=["read", "webhooks"])[1]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")
    return api


def test_an_endpoint_past_the_limit_is_refused_with_a_problem_document(users, small_quotas, hooks_api):
    for _i in range(2):
        assert hooks_api.post("/api/v1/webhooks/", NEW, format="json").status_code == 201
    response = hooks_api.post("/api/v1/webhooks/", NEW, format="json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert "the most one person may have" in response.json()["detail"]
    assert Endpoint.objects.filter(owner=users["member"]).count() == 2


def test_the_page_says_the_limit_next_to_the_form(client, users, small_quotas):
    for _i in range(2):
        subscribe(users["member"], "https://hooks.example.org/portal", ["project.updated"])
    client.force_login(users["member"])
    response = client.post("/webhooks/new/", NEW)
    assert response.status_code == 200 and "the most one person may have" in response.content.decode()
    assert Endpoint.objects.filter(owner=users["member"]).count() == 2


def test_a_ping_past_the_hourly_quota_is_a_429_with_retry_after(users, small_quotas, hooks_api):
    endpoint, _secret = subscribe(users["member"], NEW["url"], NEW["event_types"])
    with freeze_time("2026-12-01 09:00:00"):
        for _i in range(3):
            assert hooks_api.post(f"/api/v1/webhooks/{endpoint.pk}/ping/").status_code == 202
        response = hooks_api.post(f"/api/v1/webhooks/{endpoint.pk}/ping/")
    assert response.status_code == 429 and response["Content-Type"] == "application/problem+json"
    assert "3 test events, redeliveries and replays an hour" in response.json()["detail"]
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Event.objects.filter(only_endpoint=endpoint).count() == 3


def test_the_quota_frees_up_an_hour_later(users, small_quotas, hooks_api):
    endpoint, _secret = subscribe(users["member"], NEW["url"], NEW["event_types"])
    with freeze_time("2026-12-01 09:00:00") as clock:
        for _i in range(3):
            hooks_api.post(f"/api/v1/webhooks/{endpoint.pk}/ping/")
        clock.tick(datetime.timedelta(hours=1, seconds=1))
        assert hooks_api.post(f"/api/v1/webhooks/{endpoint.pk}/ping/").status_code == 202


def test_redeliveries_and_replays_count_against_the_same_quota(users, own_project, small_quotas, receiver, hooks_api):
    endpoint, _secret = subscribe(users["member"], receiver.url)
    slip(own_project.milestones.order_by("pk").first())
    deliver()
    delivery = Delivery.objects.get(endpoint=endpoint)
    since = (delivery.event.occurred_at - datetime.timedelta(minutes=1)).isoformat()
    assert hooks_api.post(f"/api/v1/webhook-deliveries/{delivery.pk}/redeliver/").status_code == 202
    assert hooks_api.post(f"/api/v1/webhooks/{endpoint.pk}/replay/", {"since": since}, format="json").status_code == 202
    assert hooks_api.post(f"/api/v1/webhooks/{endpoint.pk}/ping/").status_code == 202
    assert hooks_api.post(f"/api/v1/webhook-deliveries/{delivery.pk}/redeliver/").status_code == 429
    assert hooks_api.post(f"/api/v1/webhooks/{endpoint.pk}/replay/", {"since": since}, format="json").status_code == 429


def test_the_page_says_the_quota_and_queues_nothing(client, users, small_quotas):
    endpoint, _secret = subscribe(users["member"], NEW["url"], NEW["event_types"])
    client.force_login(users["member"])
    for _i in range(3):
        services.send_test_event(endpoint, by=users["member"])
    response = client.post(f"/webhooks/{endpoint.pk}/ping/", follow=True)
    assert "an hour; try again in" in response.content.decode()
    assert Event.objects.filter(only_endpoint=endpoint).count() == 3
