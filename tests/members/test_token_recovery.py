"""A recovery — new password (changed or reset), deactivation, the authenticator reset — revokes the user's API
tokens and tells them; administrators list and revoke tokens in the admin."""

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from members.models import ApiToken, AuditEvent, Role
from members.tokens import issue_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def holder():
    user = UserFactory(role=Role.MEMBER_EDITOR)
    tokens = [
        issue_token(user, name=name, scopes=scopes)[1] for name, scopes in (("r", ["read"]), ("w", ["read", "write"]))
    ]
    return user, tokens


def works(token: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.get("/api/v1/me/").status_code == 200


def assert_revoked_and_told(user, tokens, reason: str) -> None:
    assert not any(works(token) for token in tokens)
    assert ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() == 0
    revoked = AuditEvent.objects.filter(kind=AuditEvent.Kind.TOKEN_REVOKED, user=user)
    assert revoked.count() == 2 and {e.detail for e in revoked} == {reason}
    assert [m.to for m in mail.outbox] == [[user.email]] and "/accounts/tokens/" in mail.outbox[0].body


def test_changing_the_password_revokes_the_tokens(client, holder, django_capture_on_commit_callbacks):
    user, tokens = holder
    assert all(works(token) for token in tokens)
    client.force_login(user)
    new = "a-much-longer-new-passphrase-42"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password_change/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
        )
    assert response.status_code == 302
    assert_revoked_and_told(user, tokens, "password changed")


def test_a_password_reset_revokes_the_tokens(holder, django_capture_on_commit_callbacks):
    user, tokens = holder
    new = "a-much-longer-new-passphrase-42"
    form = SetPasswordForm(user, {"new_password1": new, "new_password2": new})
    assert form.is_valid()
    with django_capture_on_commit_callbacks(execute=True):
        form.save()
    assert_revoked_and_told(user, tokens, "password changed")


def test_deactivation_revokes_the_tokens(holder, django_capture_on_commit_callbacks):
    user, tokens = holder
    user.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        user.save()
    user.is_active = True  # reactivated later: the old tokens stay revoked
    user.save()
    assert_revoked_and_told(user, tokens, "deactivated")


def test_resetting_the_authenticator_revokes_the_tokens(django_capture_on_commit_callbacks):
    user = UserFactory(role=Role.MINISTRY_ADMIN)
    tokens = [issue_token(user, name="w", scopes=["read", "write"])[1], issue_token(user, name="r", scopes=["read"])[1]]
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    admin = UserFactory(role=Role.MINISTRY_ADMIN)
    client = APIClient()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert_revoked_and_told(user, tokens, "authenticator reset")


def test_other_saves_of_the_user_revoke_nothing(client, holder, django_capture_on_commit_callbacks):
    user, tokens = holder
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})  # last_login
        user.first_name = "New"
        user.save()
    assert all(works(token) for token in tokens) and mail.outbox == []


def test_administrators_list_and_revoke_tokens_in_the_admin(client, holder):
    user, tokens = holder
    client.force_login(UserFactory(role=Role.MINISTRY_ADMIN))
    page = client.get("/admin/members/apitoken/").content.decode()
    assert all(record.prefix in page for record in ApiToken.objects.filter(user=user))
    chosen = ApiToken.objects.get(user=user, name="w")
    response = client.post("/admin/members/apitoken/", {"action": "revoke", "_selected_action": [chosen.pk]})
    assert response.status_code == 302
    assert [works(token) for token in tokens] == [True, False]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.TOKEN_REVOKED, user=user)
    assert event.detail.startswith("by ")
