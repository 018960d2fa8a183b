"""`make run` from the outside: it serves the login page, and Ctrl-C leaves nothing running or listening."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.processes import free_port

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.embedded_only


def start(data_dir: Path, port: int, target: str = "run", **extra: str) -> tuple[subprocess.Popen, Path]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(DATA_DIR=str(data_dir), PORT=str(port), **extra)
    log = data_dir.parent / f"run-{time.monotonic_ns()}.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", target], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,  # like a terminal: Ctrl-C reaches make and everything in its group
        )  # fmt: skip
    return process, log


def wait_for(log: Path, pattern: str, process: subprocess.Popen, timeout: float = 180) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text()
        if re.search(pattern, text):
            return text
        assert process.poll() is None, f"make run exited early:\n{text[-3000:]}"
        time.sleep(0.5)
    raise AssertionError(f"no {pattern!r} within {timeout} s:\n{log.read_text()[-3000:]}")


def processes_using(data_dir: Path) -> list[str]:
    found = []
    for process in psutil.process_iter(["cmdline", "environ"]):
        try:
            cmdline = " ".join(process.info["cmdline"] or [])
            environ = process.info["environ"] or {}
        except psutil.Error:
            continue
        if str(data_dir) in cmdline or environ.get("DATA_DIR") == str(data_dir):
            found.append(f"{process.pid} {cmdline}")
    return found


def interrupt_and_wait(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGINT)
    process.wait(90)


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


def ready(port: int, timeout: float = 60) -> bool:
    """Whether /readyz answers 200 within ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return get(f"http://127.0.0.1:{port}/readyz")[0] == 200
        except OSError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.5)


def assert_stopped_cleanly(port: int, data_dir: Path) -> None:
    """Nothing listens on the port any more and no process uses the data folder."""
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2)
    assert processes_using(data_dir) == []


def test_make_run_serves_the_portal_stops_cleanly_on_ctrl_c_and_reuses_its_data(tmp_path):
    """The first run makes the data (the demo's sign-ins printed) and starts the web server, the worker and beat;
    Ctrl-C leaves nothing behind; the next run on the same data serves without seeding again."""
    data_dir, port = tmp_path / "data", free_port()
    process, log = start(data_dir, port)
    try:
        output = wait_for(log, r"serving on http://127\.0\.0\.1:\d+/", process)
        assert "created 40 projects" in output
        assert "ministry" in output and "alliance-demo-2026" in output
        status, body = get(f"http://127.0.0.1:{port}/accounts/login/")
        assert status == 200 and 'name="username"' in body
        wait_for(log, r"celery@\S+ ready", process)  # the worker is up too
        assert ready(port)
        wait_for(log, r"beat: Starting", process)  # and beat
    finally:
        interrupt_and_wait(process)
    assert_stopped_cleanly(port, data_dir)

    port = free_port()
    process, log = start(data_dir, port)
    try:
        output = wait_for(log, r"serving on http://127\.0\.0\.1:\d+/", process)
        assert "created 40 projects" not in output
        assert get(f"http://127.0.0.1:{port}/healthz")[0] == 200
    finally:
        interrupt_and_wait(process)
    assert_stopped_cleanly(port, data_dir)
