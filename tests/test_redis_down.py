"""Redis down: pages and the API still serve (the cache and the throttles fail open, logged); /readyz says 503;
jobs asked for meanwhile run once it is back."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from members.models import Role
from members.tokens import issue_token
from reports.models import JobRun
from reports.tasks import send_unsent_jobs
from tests import factories
from tests.processes import Worker, wait_until

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


@pytest.mark.django_db(transaction=True)
def test_a_job_asked_for_while_redis_is_down_runs_once_it_returns(client, worker_env, tmp_path, caplog):
    """The request succeeds and the run stays queued, unsent; once Redis is back the every-minute sender hands it
    to the broker and a real worker runs it."""
    admin = factories.UserFactory(role=Role.MINISTRY_ADMIN, organization=None)
    client.force_login(admin)
    settings.EMBEDDED_SERVICES.stop_redis()
    try:
        response = client.post("/reports/generate/", {"job": "snapshot", "period": ""})
    finally:
        settings.EMBEDDED_SERVICES.start_redis()
    assert response.status_code == 302
    run = JobRun.objects.get(requested_by=admin)
    assert (run.state, run.sent_at) == (JobRun.State.QUEUED, None)
    assert "stays queued until it returns" in caplog.text

    JobRun.objects.filter(pk=run.pk).update(queued_at=timezone.now() - datetime.timedelta(minutes=2))
    assert send_unsent_jobs() == 1
    assert send_unsent_jobs() == 0  # sent once only
    worker = Worker(worker_env, settings.WORKER_QUEUES, "alliance_portal", tmp_path / "worker.log")
    try:
        wait_until(
            lambda: JobRun.objects.filter(pk=run.pk, state=JobRun.State.SUCCEEDED).exists(),
            90, "the run to succeed", tmp_path / "worker.log",
        )  # fmt: skip
    finally:
        worker.stop()
    assert JobRun.objects.get(pk=run.pk).attempts == 1
