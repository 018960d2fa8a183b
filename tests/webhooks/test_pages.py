"""The webhook pages: a new endpoint's secret shown once, the form's errors, the delivery log, and a ministry
administrator switching someone else's endpoint off."""

import pytest

from members.models import AuditEvent, AuditKind
from webhooks import outbox, services
from webhooks.models import Delivery, Endpoint, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(users):
    """The demo users, reading the pages in English (the messages below are asserted in English)."""
    for user in users.values():
        user.preferred_language = "en"
        user.save(update_fields=["preferred_language"])
    return users


def test_a_new_endpoint_shows_its_secret_once(client, users):
    client.force_login(users["member"])
    response = client.post(
        "/webhooks/new/", {"url": "https://hooks.example.org/erp", "event_types": ["milestone.slipped"]}
    )
    endpoint = Endpoint.objects.get()
    assert response.status_code == 200 and endpoint.secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    page = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert endpoint.secret not in page and "hooks.example.org/erp" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "http://hooks.example.org/", "event_types": ["milestone.slipped"]}, "Use an https:// URL."),
        ({"url": "https://192.168.1.9/", "event_types": ["milestone.slipped"]}, "a private address"),
        ({"url": "https://hooks.example.org/", "event_types": ["report.ready"]}, "not one of the available choices"),
        ({"url": "https://hooks.example.org/"}, "This field is required."),
    ],
)
def test_the_form_says_what_is_wrong_and_saves_nothing(client, users, data, message):
    client.force_login(users["member"])
    response = client.post("/webhooks/new/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Endpoint.objects.exists()


def test_the_delivery_log_lists_the_test_event(client, users):
    endpoint = Endpoint(owner=users["member"], url="https://hooks.example.org/erp", event_types=["project.updated"])
    services.create_endpoint(endpoint)
    client.force_login(users["member"])
    assert client.post(f"/webhooks/{endpoint.pk}/ping/").status_code == 302
    outbox.dispatch(Event.objects.get(type="ping").pk)
    page = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert Delivery.objects.get().sequence == 1 and "<code>ping</code>" in page and "Redeliver" in page
    client.post(f"/webhooks/{endpoint.pk}/deliveries/{Delivery.objects.get().pk}/redeliver/")
    logged = AuditEvent.objects.filter(kind=AuditKind.WEBHOOK_SENT, user=users["member"]).order_by("pk")
    assert [e.detail for e in logged] == ["ping", "redeliver #1"]


def test_a_ministry_administrator_switches_off_but_cannot_edit_someone_elses_endpoint(client, users):
    endpoint = Endpoint(owner=users["member"], url="https://hooks.example.org/erp", event_types=["project.updated"])
    services.create_endpoint(endpoint)
    client.force_login(users["ministry"])
    page = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert "Switch off" in page and "Rotate secret" not in page
    assert client.post(f"/webhooks/{endpoint.pk}/", {"url": "https://evil.example.org/"}).status_code == 403
    assert client.post(f"/webhooks/{endpoint.pk}/disable/").status_code == 302
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.url == "https://hooks.example.org/erp"
    assert "ministry" in endpoint.disabled_reason


def test_a_stale_settings_form_is_refused_with_what_changed(client, users):
    endpoint = Endpoint(owner=users["member"], url="https://hooks.example.org/erp", event_types=["project.updated"])
    services.create_endpoint(endpoint)
    client.force_login(users["member"])
    form = {"url": "https://hooks.example.org/erp", "event_types": ["project.updated"], "is_active": "on"}
    client.post(f"/webhooks/{endpoint.pk}/", {**form, "description": "first", "version": 1})
    response = client.post(f"/webhooks/{endpoint.pk}/", {**form, "description": "second", "version": 1}, follow=True)
    assert "Someone else changed this" in response.content.decode()
    assert Endpoint.objects.get().description == "first"
