"""Webhook endpoints go with the credentials that made them: they pause when their owner's password changes, when the
owner is deactivated or their authenticator reset, and the owner switches them back on once signed in again; an
administrator's switch-off holds until another administrator lifts it; a stored body goes out only while its owner
may still see what it tells of."""

import datetime

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from members.models import Role
from members.tokens import issue_token
from projects.models import Project, Visibility
from tests.factories import UserFactory
from tests.webhooks.test_delivery import deliver, slip, subscribe
from webhooks import services
from webhooks.models import Delivery, Endpoint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
NEW_PASSWORD = "a-much-longer-new-passphrase-42"


def new_password(user):
    form = SetPasswordForm(user, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert form.is_valid()
    form.save()


def deactivate(user):
    user.is_active = False
    user.save()
    user.is_active = True  # reactivated later: the endpoint stays paused all the same
    user.save()


def reset_authenticator(user):
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True).delete()


@pytest.mark.parametrize("change", [new_password, deactivate, reset_authenticator])
def test_an_endpoint_pauses_when_its_owners_credentials_change(
    users, own_project, receiver, django_capture_on_commit_callbacks, change
):
    owner = users["member"]
    if change is reset_authenticator:
        owner = UserFactory(role=Role.MINISTRY_ADMIN, organization=None)
    endpoint, _secret = subscribe(owner, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        change(owner)
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.held_by == Endpoint.Hold.CREDENTIALS
    assert "credentials changed" in endpoint.disabled_reason
    slip(own_project.milestones.order_by("pk").first())
    assert deliver() == 0 and receiver.received == []


def test_the_owner_switches_a_paused_endpoint_back_on_once_signed_in_again(
    client, users, own_project, receiver, django_capture_on_commit_callbacks
):
    owner = users["member"]
    endpoint, _secret = subscribe(owner, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        new_password(owner)
    client.force_login(owner)  # signed in with the new password
    endpoint.refresh_from_db()
    response = client.post(
        f"/webhooks/{endpoint.pk}/",
        {"url": endpoint.url, "event_types": endpoint.event_types, "is_active": "on", "version": endpoint.version},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.held_by == "" and endpoint.disabled_reason == ""
    slip(own_project.milestones.order_by("pk").first())
    assert deliver() == 1


def switched_off_by_an_administrator(users, receiver) -> Endpoint:
    endpoint, _secret = subscribe(users["member"], receiver.url)
    services.switch_off(endpoint, by=users["ministry"])
    endpoint.refresh_from_db()
    return endpoint


def test_the_owner_cannot_switch_back_on_what_an_administrator_switched_off(client, users, receiver):
    endpoint = switched_off_by_an_administrator(users, receiver)
    users["member"].preferred_language = "en"
    users["member"].save(update_fields=["preferred_language"])
    client.force_login(users["member"])
    response = client.post(
        f"/webhooks/{endpoint.pk}/",
        {"url": endpoint.url, "event_types": endpoint.event_types, "is_active": "on", "version": endpoint.version},
    )
    assert response.status_code == 200
    assert "only an administrator can lift that" in response.content.decode()
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.held_by == Endpoint.Hold.ADMINISTRATOR


def test_the_owner_cannot_switch_it_back_on_through_the_api_either(users, receiver):
    endpoint = switched_off_by_an_administrator(users, receiver)
    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION=f"Bearer {issue_token(users['member'], name='h', scopes=['read', 'webhooks'])[1]}"
    )
    response = api.patch(
        f"/api/v1/webhooks/{endpoint.pk}/", {"is_active": True}, format="json", HTTP_IF_MATCH=f'"{endpoint.version}"'
    )
    assert response.status_code == 400 and "is_active" in response.json()["errors"]
    assert not Endpoint.objects.get(pk=endpoint.pk).is_active


def test_another_administrator_lifts_the_switch_off_and_the_owner_switches_it_on(users, own_project, receiver):
    endpoint = switched_off_by_an_administrator(users, receiver)
    colleague = UserFactory(role=Role.MINISTRY_ADMIN, organization=None)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token(colleague, name='h', scopes=['read', 'webhooks'])[1]}")
    response = api.patch(
        f"/api/v1/webhooks/{endpoint.pk}/", {"is_active": True}, format="json", HTTP_IF_MATCH=f'"{endpoint.version}"'
    )
    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is False and response.json()["held_by"] == Endpoint.Hold.OWNER
    endpoint.refresh_from_db()
    endpoint.is_active = True
    services.change_endpoint(endpoint, expected_version=endpoint.version)
    slip(own_project.milestones.order_by("pk").first())
    assert deliver() == 1


def test_a_failing_receiver_cannot_replace_an_administrators_switch_off(users, receiver):
    endpoint = switched_off_by_an_administrator(users, receiver)
    services.disable_endpoint(endpoint, "The receiver answered 410 Gone.")
    endpoint.refresh_from_db()
    assert endpoint.held_by == Endpoint.Hold.ADMINISTRATOR and "Switched off by" in endpoint.disabled_reason


def partner_heard_of_a_slip(users, own_project, receiver) -> tuple[Endpoint, Delivery]:
    """A partner's endpoint got a slipped milestone of a public project, which then becomes alliance-only."""
    endpoint, _secret = subscribe(users["partner"], receiver.url)
    slip(own_project.milestones.order_by("pk").first())
    assert deliver() == 1
    Project.objects.filter(pk=own_project.pk).update(visibility=Visibility.ALLIANCE)
    return endpoint, Delivery.objects.get(endpoint=endpoint)


def test_a_redelivery_is_withheld_once_its_owner_may_no_longer_see_the_object(users, own_project, receiver):
    _endpoint, delivery = partner_heard_of_a_slip(users, own_project, receiver)
    services.redeliver(delivery)
    assert deliver() == 0 and len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.WITHHELD
    assert "may no longer see" in delivery.attempt_log.first().error


def test_a_replay_is_withheld_once_its_owner_may_no_longer_see_the_object(users, own_project, receiver):
    endpoint, delivery = partner_heard_of_a_slip(users, own_project, receiver)
    assert services.replay_since(endpoint, delivery.event.occurred_at - datetime.timedelta(minutes=1)) == 1
    assert deliver() == 0 and len(receiver.received) == 1
    assert Delivery.objects.get(pk=delivery.pk).state == Delivery.State.WITHHELD
