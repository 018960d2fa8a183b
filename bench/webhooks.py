"""The webhook fan-out benchmark: N changes to endpoints on loopback, once with every endpoint healthy and once with
one of them hanging (it never answers in time), through a real Celery worker. Reports the seconds until the healthy
endpoints have every event in each case, their ratio (target ≤ 2) and the deliveries per second.

Runs inside ``bench.run`` after ``prepare`` (Django set up on the benchmark database, the webhook settings allowing
plain http to loopback on any port).
"""

from __future__ import annotations

import datetime
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HEALTHY = 9
HANG_SECONDS = 15  # longer than the sender's 10 s timeout


class _Receivers:
    """Loopback HTTP servers, one per endpoint: healthy ones answer 204 at once, a hanging one sleeps."""

    def __init__(self, count: int, hanging: bool):
        self.servers = []
        for index in range(count):
            hang = hanging and index == count - 1

            class Handler(BaseHTTPRequestHandler):
                def do_POST(self, hang=hang):
                    self.rfile.read(int(self.headers.get("Content-Length", 0)))
                    if hang:
                        time.sleep(HANG_SECONDS)
                    self.send_response(204)
                    self.end_headers()

                def log_message(self, *args):
                    pass

            server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)

    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{s.server_address[1]}/hook" for s in self.servers]

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def _fan_out(changes: int, hanging: bool) -> dict:
    from django.db.models import Q

    from members.models import User
    from projects.models import Milestone
    from projects.services import update_milestone
    from webhooks import services
    from webhooks.models import Delivery, Endpoint, Event

    receivers = _Receivers(HEALTHY + (1 if hanging else 0), hanging)
    owner = User.objects.get(username="ministry")
    endpoints = []
    for url in receivers.urls():
        endpoint = Endpoint(owner=owner, url=url, event_types=["milestone.slipped"])
        services.create_endpoint(endpoint)
        endpoints.append(endpoint)
    healthy = endpoints[:HEALTHY]
    milestones = list(Milestone.objects.filter(~Q(status="done")).order_by("pk")[:changes])
    started = time.monotonic()
    for milestone in milestones:
        update_milestone(
            milestone, forecast_date=milestone.forecast_date + datetime.timedelta(days=1), status=milestone.status,
            completed_date=milestone.completed_date, reason="benchmark", expected_version=milestone.version,
        )  # fmt: skip
    saved = time.monotonic() - started
    wanted = len(milestones) * HEALTHY
    deadline = started + 600
    while Delivery.objects.filter(endpoint__in=healthy, state=Delivery.State.DELIVERED).count() < wanted:
        if time.monotonic() > deadline:
            raise SystemExit("webhook fan-out: the healthy endpoints did not get every event within 10 minutes")
        time.sleep(0.2)
    seconds = time.monotonic() - started
    receivers.stop()
    Endpoint.objects.filter(pk__in=[e.pk for e in endpoints]).delete()
    Event.objects.filter(type="milestone.slipped").delete()
    return {
        "changes": len(milestones),
        "endpoints": len(endpoints),
        "seconds_to_save": round(saved, 2),
        "seconds_until_healthy_have_all": round(seconds, 2),
        "deliveries_per_second": round(wanted / seconds, 1),
    }


def measure(env: dict, root, python: str, changes: int) -> dict:
    """Both runs with one ``celery worker`` (concurrency 2, every queue, as ``make run`` starts it)."""
    from django.conf import settings

    # the benchmark's own commands, as lists, no shell (bandit B603)
    worker = subprocess.Popen(  # nosec B603
        [python, "-m", "celery", "-A", "alliance_portal", "worker", "-Q", settings.WORKER_QUEUES, "--concurrency", "2",
         "-l", "WARNING"],
        cwd=root, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        calm = _fan_out(changes, hanging=False)
        with_hanging = _fan_out(changes, hanging=True)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    ratio = with_hanging["seconds_until_healthy_have_all"] / calm["seconds_until_healthy_have_all"]
    return {"all_healthy": calm, "one_hanging": with_hanging, "ratio_hanging_to_healthy": round(ratio, 2)}
