"""Ministry staff sign in with a password and a TOTP code (or a one-time recovery code)."""

import datetime
import re
from base64 import b32decode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from members.models import Role
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery-staple"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    """Time stands still in the middle of a 30-second code window: codes computed by a test and checked by the
    portal fall in the same window, and two posts fall inside django-otp's one-second pause after a wrong code,
    however slow the machine."""
    with freeze_time(datetime.datetime(2026, 11, 27, 1, 0, 15, tzinfo=datetime.UTC)) as frozen:
        yield frozen


@pytest.fixture
def ministry_user():
    return UserFactory(role=Role.MINISTRY_VIEWER)


def sign_in(client, user, next_url="/projects/"):
    return client.post(f"{reverse('login')}?next={next_url}", {"username": user.username, "password": PASSWORD})


def code_from_manual_key(page_html: str) -> str:
    """What an authenticator app does with the key the enrolment page shows."""
    key = re.search(r'id="manual-key">([A-Z2-7 ]+)<', page_html).group(1).replace(" ", "")
    return f"{totp(b32decode(key)):06d}"


def enrol(client, user) -> list[str]:
    page = client.get(reverse("two_factor_setup")).content.decode()
    response = client.post(reverse("two_factor_setup"), {"code": code_from_manual_key(page), "next": "/projects/"})
    assert response.status_code == 200
    return re.findall(r'<li class="col user-select-all">([a-z2-7]+)</li>', response.content.decode())


def new_client(user):
    """A second browser signing in as the same user."""
    client = Client()
    sign_in(client, user)
    return client


def test_ministry_password_alone_reaches_no_page(client, ministry_user):
    response = sign_in(client, ministry_user)
    assert response.status_code == 302
    response = client.get("/projects/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert client.get(response["Location"], follow=True).redirect_chain[-1][0].startswith(reverse("two_factor_setup"))


def test_ministry_session_without_second_factor_gets_a_403_from_the_api(client, ministry_user):
    sign_in(client, ministry_user)
    response = client.get("/api/v1/projects/")
    assert response.status_code == 403
    assert response.json()["type"].endswith("/second-factor-required")


def test_member_signs_in_with_a_password_only(client):
    member = UserFactory(role=Role.MEMBER_EDITOR)
    sign_in(client, member)
    assert client.get("/projects/").status_code == 200


def test_enrolment_with_the_apps_first_code_turns_two_factor_on_and_shows_ten_recovery_codes(client, ministry_user):
    sign_in(client, ministry_user)
    codes = enrol(client, ministry_user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=ministry_user).confirmed
    assert sorted(StaticToken.objects.filter(device__user=ministry_user).values_list("token", flat=True)) == sorted(
        codes
    )
    assert client.get("/projects/").status_code == 200


def test_wrong_enrolment_code_leaves_two_factor_off(client, ministry_user):
    sign_in(client, ministry_user)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=ministry_user, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=ministry_user).exists()
    assert client.get("/projects/").status_code == 302


def test_reloading_the_enrolment_page_keeps_the_same_key(client, ministry_user):
    sign_in(client, ministry_user)
    first = client.get(reverse("two_factor_setup")).content.decode()
    second = client.get(reverse("two_factor_setup")).content.decode()
    assert re.search(r'id="manual-key">([^<]+)<', first).group(1) == re.search(
        r'id="manual-key">([^<]+)<', second
    ).group(1)
    assert "<svg" in first


def test_next_sign_in_needs_the_authenticators_code(client, ministry_user, clock):
    sign_in(client, ministry_user)
    enrol(client, ministry_user)
    clock.tick(30)  # the enrolment used this window's code: the next sign-in types the next window's
    other = new_client(ministry_user)
    assert other.get("/projects/").status_code == 302
    device = TOTPDevice.objects.get(user=ministry_user)
    response = other.post(reverse("two_factor_verify"), {"code": f"{totp(device.bin_key):06d}", "next": "/projects/"})
    assert response.status_code == 302 and response["Location"] == "/projects/"
    assert other.get("/projects/").status_code == 200


def test_a_code_is_accepted_only_once(client, ministry_user):
    sign_in(client, ministry_user)
    enrol(client, ministry_user)
    device = TOTPDevice.objects.get(user=ministry_user)
    used = f"{totp(device.bin_key):06d}"  # the enrolment just used this window's code
    other = new_client(ministry_user)
    response = other.post(reverse("two_factor_verify"), {"code": used})
    assert response.status_code == 200
    assert other.get("/projects/").status_code == 302


def test_recovery_code_works_once(client, ministry_user):
    sign_in(client, ministry_user)
    codes = enrol(client, ministry_user)
    first = new_client(ministry_user)
    response = first.post(reverse("two_factor_verify"), {"code": codes[0].upper(), "next": "/projects/"})
    assert response.status_code == 302
    assert first.get("/projects/").status_code == 200
    assert StaticToken.objects.filter(device__user=ministry_user).count() == 9
    second = new_client(ministry_user)
    response = second.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert second.get("/projects/").status_code == 302


def test_wrong_codes_are_slowed_down(client, ministry_user, clock):
    sign_in(client, ministry_user)
    enrol(client, ministry_user)
    clock.tick(30)  # a fresh code window
    other = new_client(ministry_user)
    other.post(reverse("two_factor_verify"), {"code": "000000"})
    right = {"code": f"{totp(TOTPDevice.objects.get(user=ministry_user).bin_key):06d}"}
    response = other.post(reverse("two_factor_verify"), right)
    assert response.status_code == 200  # even the right code waits out the pause after a wrong one
    assert other.get("/projects/").status_code == 302
    clock.tick(2)  # once the pause is over, the same code is accepted
    assert other.post(reverse("two_factor_verify"), right).status_code == 302
    assert other.get("/projects/").status_code == 200


@pytest.mark.parametrize("code", ["", " ", "12345", "1234567", "abc", "가나다라마바", "😀" * 6, "x" * 5000, "\x00\x01"])
def test_malformed_codes_are_refused_with_a_message(client, ministry_user, code):
    sign_in(client, ministry_user)
    enrol(client, ministry_user)
    other_session = client.session
    other_session.pop("otp_device_id")
    other_session.save()
    response = client.post(reverse("two_factor_verify"), {"code": code})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert client.get("/projects/").status_code == 302


def test_password_alone_cannot_swap_the_authenticator(client, ministry_user):
    sign_in(client, ministry_user)
    enrol(client, ministry_user)
    attacker = new_client(ministry_user)
    response = attacker.get(reverse("two_factor_setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    assert TOTPDevice.objects.filter(user=ministry_user).count() == 1


def test_new_recovery_codes_replace_the_old_ones(client, ministry_user):
    sign_in(client, ministry_user)
    old = enrol(client, ministry_user)
    response = client.post(reverse("two_factor_recovery_codes"))
    new = re.findall(r'<li class="col user-select-all">([a-z2-7]+)</li>', response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=ministry_user).values_list("token", flat=True)) == set(new)


def test_recovery_codes_cannot_be_remade_before_the_second_factor(client, ministry_user):
    sign_in(client, ministry_user)
    old = enrol(client, ministry_user)
    session = client.session
    session.pop("otp_device_id")
    session.save()
    response = client.post(reverse("two_factor_recovery_codes"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    assert set(StaticToken.objects.filter(device__user=ministry_user).values_list("token", flat=True)) == set(old)


def test_profile_shows_how_many_recovery_codes_are_left(client, ministry_user, english):
    sign_in(client, ministry_user)
    enrol(client, ministry_user)
    ministry_user.preferred_language = "en"
    ministry_user.save()
    assert "10 recovery codes left." in client.get(reverse("profile")).content.decode()


def test_verify_page_sends_only_to_this_site(client, ministry_user):
    sign_in(client, ministry_user)
    enrol(client, ministry_user)
    session = client.session
    session.pop("otp_device_id")
    session.save()
    codes = StaticToken.objects.filter(device__user=ministry_user).values_list("token", flat=True)
    response = client.post(reverse("two_factor_verify"), {"code": codes[0], "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


def test_passing_the_second_factor_gives_a_new_session_id(client, ministry_user):
    sign_in(client, ministry_user)
    before = client.session.session_key
    enrol(client, ministry_user)
    assert client.session.session_key != before
    assert client.get("/projects/").status_code == 200


def test_the_enrolment_page_and_recovery_codes_are_never_cached(client, ministry_user):
    sign_in(client, ministry_user)
    assert "no-store" in client.get(reverse("two_factor_setup"))["Cache-Control"]
    enrol(client, ministry_user)
    assert "no-store" in client.post(reverse("two_factor_recovery_codes"))["Cache-Control"]


def manual_key(client) -> bytes:
    page = client.get(reverse("two_factor_setup")).content.decode()
    return b32decode(re.search(r'id="manual-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", ""))


def test_an_enrolment_key_belongs_to_the_session_that_was_shown_it(ministry_user):
    """Someone with the password copies the key from the enrolment page and leaves; once the owner enrols in
    their own session, the copied key opens nothing."""
    attacker = new_client(ministry_user)
    copied = manual_key(attacker)
    owner = new_client(ministry_user)
    assert manual_key(owner) != copied
    enrol(owner, ministry_user)
    later = new_client(ministry_user)
    response = later.post(reverse("two_factor_verify"), {"code": f"{totp(copied, drift=1):06d}"})
    assert response.status_code == 200 and later.get("/projects/").status_code != 200


def test_an_enrolment_key_stays_on_reload_and_expires(client, ministry_user):
    sign_in(client, ministry_user)
    key = manual_key(client)
    assert manual_key(client) == key  # a reload shows the same QR code
    session = client.session
    session["two_factor_pending"]["at"] -= 10 * 60 + 1
    session.save()
    assert manual_key(client) != key
