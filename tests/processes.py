"""Running the portal's code in a process of its own, against the test database (settings are read at start-up
there, as in a deployment)."""

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
VISIBILITY_TIMEOUT = 3  # seconds: how soon a restarted worker takes back what a dead one held (worker_env)


def free_port() -> int:
    """A port for a server a test starts in another process, which binds it itself some time later.

    Not one the kernel picked (``bind(("", 0))`` then close): that port is in the ephemeral range, which the kernel
    hands out again at once to other binds and to outgoing connections (a database, a browser), so the server could
    find it taken. This one is drawn at random from below that range (which the kernel never hands out), and is
    free now; two test runs drawing the same port at the same moment is the remaining, small, chance."""
    with open("/proc/sys/net/ipv4/ip_local_port_range") as ports:
        lowest_ephemeral = int(ports.read().split()[0])
    draw = random.Random()  # not the tests' seeded random
    for _attempt in range(100):
        port = draw.randrange(20000, min(lowest_ephemeral, 32768))
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")


def database_url() -> str:
    """The URL of the test database, on the configured server or the embedded one (running for the session)."""
    database = connection.settings_dict
    if settings.DATABASE_URL:
        return urlsplit(settings.DATABASE_URL)._replace(path="/" + database["NAME"]).geturl()
    return f"postgres://{database['USER']}@/{database['NAME']}?host={settings.EMBEDDED_SERVICES.postgres_host()}"


def run_django(
    args: list[str], settings: str = "alliance_portal.settings.local", **env: str
) -> subprocess.CompletedProcess:
    """``python <args>`` in the repository with the test database and the given settings and environment."""
    environment = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": settings, **env}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def worker_environment(tmp_path: Path) -> dict:
    """The environment of a ``celery worker`` process on the test database and broker (``worker_env``)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=database_url(),
        REDIS_URL=settings.REDIS_URL,
        CACHE_URL=settings.CACHE_URL,
        DATA_DIR=str(settings.DATA_DIR),
        REPORTS_DIR=str(settings.REPORTS_DIR),
        OPEN_DATA_DIR=str(settings.OPEN_DATA_DIR),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        SLOW_MARKER=str(tmp_path / "pdf-started"),
    )
    return env


class Worker:
    """A ``celery worker`` on a queue of its own, in its own process group (so a SIGKILL takes its pool too)."""

    def __init__(self, env: dict, queue: str, app: str, log: Path):
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", app, "worker", "-Q", queue, "--concurrency", "1", "-l", "INFO"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def wait_until(condition, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}; worker log:\n{log.read_text()[-8000:]}")


@contextlib.contextmanager
def pgbouncer(pool_size: int) -> Iterator[int]:
    """A real PgBouncer (Debian's package) in transaction mode in front of the test database's server, with
    ``pool_size`` server connections per database and user; yields the port it listens on (127.0.0.1, any user, no
    password)."""
    database = connection.settings_dict
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    folder.chmod(0o755)  # PgBouncer, run as the database's user, must read its configuration
    port = free_port()
    host = database["HOST"] or "127.0.0.1"
    (folder / "pgbouncer.ini").write_text(
        f"[databases]\n* = host={host} port={database['PORT'] or 5432} user={database['USER']}\n"
        f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\nauth_type = any\n"
        f"pool_mode = transaction\ndefault_pool_size = {pool_size}\nmax_client_conn = 100\n"
        "ignore_startup_parameters = extra_float_digits,options\n"
    )
    (folder / "pgbouncer.ini").chmod(0o644)
    # as root, PgBouncer must name a user: the one owning the embedded server's socket folder, else postgres
    runs_as = Path(host).owner() if host.startswith("/") else "postgres"
    as_user = ["-u", runs_as] if os.geteuid() == 0 else []
    log = (folder / "stderr").open("w")
    command = [shutil.which("pgbouncer") or "/usr/sbin/pgbouncer", *as_user, str(folder / "pgbouncer.ini")]
    process = subprocess.Popen(command, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 20
        while True:  # until it listens (or has died, saying why)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, (folder / "stderr").read_text()
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(10)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)
