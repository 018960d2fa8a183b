"""Webhook sending has a queue and a worker of its own (compose's ``webhook-worker``): with 30 endpoints that never
answer, each holding the webhooks' worker for its whole timeout, a report job still runs at once on the other."""

import time

import pytest

from members.models import Role
from reports.models import JobRun
from reports.tasks import snapshot
from tests import factories
from tests.processes import Worker, wait_until
from tests.webhooks.receiver import Hanging
from tests.webhooks.test_worker import WEBHOOK_ENV
from webhooks import services
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.services
HANGING_ENDPOINTS = 30
ON_TIME = 30  # seconds: a snapshot takes well under one; 30 hanging endpoints hold the webhooks' worker for 300


@pytest.fixture
def hanging(loopback_allowed):
    started = Hanging()
    yield started
    started.stop()


@pytest.mark.django_db(transaction=True)
def test_thirty_hanging_endpoints_never_delay_a_report_job(worker_env, hanging, tmp_path, settings):
    settings.WEBHOOK_MAX_ENDPOINTS = HANGING_ENDPOINTS
    owner = factories.UserFactory(role=Role.MINISTRY_ADMIN, organization=None)
    endpoints = []
    for number in range(HANGING_ENDPOINTS):
        endpoint = Endpoint(owner=owner, url=hanging.url(f"hook-{number}"), event_types=["project.updated"])
        services.create_endpoint(endpoint)
        endpoints.append(endpoint)
    env, log = {**worker_env, **WEBHOOK_ENV}, tmp_path / "worker.log"
    queues = ",".join(q for q in settings.WORKER_QUEUES.split(",") if q != "webhooks")
    webhook_worker = Worker(env, "webhooks", "alliance_portal", tmp_path / "webhook-worker.log")
    worker = Worker(env, queues, "alliance_portal", log)  # as compose runs them
    try:
        for endpoint in endpoints:
            services.send_test_event(endpoint)  # committed: its dispatch and send are queued
        assert hanging.arrived.acquire(timeout=90), (tmp_path / "webhook-worker.log").read_text()[-4000:]
        queued = time.monotonic()
        task = snapshot.apply_async(kwargs={"period": "2026-11-27"})  # routed as the portal routes it
        wait_until(
            lambda: JobRun.objects.filter(task_id=task.id, state=JobRun.State.SUCCEEDED).exists(),
            ON_TIME, "the snapshot job to finish while the webhooks hang", log,
        )  # fmt: skip
        assert time.monotonic() - queued < ON_TIME
        assert not Delivery.objects.filter(state=Delivery.State.DELIVERED).exists()  # the receivers still hang
    finally:
        hanging.released.set()
        webhook_worker.stop()
        worker.stop()
