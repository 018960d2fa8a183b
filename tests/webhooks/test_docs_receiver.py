"""The receiver in docs/api.md (docs/examples/webhook_receiver.py) verifies real deliveries with the standardwebhooks
package, refuses a forged one and prints a repeated delivery once."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from members.models import Role
from projects import services as project_services
from tests import factories
from tests.processes import free_port
from webhooks import outbox, sending, services, transport
from webhooks.models import Delivery, Endpoint

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "webhook_receiver.py"


@pytest.mark.django_db
def test_the_documented_receiver_verifies_real_deliveries(loopback_allowed):
    """On the real clock: the library refuses timestamps more than five minutes from its own."""
    port = free_port()
    owner = factories.UserFactory(role=Role.PARTNER, organization=None)
    project = factories.ProjectFactory(visibility="open")
    milestones = factories.MilestoneFactory.create_batch(2, project=project)
    endpoint = Endpoint(owner=owner, url=f"http://127.0.0.1:{port}/hooks", event_types=["milestone.slipped"])
    secret = services.create_endpoint(endpoint)
    env = {**os.environ, "WEBHOOK_SECRET": secret, "PORT": str(port)}
    receiver = subprocess.Popen([sys.executable, str(EXAMPLE), "2"], env=env, stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while transport.post(endpoint.url, b"{}", {}).status != 400:  # up, and refusing what is not signed
            assert time.monotonic() < deadline and receiver.poll() is None, "the receiver did not start"
        for milestone in milestones:
            project_services.update_milestone(
                milestone, forecast_date=milestone.forecast_date + datetime.timedelta(days=9), status=milestone.status,
                completed_date=milestone.completed_date, reason="late", expected_version=milestone.version,
            )  # fmt: skip
            outbox.sweep()
            assert sending.send_pending(endpoint.pk) == 1
            if milestone == milestones[0]:  # the first again: the receiver must print it once only
                services.redeliver(Delivery.objects.get(endpoint=endpoint))
                assert sending.send_pending(endpoint.pk) == 1
        out, _err = receiver.communicate(timeout=30)
    finally:
        receiver.kill()
    lines = out.splitlines()
    assert [line.split()[:2] for line in lines] == [["milestone.slipped", "1"], ["milestone.slipped", "2"]]
    assert Delivery.objects.filter(endpoint=endpoint, state=Delivery.State.DELIVERED).count() == 2
