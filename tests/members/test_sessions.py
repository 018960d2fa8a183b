"""Sessions: a new id at sign-in; every role signed out after an idle spell (ministry staff after 30 minutes, everyone
else after 2 hours), ministry staff also 12 hours after signing in; a new password or a deactivation ends the user's
other sessions in every door. Real database sessions, the clock moved with freezegun."""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from freezegun import freeze_time
from rest_framework.test import APIClient

from members.models import Role
from members.tokens import issue_token
from projects.demo import DEFAULT_PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-much-longer-new-passphrase-42"
PAGE = "/accounts/profile/"  # a page every role has


def signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_signing_in_starts_a_new_session_id(client, users):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    client.post("/accounts/login/", {"username": "ministry", "password": DEFAULT_PASSWORD})
    assert client.session.session_key != before and client.session["_auth_user_id"] == str(users["ministry"].pk)


@pytest.mark.parametrize(
    ("who", "minutes"), [("ministry", 30), ("viewer", 30), ("member", 120), ("member2", 120), ("partner", 120)]
)
def test_every_role_is_signed_out_after_its_idle_timeout(client, users, who, minutes):
    start = timezone.now()
    with freeze_time(start) as clock:
        client.force_login(users[who])
        assert client.get(PAGE).status_code == 200
        clock.move_to(start + datetime.timedelta(minutes=minutes - 1))
        assert client.get(PAGE).status_code == 200  # activity keeps the session
        clock.move_to(start + datetime.timedelta(minutes=2 * minutes - 2))
        assert client.get(PAGE).status_code == 200  # idle for less than the timeout since the last request
        clock.move_to(start + datetime.timedelta(minutes=3 * minutes - 1))
        assert signed_out(client.get(PAGE))
        assert "_auth_user_id" not in client.session
        assert client.get(PAGE)["Location"].startswith("/accounts/login/")


def test_the_sign_in_page_says_why_the_session_ended(client, users):
    start = timezone.now()
    with freeze_time(start) as clock:
        client.force_login(users["member"])
        assert client.get("/").status_code == 200
        clock.move_to(start + datetime.timedelta(hours=2, minutes=1))
        response = client.get("/projects/")
        assert signed_out(response)
        follow = client.get(response["Location"])
    with translation.override("ko"):  # says why, in the portal's language
        why = gettext("You were signed out after %(minutes)d minutes without activity.") % {"minutes": 120}
    assert [str(message) for message in follow.context["messages"]] == [why]
    assert why in follow.content.decode()


def test_ministry_sessions_end_twelve_hours_after_sign_in_however_active(client, users):
    start = timezone.now()
    with freeze_time(start) as clock:
        client.force_login(users["ministry"])
        for minutes in range(0, 12 * 60 + 1, 25):  # a request every 25 minutes: never idle
            clock.move_to(start + datetime.timedelta(minutes=minutes))
            assert client.get(PAGE).status_code == 200, minutes
        clock.move_to(start + datetime.timedelta(hours=12, minutes=1))
        response = client.get(PAGE)
        assert signed_out(response) and "_auth_user_id" not in client.session
        follow = client.get(response["Location"])
    with translation.override("ko"):
        why = gettext("You were signed out %(hours)d hours after signing in. Sign in again to go on.") % {"hours": 12}
    assert [str(message) for message in follow.context["messages"]] == [why]


def test_member_sessions_have_no_absolute_lifetime(client, users):
    start = timezone.now()
    with freeze_time(start) as clock:
        client.force_login(users["member"])
        for hours in range(0, 25):
            clock.move_to(start + datetime.timedelta(hours=hours))
            assert client.get(PAGE).status_code == 200, hours


def test_an_api_call_in_an_ended_session_gets_a_401_problem(users):
    api = APIClient()
    start = timezone.now()
    with freeze_time(start) as clock:
        api.force_login(users["member"])
        assert api.get("/api/v1/me/").status_code == 200
        clock.move_to(start + datetime.timedelta(hours=2, minutes=1))
        response = api.get("/api/v1/me/")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/session-ended") and "120" in response.json()["detail"]
    assert "_auth_user_id" not in api.session


def test_a_bearer_token_has_no_session_to_time_out(users):
    _record, token = issue_token(users["member"], name="sync", scopes=["read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    start = timezone.now()
    with freeze_time(start) as clock:
        assert api.get("/api/v1/me/").status_code == 200
        clock.move_to(start + datetime.timedelta(hours=13))
        assert api.get("/api/v1/me/").status_code == 200


def test_deactivating_a_user_ends_their_sessions_and_tokens_at_once(client, users):
    member = users["member"]
    _record, token = issue_token(member, name="sync", scopes=["read"])
    client.force_login(member)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/").status_code == 200 and api.get("/api/v1/me/").status_code == 200

    member.is_active = False
    member.save(update_fields=["is_active"])
    assert client.get("/").status_code == 302
    assert api.get("/api/v1/me/").status_code == 401


# -- a new password ends the user's other sessions, in every door ------------------------------------------------------


@pytest.fixture
def elsewhere(users):
    """The member signed in on two other devices: a browser and a script using the session cookie."""
    browser, script = Client(), APIClient()
    browser.force_login(users["member"])
    script.force_login(users["member"])
    assert browser.get(PAGE).status_code == 200 and script.get("/api/v1/me/").status_code == 200
    return browser, script, [browser.session.session_key, script.session.session_key]


def assert_ended(browser, script, keys) -> None:
    assert signed_out(browser.get(PAGE))
    assert script.get("/api/v1/me/").status_code in (401, 403)
    assert not Session.objects.filter(session_key__in=keys).exists()  # flushed on their next request


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one(client, users, elsewhere):
    client.force_login(users["member"])
    response = client.post(
        "/accounts/password_change/",
        {"old_password": DEFAULT_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(PAGE).status_code == 200  # Django's update_session_auth_hash: this session goes on
    assert_ended(*elsewhere)


def test_resetting_the_password_by_mail_ends_every_session(client, users, elsewhere):
    client.post("/accounts/password_reset/", {"email": users["member"].email})
    link = re.search(r"/accounts/reset/\S+/\S+/", mail.outbox[-1].body).group(0)
    form = client.get(link, follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"].endswith("/done/")
    assert_ended(*elsewhere)


def test_an_administrator_setting_a_password_in_the_admin_ends_that_users_sessions(client, users, elsewhere):
    client.force_login(users["ministry"])
    response = client.post(
        f"/admin/members/user/{users['member'].pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert client.get(PAGE).status_code == 200  # the administrator's own session goes on
    assert_ended(*elsewhere)


def test_an_administrator_changing_their_own_password_in_the_admin_keeps_only_that_session(client, users):
    administrator = UserFactory(role=Role.MINISTRY_ADMIN)
    other = Client()
    other.force_login(administrator)
    client.force_login(administrator)
    response = client.post(
        f"/admin/members/user/{administrator.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert client.get(PAGE).status_code == 200
    assert signed_out(other.get(PAGE))
