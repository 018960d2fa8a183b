"""``/api/v1/webhooks/``: created with a token's ``webhooks`` scope (a partner's read token may carry it), the secret
shown once, the same checks as the pages, If-Match on changes, ministry administrators switching others' off."""

import pytest
from rest_framework.test import APIClient

from members.tokens import issue_token
from webhooks.models import Endpoint

pytestmark = pytest.mark.django_db

NEW = {"url": "https://hooks.example.org/portal", "event_types": ["project.updated", "milestone.slipped"]}


def client_for(user, scopes) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token(user, name='hooks', scopes=scopes)[1]}")
    return api


def test_a_partner_with_the_webhooks_scope_creates_an_endpoint_and_sees_its_secret_once(users):
    api = client_for(users["partner"], ["read", "webhooks"])
    created = api.post("/api/v1/webhooks/", NEW, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["secret"].startswith("whsec_")
    assert Endpoint.objects.get().owner == users["partner"]
    shown = api.get(f"/api/v1/webhooks/{created.json()['id']}/")
    assert shown.status_code == 200 and "secret" not in shown.json()


def test_a_read_only_token_cannot_create_an_endpoint(users):
    response = client_for(users["partner"], ["read"]).post("/api/v1/webhooks/", NEW, format="json")
    assert response.status_code == 403 and not Endpoint.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"url": "http://hooks.example.org/x"}, "url"),
        ({"url": "https://10.0.0.5/x"}, "url"),
        ({"url": "https://hooks.example.org:8443/x"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"event_types": []}, "event_types"),
        ({"event_types": ["report.ready"]}, "event_types"),  # ministry staff only
        ({"event_types": ["nonsense"]}, "event_types"),
        ({"secret": "whsec_mine"}, "secret"),
    ],
)
def test_bad_endpoints_are_refused_with_the_field_named_and_nothing_saved(users, change, field):
    response = client_for(users["partner"], ["read", "webhooks"]).post("/api/v1/webhooks/", {**NEW, **change}, "json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"] and not Endpoint.objects.exists()


def test_changes_need_the_current_etag(users):
    api = client_for(users["member"], ["read", "webhooks"])
    endpoint = api.post("/api/v1/webhooks/", NEW, format="json").json()
    url = f"/api/v1/webhooks/{endpoint['id']}/"
    assert api.patch(url, {"description": "ERP sync"}, format="json").status_code == 428
    etag = api.get(url)["ETag"]
    assert api.patch(url, {"description": "ERP sync"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    stale = api.patch(url, {"description": "again"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and Endpoint.objects.get().description == "ERP sync"


def test_someone_elses_endpoint_is_not_found_and_ministry_administrators_may_only_switch_it_off(users):
    endpoint = client_for(users["member"], ["read", "webhooks"]).post("/api/v1/webhooks/", NEW, format="json").json()
    url = f"/api/v1/webhooks/{endpoint['id']}/"
    assert client_for(users["member2"], ["read", "webhooks"]).get(url).status_code == 404
    ministry = client_for(users["ministry"], ["read", "webhooks"])
    etag = ministry.get(url)["ETag"]
    refused = ministry.patch(url, {"url": "https://evil.example.org/"}, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 403
    switched_off = ministry.patch(url, {"is_active": False}, format="json", HTTP_IF_MATCH=etag)
    assert switched_off.status_code == 200
    stored = Endpoint.objects.get()
    assert (stored.url, stored.is_active) == (NEW["url"], False) and "ministry" in stored.disabled_reason


def test_the_endpoint_list_takes_a_fixed_number_of_queries(users, django_assert_max_num_queries):
    api = client_for(users["member"], ["read", "webhooks"])
    for n in range(5):
        api.post("/api/v1/webhooks/", {**NEW, "url": f"https://hooks.example.org/{n}"}, format="json")
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/webhooks/")
    assert len(response.json()["results"]) == 5


@pytest.mark.parametrize("value", ["1.5", "x", "true"])
def test_the_delivery_log_refuses_an_endpoint_that_is_not_an_id(users, value):
    response = client_for(users["member"], ["read"]).get("/api/v1/webhook-deliveries/", {"endpoint": value})
    assert response.status_code == 400 and "endpoint" in response.json()["errors"]
