"""Every response names its request id, and every log line written while serving it carries the same id."""

import json
import re

import pytest

from tests.processes import run_django

pytestmark = pytest.mark.django_db

SCRIPT = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()
response = Client().get("/no-such-page/", HTTP_X_REQUEST_ID="lb-0c9e77a1f3")
print("ID", response["X-Request-ID"], flush=True)
"""


def test_an_id_is_made_or_taken_from_the_proxy_and_returned(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's address
    made = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made) and client.get("/healthz")["X-Request-ID"] != made
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-0c9e77a1f3")["X-Request-ID"] == "lb-0c9e77a1f3"
    for forged in ("<script>alert(1)</script>", "x" * 200, "short", "a b c d e f g h"):
        assert re.fullmatch(r"[0-9a-f]{32}", client.get("/healthz", HTTP_X_REQUEST_ID=forged)["X-Request-ID"])


def test_log_lines_are_json_with_the_request_id():
    result = run_django(["-c", SCRIPT], LOG_FORMAT="json", TRUSTED_PROXIES="127.0.0.0/8")
    assert result.returncode == 0, result.stderr
    assert "ID lb-0c9e77a1f3" in result.stdout
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found and not_found[0]["request_id"] == "lb-0c9e77a1f3" and not_found[0]["level"] == "WARNING"
    assert "/no-such-page/" in not_found[0]["message"]


def test_an_id_offered_by_anyone_but_a_trusted_proxy_is_not_taken(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-0c9e77a1f3", REMOTE_ADDR="198.51.100.7")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
