"""PostgreSQL restarted under the running portal: the next requests succeed (``CONN_HEALTH_CHECKS`` notices the
dead connection and opens a new one) instead of failing with "server closed the connection"."""

import json
import urllib.request

import pytest
from django.conf import settings
from django.db import connections

from members.tokens import issue_token
from tests import factories

pytestmark = [pytest.mark.embedded_only, pytest.mark.django_db(transaction=True)]


def get(url: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.load(response)


def test_requests_succeed_after_postgresql_restarts(live_server):
    factories.ProjectFactory.create_batch(3)
    _record, token = issue_token(factories.UserFactory(), name="sync", scopes=["read"])
    url = f"{live_server.url}/api/v1/projects/"
    assert get(url, token)[0] == 200  # the server's connection is open (CONN_MAX_AGE keeps it)

    settings.EMBEDDED_SERVICES.stop_postgres()
    settings.EMBEDDED_SERVICES.start_postgres()
    connections.close_all()  # this test's own connection died too

    status, body = get(url, token)
    assert status == 200 and len(body["results"]) == 3
