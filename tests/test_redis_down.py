"""Redis down: pages and the API still serve (the cache and the throttles fail open, logged); /readyz says 503."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from members.tokens import issue_token

pytestmark = [pytest.mark.django_db, pytest.mark.embedded_only]


@pytest.fixture
def redis_down():
    settings.EMBEDDED_SERVICES.stop_redis()
    yield
    settings.EMBEDDED_SERVICES.start_redis()


def test_pages_and_api_serve_while_redis_is_down(client, users, redis_down, caplog):
    _record, token = issue_token(users["partner"], name="sync", scopes=["read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.force_login(users["ministry"])

    assert api.get("/api/v1/projects/").status_code == 200
    assert APIClient().get("/api/v1/projects/").status_code == 401  # anonymous: still refused, not throttled away
    assert client.get("/").status_code == 200  # the dashboard computes its figures directly
    assert client.get("/projects/").status_code == 200
    assert client.get("/readyz").status_code == 503
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert "throttling skipped" in messages and "portfolio cache is unavailable" in messages
