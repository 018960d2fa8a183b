"""Sign-in lockout: 5 failures per (username, address) pause that pair for 15 minutes — never longer; 20 failures
for one username from any addresses pause the account everywhere for the rest of those 15 minutes."""

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


# -- many addresses against one account ------------------------------------------------------------------------------


def addresses(n: int) -> list[str]:
    return [f"198.51.100.{i}" for i in range(1, n + 1)]


def test_twenty_failures_from_many_addresses_pause_the_account_everywhere_for_fifteen_minutes(client, users):
    start = timezone.now()
    with freeze_time(start) as clock:
        for address in addresses(19):
            assert sign_in(client, "wrong-password", address).status_code == 200
        assert sign_in(client, "wrong-password", "198.51.100.20").status_code == 429  # the twentieth locks
        assert sign_in(client, DEFAULT_PASSWORD, OFFICE).status_code == 429  # from every address, the owner's too
        assert "_auth_user_id" not in client.session
        assert signed_in(sign_in(client, DEFAULT_PASSWORD, OFFICE, username="member2"))  # other accounts stay open
        client.logout()
        clock.move_to(start + datetime.timedelta(minutes=15, seconds=5))
        assert signed_in(sign_in(client, DEFAULT_PASSWORD, OFFICE))


def test_the_account_pause_says_it_is_for_everyone_and_how_long(client, users):
    for address in addresses(20):
        sign_in(client, "wrong-password", address)
    page = sign_in(client, DEFAULT_PASSWORD, OFFICE).content.decode()
    with translation.override("ko"):
        why = gettext(
            "Too many failed sign-ins for this account from several addresses: signing in to it is paused for "
            "everyone for up to 15 minutes. Try again then, or reset your password, which ends the pause."
        )
        pair = gettext("Too many failed sign-ins for this account from your address.")
    assert why in page and pair not in page


def test_the_owners_sign_in_does_not_wipe_the_failures_from_elsewhere(client, users):
    for address in addresses(19):
        sign_in(client, "wrong-password", address)
    assert signed_in(sign_in(client, DEFAULT_PASSWORD, OFFICE))
    client.logout()
    assert sign_in(client, "wrong-password", "203.0.113.9").status_code == 429


def test_a_new_password_ends_the_account_pause(client, users):
    for address in addresses(20):
        sign_in(client, "wrong-password", address)
    assert sign_in(client, DEFAULT_PASSWORD, OFFICE).status_code == 429
    users["member"].set_password("a-much-longer-new-passphrase-42")
    users["member"].save()  # as the reset-by-mail form does
    assert signed_in(sign_in(client, "a-much-longer-new-passphrase-42", OFFICE))
