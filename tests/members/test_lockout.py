"""Sign-in lockout: 5 failures per (username, address) pause that pair for 15 minutes — never longer."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone, translation
from django.utils.translation import gettext
from freezegun import freeze_time

from projects.demo import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db
ATTACKER, OFFICE = "10.0.0.66", "10.0.0.7"


def sign_in(client, password: str, address: str, username: str = "member"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_five_failures_lock_the_pair_for_fifteen_minutes_and_no_longer(client, users):
    start = timezone.now()
    with freeze_time(start) as clock:
        for _ in range(4):
            assert sign_in(client, "wrong-password", ATTACKER).status_code == 200
        assert sign_in(client, "wrong-password", ATTACKER).status_code == 429  # the fifth failure locks
        locked = sign_in(client, DEFAULT_PASSWORD, ATTACKER)
        assert locked.status_code == 429 and "_auth_user_id" not in client.session
        with translation.override("ko"):  # the page says how long, in the portal's language
            how_long = gettext(
                "Too many failed sign-ins for this account from your address. Try again in 15 minutes, or reset your "
                "password."
            )
        assert how_long in locked.content.decode()

        client.logout()
        assert signed_in(sign_in(client, DEFAULT_PASSWORD, OFFICE))  # the account itself stays open
        client.logout()

        clock.move_to(start + datetime.timedelta(minutes=10))
        assert sign_in(client, "wrong-again", ATTACKER).status_code == 429  # does not extend the lock
        clock.move_to(start + datetime.timedelta(minutes=15, seconds=5))
        assert signed_in(sign_in(client, DEFAULT_PASSWORD, ATTACKER))

    assert AccessFailureLog.objects.filter(username="member", ip_address=ATTACKER).count() >= 5
    assert AccessLog.objects.filter(username="member", ip_address=OFFICE).exists()
    assert not AccessAttempt.objects.filter(username="member", ip_address=ATTACKER).exists()  # reset on success


def test_failures_for_one_user_do_not_lock_another(client, users):
    for _ in range(5):
        sign_in(client, "wrong-password", ATTACKER, username="member")
    assert signed_in(sign_in(client, DEFAULT_PASSWORD, ATTACKER, username="member2"))


def test_an_overlong_username_is_refused_by_the_form_before_any_attempt_is_recorded(client, users):
    response = sign_in(client, "whatever", ATTACKER, username="m" * 151)
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert not AccessAttempt.objects.exists() and not AccessFailureLog.objects.exists()
