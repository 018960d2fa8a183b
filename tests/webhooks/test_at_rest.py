"""What webhooks keep: signing secrets sealed in the database (Fernet, rotatable keys, existing ones sealed by the
migration), URLs masked in the audit log, a rotated-out secret signing for an hour only."""

import datetime
import importlib
import types

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from freezegun import freeze_time

from core import sealing
from members.models import AuditEvent
from webhooks import services, signing
from webhooks.models import Endpoint

pytestmark = pytest.mark.django_db
SECRET_URL = "https://hooks.example.org/T0k3nInThePath/in?key=abc123"


def stored(endpoint: Endpoint) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret, previous_secret FROM webhooks_endpoint WHERE id = %s", [endpoint.pk])
        return cursor.fetchone()


def new_endpoint(owner) -> tuple[Endpoint, str]:
    endpoint = Endpoint(owner=owner, url=SECRET_URL, event_types=["project.updated"])
    return endpoint, services.create_endpoint(endpoint)


def test_signing_secrets_are_stored_sealed_and_read_back_in_clear(users):
    endpoint, secret = new_endpoint(users["member"])
    new = services.rotate_secret(endpoint)
    column, previous_column = stored(endpoint)
    for value in (column, previous_column):
        assert value.startswith("gAAAA") and signing.PREFIX not in value
    assert secret not in previous_column and new not in column
    fresh = Endpoint.objects.get(pk=endpoint.pk)
    assert (fresh.secret, fresh.previous_secret) == (new, secret)


def test_a_new_key_put_first_seals_while_the_old_one_still_opens(users, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    endpoint, secret = new_endpoint(users["member"])
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert Endpoint.objects.get(pk=endpoint.pk).secret == secret  # sealed with the old key, opened
    Endpoint.objects.get(pk=endpoint.pk).save()  # saved again: sealed with the new key
    assert Fernet(new).decrypt(stored(endpoint)[0].encode()).decode() == secret


def test_the_migration_seals_the_secrets_stored_in_clear(users):
    endpoint, secret = new_endpoint(users["member"])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE webhooks_endpoint SET secret = %s WHERE id = %s", [secret, endpoint.pk])  # as before
    migration = importlib.import_module("webhooks.migrations.0004_seal_signing_secrets")
    migration.seal_secrets(None, types.SimpleNamespace(connection=connection))
    assert stored(endpoint)[0].startswith("gAAAA") and sealing.unseal(stored(endpoint)[0]) == secret
    assert Endpoint.objects.get(pk=endpoint.pk).secret == secret


def test_the_audit_log_shows_a_webhook_url_as_scheme_and_host_only(users):
    endpoint, _secret = new_endpoint(users["member"])
    services.send_test_event(endpoint, by=users["member"])
    services.switch_off(endpoint, by=users["ministry"])
    subjects = list(AuditEvent.objects.values_list("subject", flat=True))
    assert any("https://hooks.example.org/…" in s for s in subjects)
    assert not any("T0k3n" in s or "abc123" in s for s in subjects)


def test_a_rotated_out_secret_stops_signing_after_an_hour(users):
    with freeze_time("2026-12-01 09:00:00") as clock:
        endpoint, old = new_endpoint(users["member"])
        new = services.rotate_secret(endpoint)
        assert endpoint.secrets_in_use(datetime.datetime.now(tz=datetime.UTC)) == [new, old]
        clock.tick(datetime.timedelta(hours=1, seconds=1))
        assert endpoint.secrets_in_use(datetime.datetime.now(tz=datetime.UTC)) == [new]
