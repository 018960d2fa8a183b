"""The client's address behind the TLS proxy: X-Forwarded-For counts only from a trusted proxy (TRUSTED_PROXIES),
for the sign-in lockout and the audit log alike."""

import pytest

from members.models import AuditEvent

PROXY = "10.0.0.5"
pytestmark = pytest.mark.django_db


def fail(client, username: str, **meta):
    return client.post("/accounts/login/", {"username": username, "password": "wrong"}, **meta)


def sign_in(client, username: str, **meta):
    return client.post("/accounts/login/", {"username": username, "password": "alliance-demo-2026"}, **meta)


def test_a_forwarded_address_from_an_untrusted_connection_is_ignored(client, users, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for n in range(5):  # a different forged client each time, all from one connection
        fail(client, "viewer", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    failures = AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN_FAILED, username="viewer")
    assert set(failures.values_list("ip_address", flat=True)) == {"198.51.100.9"}
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOCKED_OUT, ip_address="198.51.100.9").exists()
    assert sign_in(client, "viewer", REMOTE_ADDR="198.51.100.9").status_code == 429  # locked, header or not


def test_behind_a_trusted_proxy_two_clients_lock_out_separately(client, users, settings):
    settings.TRUSTED_PROXIES = [PROXY, "10.1.0.0/16"]
    for _attempt in range(5):
        fail(client, "viewer", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1, 10.1.2.3")
    assert sign_in(client, "viewer", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    other = sign_in(client, "viewer", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert other.status_code == 302  # the other client is not locked out
    failures = AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN_FAILED, username="viewer")
    assert set(failures.values_list("ip_address", flat=True)) == {"203.0.113.1"}


def test_a_malformed_forwarded_chain_counts_as_the_connection(client, users, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    fail(client, "viewer", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN_FAILED).get().ip_address == PROXY
