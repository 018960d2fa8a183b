"""An announced event is kept (in the change's transaction) until its fan-out runs, so a broker that is down when
the change commits loses nothing: the sweep queues the fan-out again. Changes made as history tell nobody."""

import datetime

from django.db import transaction
from kombu.exceptions import OperationalError

from core.events import EventType, announce, as_history
from notifications import fanout, tasks
from notifications.models import Notification, PendingFanOut
from webhooks.models import Event


def updates_pending():
    """The fan-outs pending of the project's update (the fixture's project creation has its own)."""
    return PendingFanOut.objects.filter(kind=EventType.PROJECT_UPDATED)


def queued_into(calls: list):
    """A broker that takes the task (recording its arguments)."""
    return lambda args=None, **kwargs: calls.append(args)


def broker_down(args=None, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_an_event_is_pending_until_its_fan_out_runs(cast, django_capture_on_commit_callbacks, monkeypatch):
    project, people = cast
    queued = []
    monkeypatch.setattr(tasks.fan_out, "apply_async", queued_into(queued))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        announce(EventType.PROJECT_UPDATED, project)
    assert updates_pending().count() == 1 and len(queued) == 1
    tasks.fan_out(*queued[0])  # the worker
    assert not updates_pending().exists()
    assert Notification.objects.filter(kind=EventType.PROJECT_UPDATED, recipient=people["author"]).exists()


def test_a_change_rolled_back_leaves_nothing_pending(cast, monkeypatch):
    project, _people = cast
    monkeypatch.setattr(tasks.fan_out, "apply_async", broker_down)
    try:
        with transaction.atomic():
            announce(EventType.PROJECT_UPDATED, project)
            raise RuntimeError("the change fails")
    except RuntimeError:
        pass
    assert not updates_pending().exists()


def test_the_sweep_queues_again_a_fan_out_the_broker_refused(cast, django_capture_on_commit_callbacks, monkeypatch):
    project, people = cast
    monkeypatch.setattr(tasks.fan_out, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        announce(EventType.PROJECT_UPDATED, project)  # the change stands; its fan-out was not sent
    pending = updates_pending().get()
    queued = []
    monkeypatch.setattr(tasks.fan_out, "apply_async", queued_into(queued))  # the broker is back
    assert fanout.sweep(pending.occurred_at + datetime.timedelta(minutes=1)) == 0  # it may still be on its way
    PendingFanOut.objects.exclude(pk=pending.pk).delete()  # (the fixture's project creation, told already)
    assert fanout.sweep(pending.occurred_at + fanout.SWEPT_AFTER + datetime.timedelta(seconds=1)) == 1
    tasks.fan_out(*queued[0])
    assert Notification.objects.filter(kind=EventType.PROJECT_UPDATED, recipient=people["author"]).exists()
    assert not PendingFanOut.objects.exists()


def test_a_fan_out_run_twice_tells_each_person_once(cast, django_capture_on_commit_callbacks, monkeypatch):
    project, _people = cast
    queued = []
    monkeypatch.setattr(tasks.fan_out, "apply_async", queued_into(queued))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        announce(EventType.PROJECT_UPDATED, project)
    told = tasks.fan_out(*queued[0])
    assert told > 0 and tasks.fan_out(*queued[0]) == 0
    assert Notification.objects.count() == told


def test_changes_made_as_history_are_recorded_but_tell_nobody(cast, django_capture_on_commit_callbacks, monkeypatch):
    project, _people = cast
    queued = []
    monkeypatch.setattr(tasks.fan_out, "apply_async", queued_into(queued))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic(), as_history():
        announce(EventType.PROJECT_UPDATED, project)
    assert queued == [] and not updates_pending().exists()
    assert Event.objects.filter(type=EventType.PROJECT_UPDATED, subject_id=str(project.pk)).exists()  # the outbox's
