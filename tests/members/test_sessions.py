"""Sessions: a new id at sign-in, ministry staff signed out after 30 idle minutes, deactivation ends everything."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from freezegun import freeze_time
from rest_framework.test import APIClient

from members.tokens import issue_token
from projects.demo import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_signing_in_starts_a_new_session_id(client, users):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    client.post("/accounts/login/", {"username": "ministry", "password": DEFAULT_PASSWORD})
    assert client.session.session_key != before and client.session["_auth_user_id"] == str(users["ministry"].pk)


@pytest.mark.parametrize(("who", "signed_out"), [("ministry", True), ("viewer", True), ("member", False)])
def test_ministry_staff_are_signed_out_after_thirty_idle_minutes(client, users, who, signed_out):
    start = timezone.now()
    with freeze_time(start) as clock:
        client.force_login(users[who])
        assert client.get("/").status_code == 200
        clock.move_to(start + datetime.timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity keeps the session
        clock.move_to(start + datetime.timedelta(minutes=29 + 31))
        response = client.get("/projects/")
        if signed_out:
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
            assert "_auth_user_id" not in client.session
            follow = client.get(response["Location"])
            with translation.override("ko"):  # says why, in the portal's language
                why = gettext("You were signed out after %(minutes)d minutes without activity.") % {"minutes": 30}
            assert [str(message) for message in follow.context["messages"]] == [why]
            assert why in follow.content.decode()
        else:
            assert response.status_code == 200


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
