"""The notifications' fan-out benchmark: one change that concerns 400 people (40 with ``quick``) — a milestone of a
project whose lead organization has that many members. Reports the time of the change (the request's work: the
service call and its commit) with the notifications listening and without, their ratio (target: close to 1, the
fan-out runs in a worker, not in the request), and the seconds from the change until a real Celery worker has
delivered all its notifications (medians of ``CHANGES`` changes, after one to warm the worker up).

Runs inside ``bench.run`` after ``prepare`` (Django set up on the benchmark database).
"""

from __future__ import annotations

import datetime
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from projects.models import Milestone

ROOT = Path(__file__).resolve().parents[1]
CHANGES = 15  # timed changes with and without the fan-out each (their median is reported)
SLUG, CODE = "bench-notifications", "NTF-001"  # a code seed_scale never makes


def _cast(people: int) -> Milestone:
    """An organization of ``people`` members leading a project with one milestone (made afresh each run)."""
    from members.models import Organization, Role, User
    from projects import services
    from projects.models import Milestone, Project

    _clear()
    lead = Organization.objects.create(
        slug=SLUG, name_ko="벤치마크 알림", name_en="Benchmark notifications", kind="company", sector="automotive",
        tier="member", joined_on=datetime.date(2026, 1, 1),
    )  # fmt: skip
    User.objects.bulk_create(
        User(username=f"{SLUG}-{i}", role=Role.MEMBER_VIEWER, organization=lead, email=f"{SLUG}-{i}@example.org")
        for i in range(people)
    )
    project = services.create_project(
        Project(
            code=CODE, title_ko="알림 벤치마크", title_en="Notification benchmark", area="mobility",
            lead_organization=lead, start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2030, 12, 31),
        )
    )  # fmt: skip
    milestone = Milestone.objects.create(
        project=project, title_ko="기준", title_en="Baseline", weight=10,
        baseline_date=datetime.date(2030, 12, 31), forecast_date=datetime.date(2030, 12, 31),
    )  # fmt: skip
    return milestone


def _clear() -> None:
    """Remove what ``_cast`` made (its people's notifications go with them)."""
    from members.models import Organization, User
    from projects.models import Project

    Project.objects.filter(code=CODE).delete()
    User.objects.filter(organization__slug=SLUG).delete()
    Organization.objects.filter(slug=SLUG).delete()


def _change(milestone) -> float:
    """Move the forecast a day earlier (a milestone update: it concerns the project's participants); seconds."""
    from django.db import transaction

    from projects.services import update_milestone

    milestone.refresh_from_db()
    started = time.perf_counter()
    with transaction.atomic():  # as a request: the change, its announcement, the commit (and the queueing after it)
        update_milestone(
            milestone, forecast_date=milestone.forecast_date - datetime.timedelta(days=1), status=milestone.status,
            completed_date=None, reason="", expected_version=milestone.version,
        )  # fmt: skip
    return time.perf_counter() - started


def _told(milestone, since: datetime.datetime) -> int:
    from notifications.models import Notification

    return Notification.objects.filter(
        kind="milestone.updated", subject_id=str(milestone.pk), occurred_at__gte=since
    ).count()


def _wait_for(condition, what: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"notification fan-out: {what} within {timeout:.0f} s")
        time.sleep(0.05)


def measure(env: dict, *, quick: bool) -> dict:
    """With one ``celery worker`` (concurrency 2, every queue, as ``make run`` starts it)."""
    from django.conf import settings
    from django.utils import timezone

    from core.events import happened
    from notifications import fanout

    people = 40 if quick else 400
    milestone = _cast(people)
    # the benchmark's own commands, as lists, no shell (bandit B603)
    worker = subprocess.Popen(  # nosec B603
        [sys.executable, "-m", "celery", "-A", "alliance_portal", "worker", "-Q", settings.WORKER_QUEUES,
         "--concurrency", "2", "-l", "WARNING"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        since = timezone.now()
        _change(milestone)  # warm-up: the worker started, connected and imported
        _wait_for(lambda: _told(milestone, since) == people, f"{people} notifications were not delivered")
        with_fan_out, without, delivered = [], [], []
        for _i in range(CHANGES):  # interleaved, so drift hits both alike; the worker idle while a change is timed
            since, started = timezone.now(), time.perf_counter()
            with_fan_out.append(_change(milestone))
            _wait_for(lambda since=since: _told(milestone, since) == people, "a fan-out did not finish")
            delivered.append(time.perf_counter() - started)
            happened.disconnect(dispatch_uid="notifications.heard")
            try:
                without.append(_change(milestone))
            finally:
                happened.connect(fanout.heard, dispatch_uid="notifications.heard")
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        _clear()
    with_ms, without_ms = statistics.median(with_fan_out) * 1000, statistics.median(without) * 1000
    return {
        "people": people,
        "change_ms_with_fan_out": round(with_ms, 2),
        "change_ms_without": round(without_ms, 2),
        "ratio_with_to_without": round(with_ms / without_ms, 2),
        "seconds_until_all_delivered": round(statistics.median(delivered), 2),
    }
