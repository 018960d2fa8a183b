"""``make run`` / ``make serve`` / ``make services``: start the services, migrate, seed, then the web server, worker
and beat. ``make run`` is for development (``runserver``, DEBUG on, the demo seeded); ``make serve`` is production-like
(``alliance_portal.settings.production`` settings, static files collected, gunicorn with ``runtime/gunicorn.conf.py``,
no demo data).

Each child runs in its own process group. SIGINT or SIGTERM (Ctrl-C) is forwarded to every group; after a grace
period whatever is left is killed, and finally this process detaches from the embedded services, which stops
them when nobody else uses them. The children's process groups are recorded in ``DATA_DIR/children.json`` so a
start after a crash can end leftovers first.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import django
import psutil

GRACE_SECONDS = 15


def _children_file() -> Path:
    from django.conf import settings

    return settings.DATA_DIR / "children.json"


def _end_groups(pgids: list[int], sig: int = signal.SIGTERM) -> None:
    for pgid in pgids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, sig)


def _end_leftovers() -> None:
    """End children of an earlier supervisor that died without cleaning up (only our own virtualenv's)."""
    path = _children_file()
    try:
        pgids = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return
    ours = [
        pgid for pgid in pgids if psutil.pid_exists(pgid) and sys.prefix in " ".join(psutil.Process(pgid).cmdline())
    ]
    _end_groups(ours, signal.SIGKILL)
    path.unlink(missing_ok=True)


def _start(commands: dict[str, list[str]]) -> dict[str, subprocess.Popen]:
    # the portal's own commands (this Python), as lists, no shell (bandit B603)
    children = {name: subprocess.Popen(command, start_new_session=True) for name, command in commands.items()}  # nosec B603
    _children_file().write_text(json.dumps([child.pid for child in children.values()]))
    return children


def _stop(children: dict[str, subprocess.Popen]) -> None:
    _end_groups([child.pid for child in children.values()])
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(max(0.1, deadline - time.monotonic()))
    _end_groups([child.pid for child in children.values()], signal.SIGKILL)  # the groups' stragglers too
    for child in children.values():
        child.wait()
    _children_file().unlink(missing_ok=True)


def _wait_until_serving(url: str, web: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if web.poll() is not None:
            raise SystemExit("the web server exited during start-up")
        try:
            # an http://127.0.0.1 URL made by main(), never a caller's (bandit B310)
            with urllib.request.urlopen(url + "healthz", timeout=2):  # nosec B310
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the web server did not answer on {url} within {timeout:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--services-only", action="store_true", help="start PostgreSQL and Redis only")
    parser.add_argument("--serve", action="store_true", help="production-like: gunicorn, production settings")
    args = parser.parse_args(argv)

    if args.serve:
        os.environ["DJANGO_SETTINGS_MODULE"] = "alliance_portal.settings.production"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance_portal.settings.local")
    if not args.serve:  # a developer's laptop: webhooks may go to a plain-http receiver on this machine
        os.environ.setdefault("WEBHOOK_ALLOW_HTTP", "1")
        os.environ.setdefault("WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128")
        os.environ.setdefault("WEBHOOK_PORTS", "any")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from runtime import embedded

    services = embedded.ensure_running()  # starts the embedded servers when the settings name none

    stopping = False

    def request_stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    database = settings.DATABASE_URL or services.database_url()
    print(f"PostgreSQL: {database}\nRedis:      {settings.REDIS_URL}", flush=True)
    children: dict[str, subprocess.Popen] = {}
    if not args.services_only:
        _end_leftovers()
        call_command("migrate", interactive=False, verbosity=0)
        from projects.models import Project

        python = sys.executable
        if args.serve:
            call_command("collectstatic", interactive=False, verbosity=0)
            web = [python, "-m", "gunicorn", "-c", str(Path(__file__).with_name("gunicorn.conf.py")),
                   "--bind", f"127.0.0.1:{args.port}", "alliance_portal.wsgi:application"]  # fmt: skip
        else:
            if not Project.objects.exists():
                call_command("seed_demo")
            web = [python, "manage.py", "runserver", f"127.0.0.1:{args.port}"]
        celery = [python, "-m", "celery", "-A", "alliance_portal"]
        children = _start(
            {
                "web": web,
                "worker": [*celery, "worker", "-Q", settings.WORKER_QUEUES, "--loglevel", "INFO", "--concurrency", "2"],
                "beat": [*celery, "beat", "--loglevel", "INFO", "--pidfile", ""],
            }
        )
        url = f"http://127.0.0.1:{args.port}/"
        try:
            _wait_until_serving(url, children["web"])
        except SystemExit:
            _stop(children)
            raise
        print(f"\nThe portal is serving on {url}")
        if not args.serve:
            from projects.demo import DEFAULT_PASSWORD, DEMO_USERS

            users = ", ".join(username for username, _role, _org in DEMO_USERS)
            print(f"Demo sign-ins: {users} (password {DEFAULT_PASSWORD})")
    print("Press Ctrl-C to stop.", flush=True)

    exit_code = 0
    while not stopping:
        exited = [name for name, child in children.items() if child.poll() is not None]
        if exited:
            print(f"{', '.join(exited)} exited unexpectedly; stopping everything.", file=sys.stderr)
            exit_code = 1
            break
        time.sleep(0.5)
    print("Stopping…", flush=True)
    _stop(children)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
