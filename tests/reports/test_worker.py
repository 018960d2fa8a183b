"""The weekly report through a real broker and a real ``celery worker`` process, including a worker killed mid-job."""

import datetime
import json
import time
import uuid
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from alliance_portal import request_id
from members.models import Role
from reports import rendering
from reports.models import JobRun, Report, Subscription
from reports.tasks import snapshot, weekly_report
from tests import factories
from tests.processes import VISIBILITY_TIMEOUT, Worker, wait_until
from tests.reports.stored import stored_file, stored_names

pytestmark = pytest.mark.services


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_report_leaves_exactly_one_complete_report_after_restart(worker_env, tmp_path):
    subscriber = factories.UserFactory(role=Role.MINISTRY_ADMIN, organization=None)
    Subscription.objects.create(user=subscriber)
    factories.MilestoneFactory(
        project=factories.ProjectFactory(code="MOB-001"), completed_date=datetime.date(2026, 11, 24), status="done"
    )
    queue, log = f"test-{uuid.uuid4().hex[:8]}", tmp_path / "worker.log"
    marker = Path(worker_env["SLOW_MARKER"])

    slow = Worker(worker_env, queue, "tests.reports.slow_worker", log)
    try:
        task = weekly_report.apply_async(kwargs={"period": "2026-W48"}, queue=queue)
        wait_until(marker.exists, 90, "the worker to start writing the PDF", log)
        sent_at = time.monotonic()
        assert Report.objects.get().state == Report.State.BUILDING
        assert JobRun.objects.get(task_id=task.id).state == JobRun.State.RUNNING
        slow.kill()
    finally:
        slow.stop()
    assert Report.objects.get().state == Report.State.BUILDING  # the killed transaction left nothing half-done
    assert not list((tmp_path / "mail").glob("*"))

    time.sleep(max(0.0, VISIBILITY_TIMEOUT + 1 - (time.monotonic() - sent_at)))
    restarted = Worker(worker_env, queue, "alliance_portal", log)
    try:
        run = wait_until(
            lambda: JobRun.objects.filter(task_id=task.id, state=JobRun.State.SUCCEEDED).first(),
            120, "the redelivered job to finish", log,
        )  # fmt: skip
    finally:
        restarted.stop()

    assert run.attempts == 2
    report = Report.objects.get()
    assert (report.kind, report.period, report.state) == ("weekly", "2026-W48", Report.State.READY)
    _folders, files = rendering.storage().listdir(f"{report.kind}/{report.period}")
    assert sorted(files) == sorted(name.rsplit("/", 1)[1] for name in stored_names(report))  # no temporary file
    assert len(PdfReader(stored_file(report, "pdf", "ko")).pages) >= 1
    assert openpyxl.load_workbook(stored_file(report, "xlsx", "en"))["Milestones completed"]["A2"].value == "MOB-001"
    mails = [p.read_text() for p in (tmp_path / "mail").iterdir()]
    assert len(mails) == 1 and subscriber.email in mails[0]


@pytest.mark.django_db(transaction=True)
def test_a_job_logs_with_the_request_id_of_the_request_that_queued_it(worker_env, tmp_path):
    """JSON log lines from a real worker carry the id of the request that sent the task."""
    queue, log = f"test-{uuid.uuid4().hex[:8]}", tmp_path / "worker.log"
    worker = Worker({**worker_env, "LOG_FORMAT": "json"}, queue, "alliance_portal", log)
    token = request_id.current.set("trace-4f2a9c01")
    try:
        task = snapshot.apply_async(kwargs={"period": "2026-11-27"}, queue=queue)
    finally:
        request_id.current.reset(token)
    try:
        wait_until(
            lambda: JobRun.objects.filter(task_id=task.id, state=JobRun.State.SUCCEEDED).exists(),
            90, "the snapshot job to finish", log,
        )  # fmt: skip
    finally:
        worker.stop()
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    job_lines = [line for line in lines if line.get("logger") == "reports.tasks"]
    assert [line["message"].split()[-1] for line in job_lines][:1] == ["started"]
    assert job_lines and {line["request_id"] for line in job_lines} == {"trace-4f2a9c01"}
    assert all({"time", "level", "logger", "request_id", "message"} <= set(line) for line in lines)
