"""Nothing lost, nothing delivered twice under one id: a real ``celery worker`` SIGKILLed while a delivery is in
flight, and Redis down when a change is saved."""

import datetime
import threading

import pytest
from django.conf import settings
from django.utils import timezone

from members.models import Role
from projects import services as project_services
from tests import factories
from tests.processes import Worker, wait_until
from webhooks import outbox, sending, services
from webhooks.models import Delivery, Endpoint, Event
from webhooks.tasks import queue_send

WEBHOOK_ENV = {
    "WEBHOOK_ALLOW_HTTP": "1",
    "WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8",
    "WEBHOOK_PORTS": "any",
    "WEBHOOK_LEASE_SECONDS": "2",
}


def subscribed_milestones(url: str, count: int):
    """A ministry administrator's endpoint hearing of slipped milestones, and ``count`` milestones."""
    owner = factories.UserFactory(role=Role.MINISTRY_ADMIN, organization=None)
    endpoint = Endpoint(owner=owner, url=url, event_types=["milestone.slipped"])
    services.create_endpoint(endpoint)
    project = factories.ProjectFactory()
    return endpoint, [factories.MilestoneFactory(project=project) for _ in range(count)]


def slip(milestone) -> None:
    project_services.update_milestone(
        milestone, forecast_date=milestone.forecast_date + datetime.timedelta(days=7), status=milestone.status,
        completed_date=None, reason="late", expected_version=milestone.version,
    )  # fmt: skip


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_loses_nothing_and_repeats_only_the_same_webhook_id(worker_env, receiver, tmp_path):
    in_flight, release = threading.Event(), threading.Event()

    def answer(request):
        if not in_flight.is_set():  # the first request hangs until the worker sending it is dead
            in_flight.set()
            release.wait(60)
        return 204

    receiver.answer = answer
    endpoint, milestones = subscribed_milestones(receiver.url, 3)
    log = tmp_path / "worker.log"
    worker = Worker({**worker_env, **WEBHOOK_ENV}, "webhooks", "alliance_portal", log)
    try:
        slip(milestones[0])  # committed: the outbox row, then the tasks
        assert in_flight.wait(90), log.read_text()[-4000:]
        worker.kill()
    finally:
        worker.stop()
    release.set()
    for milestone in milestones[1:]:  # while no worker runs
        slip(milestone)
    assert Delivery.objects.filter(state=Delivery.State.DELIVERED).count() == 0

    restarted = Worker({**worker_env, **WEBHOOK_ENV}, "webhooks", "alliance_portal", log)
    try:
        wait_until(
            lambda: Endpoint.objects.filter(pk=endpoint.pk, leased_until__lt=timezone.now()).exists()
            or not Endpoint.objects.filter(pk=endpoint.pk, leased_until__isnull=False).exists(),
            30, "the dead sender's lease to run out", log,
        )  # fmt: skip
        outbox.sweep()  # what beat does every minute
        queue_send(endpoint.pk)
        wait_until(
            lambda: Delivery.objects.filter(endpoint=endpoint, state=Delivery.State.DELIVERED).count() == 3,
            90, "every delivery to be delivered", log,
        )  # fmt: skip
    finally:
        restarted.stop()

    deliveries = Delivery.objects.filter(endpoint=endpoint).select_related("event")
    assert deliveries.count() == Event.objects.filter(type="milestone.slipped").count() == 3  # one per event
    by_id = {}
    for request in receiver.received:
        by_id.setdefault(request.headers["webhook-id"], set()).add(request.body)
    assert sorted(by_id) == sorted(d.event.message_id for d in deliveries)
    assert all(len(bodies) == 1 for bodies in by_id.values())  # a repeat is the same message, to de-duplicate
    first_arrivals = list(dict.fromkeys(r.payload["sequence"] for r in receiver.received))
    assert first_arrivals == [1, 2, 3]


@pytest.mark.embedded_only
@pytest.mark.django_db(transaction=True)
def test_a_change_saved_while_redis_is_down_is_delivered_once_it_returns(receiver, caplog):
    endpoint, (milestone,) = subscribed_milestones(receiver.url, 1)
    settings.EMBEDDED_SERVICES.stop_redis()
    try:
        slip(milestone)  # saved, although its tasks cannot be queued
    finally:
        settings.EMBEDDED_SERVICES.start_redis()
    assert "left to the webhook sweep" in caplog.text
    assert Event.objects.get(type="milestone.slipped").dispatched_at is None

    _dispatched, waiting = outbox.sweep()
    assert waiting == [endpoint.pk]
    assert sending.send_pending(endpoint.pk) == 1
    assert outbox.sweep() == (0, []) and sending.send_pending(endpoint.pk) == 0  # sent once only
    assert len(receiver.received) == 1
