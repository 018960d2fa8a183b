"""``make bench [BENCH_ARGS=--quick]``: seed a scale database, serve it with gunicorn, load it with wrk, compare.

Every figure is measured in the same run on the same machine, and the targets are ratios between them (never an
absolute time). Writes ``var/bench/results.json`` and prints a table. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bench import imports, load, notifications, webhooks

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
    + summary.errors.timeout
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), errors))
end
"""
FILE_BYTES = 20 * 2**20
ENDPOINTS = [
    "constant", "bare_page", "data_floor", "api_projects_list", "api_project_detail", "api_milestones_sync",
    "api_portfolio_summary", "page_dashboard", "page_project_list", "page_project_detail", "page_timeline",
    "page_search", "open_portfolio", "open_api_projects", "page_project_list_money", "page_working_group",
    "group_calendar_feed", "page_library_search",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def services() -> tuple[str, str, object]:
    """The configured servers, or the embedded ones (attached for as long as the benchmark runs)."""
    database, redis = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    embedded = None
    if not database or not redis:
        from runtime.embedded import EmbeddedServices

        embedded = EmbeddedServices(Path(os.environ.get("DATA_DIR") or ROOT / "var").resolve())
        embedded.attach(postgres=not database, redis=not redis)
        database, redis = database or embedded.database_url(), redis or embedded.redis_url()
    return database, redis, embedded


def bench_database(database_url: str, n: int) -> str:
    """A database of the benchmark's own per size, created when missing."""
    import dj_database_url
    import psycopg2

    name = f"alliance_bench_{n}"
    config = dj_database_url.parse(database_url)
    params = {"user": config["USER"], "password": config["PASSWORD"] or None, "dbname": "postgres"}
    params["host"] = config.get("OPTIONS", {}).get("host") or config["HOST"] or None
    params["port"] = config["PORT"] or None
    connection = psycopg2.connect(**{k: v for k, v in params.items() if v})
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return urlsplit(database_url)._replace(path=f"/{name}").geturl()


def manage(env: dict, *args: str) -> None:
    # the benchmark's own commands, as lists, no shell (bandit B603)
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # nosec B603


def wrk(url: str, seconds: float, connections: int, headers: dict) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        script.name,
        url,
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    # the benchmark's own commands, as lists, no shell (bandit B603)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # nosec B603
    os.unlink(script.name)
    return parse_wrk(url, output)


def parse_wrk(url: str, output: str) -> dict:
    """Requests per second and latency percentiles (ms) from wrk's output and the RESULT line of WRK_SCRIPT
    (requests, duration in µs, p50/p95/p99 in µs, errors); any error or non-2xx/3xx answer stops the benchmark."""
    requests, duration, p50, p95, p99, errors = map(int, re.search(r"RESULT (.*)", output).group(1).split())
    if errors:
        raise SystemExit(f"{url}: {errors} of {requests} requests failed or were not 2xx/3xx:\n{output}")
    return {"rps": requests / (duration / 1e6), "p50_ms": p50 / 1000, "p95_ms": p95 / 1000, "p99_ms": p99 / 1000}


def endpoint_figures(runs: dict[str, list[dict]], queries: dict[str, int]) -> dict:
    """Per endpoint: the mean of its rounds, its query count, and its throughput as a ratio to ``bare_page`` and to
    ``data_floor`` measured in the same run."""
    endpoints = {}
    for name, measured in runs.items():
        endpoints[name] = {
            key: round(statistics.mean(run[key] for run in measured), 2)
            for key in ("rps", "p50_ms", "p95_ms", "p99_ms")
        }
        endpoints[name]["queries"] = queries[name]
    for figures in endpoints.values():
        figures["ratio_to_bare"] = round(figures["rps"] / endpoints["bare_page"]["rps"], 3)
        figures["ratio_to_data_floor"] = round(figures["rps"] / endpoints["data_floor"]["rps"], 3)
    return endpoints


def megabytes(size: int) -> float:
    return round(size / 2**20, 1)


def rss_of_tree(pid: int) -> int:
    import psutil

    process = psutil.Process(pid)
    total = 0
    for p in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def measure_download(url: str, headers: dict, server_pid: int, *, csv: bool = False) -> dict:
    """Download a response once: total seconds, first byte, megabytes per second, and the growth of the server's
    resident memory while it streams; for a ``csv``, its rows too (header left out)."""
    before = rss_of_tree(server_pid)
    peak = [before]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_of_tree(server_pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    request = urllib.request.Request(url, headers=headers)
    # the benchmark's own server on http://127.0.0.1 (bandit B310)
    with urllib.request.urlopen(request, timeout=600) as response:  # nosec B310
        first = response.read(1)
        first_byte = time.monotonic() - started
        size, lines = len(first), first.count(b"\n")
        for chunk in iter(lambda: response.read(1 << 16), b""):
            size, lines = size + len(chunk), lines + chunk.count(b"\n")
    seconds = time.monotonic() - started
    stop.set()
    sampler.join()
    return {
        "seconds": round(seconds, 2),
        "first_byte_ms": round(first_byte * 1000, 1),
        "megabytes": megabytes(size),
        "mb_per_second": round(size / 2**20 / seconds, 1),
        "peak_rss_mb": megabytes(peak[0]),
        "rss_growth_mb": megabytes(peak[0] - before),
        **({"rows": lines - 1} if csv else {}),
    }


def high_water_mark(pid: int) -> int:
    """A process's peak resident memory so far in bytes (``VmHWM``: its own address space only), 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


def measure_job(env: dict, *args: str) -> dict:
    """A job run in a process of its own: wall seconds and that process's peak resident memory, read from the process
    itself while it runs. (``wait4``'s ``ru_maxrss`` is not it: a child started by ``vfork`` + ``exec`` inherits the
    harness's own peak, which after the seeding and the webhook run was over 2 GB, so every job seemed to use that.)"""
    started = time.monotonic()
    # the benchmark's own commands, as lists, no shell (bandit B603)
    process = subprocess.Popen([PYTHON, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)  # nosec B603
    peak = 0
    while True:
        peak = max(peak, high_water_mark(process.pid))
        try:
            process.wait(timeout=0.05)
            break
        except subprocess.TimeoutExpired:
            continue
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed with exit code {process.returncode}")
    return {"seconds": round(time.monotonic() - started, 2), "peak_rss_mb": megabytes(peak)}


def publish_and_build(publish, build) -> dict:
    """Publishing a month and building its files, each timed with this process's peak resident memory (``VmHWM``,
    reset between the two through ``/proc/self/clear_refs``), and the files' sizes."""
    from opendata.models import PublicationFile

    figures = {}
    for step in ("publish", "build_files"):
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # the peak starts again from what is resident now
        started = time.monotonic()
        if step == "publish":
            publication = publish()
        else:
            build(publication.pk)
        figures[step] = {
            "seconds": round(time.monotonic() - started, 1),
            "peak_rss_mb": megabytes(high_water_mark(os.getpid())),
        }
    sizes = list(PublicationFile.objects.filter(publication=publication).values_list("name", "size"))
    figures["projects"] = publication.projects.count()
    figures["files"] = len(sizes)
    figures["largest_file_mb"] = megabytes(max(size for _name, size in sizes))
    figures["total_mb"] = megabytes(sum(size for _name, size in sizes))
    return figures


def prepare(n: int, *, open_data: bool = True) -> dict:
    """Inside the benchmark database: a partner token, a ministry session, and the URLs of each endpoint (the
    open-data ones only with ``open_data``: last month is then published first, if nothing is yet)."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from access.policy import restrict
    from core import periods
    from groups import services as group_services
    from groups.models import WorkingGroup
    from members.models import User
    from members.tokens import issue_token
    from opendata import files, services
    from opendata.models import Publication
    from projects.models import Project

    partner, ministry = User.objects.get(username="partner"), User.objects.get(username="ministry")
    publishing = None
    if open_data and not Publication.objects.exists():  # open data: last month published, as the ministry would
        last_month = periods.latest_complete(periods.MONTH, timezone.localdate()).start
        publishing = publish_and_build(lambda: services.publish(last_month, ministry, ratings=True), files.build)
    _record, token = issue_token(partner, name="benchmark", scopes=["read"], days=1)
    authenticator, _created = TOTPDevice.objects.get_or_create(user=ministry, name="benchmark", confirmed=True)
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(ministry.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: ministry.get_session_auth_hash(),
            DEVICE_ID_SESSION_KEY: authenticator.persistent_id,  # signed in with the second factor too
        }
    )
    session.create()
    visible = restrict(Project.objects.order_by("code"), partner).values_list("code", flat=True)
    code = visible[visible.count() // 2]  # a project in the middle of what the partner may see
    download = big_file(Project.objects.get(code=code), ministry)
    since = (timezone.now() - datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    group = WorkingGroup.objects.get(slug="regulation")  # the demo's: a year of meetings, minutes and action items
    _feed, feed_token = group_services.open_feed(ministry, group)
    return {
        "publishing": publishing,
        "api": {"Authorization": f"Bearer {token}"},
        "page": {"Cookie": f"sessionid={session.session_key}"},
        "download": reverse("document_download", args=[download.pk]),
        "paths": {
            "constant": "/bench/constant",
            "bare_page": "/bench/bare_page",
            "data_floor": "/bench/data_floor",
            "api_projects_list": "/api/v1/projects/?page_size=100",
            "api_project_detail": f"/api/v1/projects/{code}/",
            "api_milestones_sync": f"/api/v1/milestones/?updated_since={since}&page_size=100",
            "api_portfolio_summary": "/api/v1/portfolio/summary/",
            "page_dashboard": "/",
            "page_project_list": "/projects/?area=mobility&page=2",
            "page_project_detail": f"/projects/{code}/",
            "page_timeline": "/projects/timeline/?span=two_years&page=2",
            "page_search": "/search/?q=%EB%8D%B0%EC%9D%B4%ED%84%B0",  # 데이터: in many titles and narratives
            # the ministry's list sorted by this year's execution rate, the money columns in
            "page_project_list_money": "/projects/?ordering=-execution&page=2",
            "page_working_group": reverse("group_detail", args=[group.slug]),
            # a calendar program polling the group's feed by its secret address (no session)
            "group_calendar_feed": reverse("calendar_feed", args=[feed_token]),
            # the results library across the portfolio, searched (데이터: in four results in five, and the demo's)
            "page_library_search": "/library/?q=%EB%8D%B0%EC%9D%B4%ED%84%B0&page=2",
            **(
                {
                    "open_portfolio": "/open/?area=mobility&page=2",  # public, cached
                    "open_api_projects": "/api/open/v1/projects/?page_size=100",
                }
                if open_data
                else {}
            ),
        },
    }


def big_file(project, user):
    """A 20 MB PDF in the project's library, uploaded through the service once per benchmark database."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents import services
    from documents.choices import Folder
    from documents.models import Document

    name = "benchmark-20mb.pdf"
    document = Document.objects.filter(project=project, name=name).first()
    if document is None:
        body = os.urandom(FILE_BYTES - len(b"%PDF-1.4\n") - len(b"\n%%EOF\n"))
        upload = SimpleUploadedFile(name, b"%PDF-1.4\n" + body + b"\n%%EOF\n", "application/pdf")
        document = services.attach(project, upload, user, folder=Folder.RESULTS)
    return document


def count_queries(paths: dict, headers: dict) -> dict:
    """Queries per request, counted in-process with Django's test client against the same database."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, path in paths.items():
        extra = {}
        if name.startswith("api_"):
            extra["HTTP_AUTHORIZATION"] = headers["api"]["Authorization"]
        elif name.startswith("page_"):
            client.cookies["sessionid"] = headers["page"]["Cookie"].split("=", 1)[1]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, **extra)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        counts[name] = len(queries)
    return counts


def start_server(env: dict, *options: str) -> tuple[subprocess.Popen, str]:
    """gunicorn serving the portal on a free port with ``options``, once it answers; and its address."""
    port = free_port()
    # the benchmark's own commands, as lists, no shell (bandit B603)
    server = subprocess.Popen(  # nosec B603
        [PYTHON, "-m", "gunicorn", "alliance_portal.wsgi:application", "--bind", f"127.0.0.1:{port}", *options],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            # the benchmark's own server on http://127.0.0.1 (bandit B310)
            urllib.request.urlopen(base + "/bench/constant", timeout=2)  # nosec B310
            return server, base
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.3)


def stop_server(server: subprocess.Popen | None) -> None:
    if server is not None:
        server.terminate()
        server.wait(timeout=30)


def sync_second_page(base: str, path: str, headers: dict) -> str:
    """The cursor URL of the second page of a milestone sync, as a client following ``next`` would ask for it."""
    request = urllib.request.Request(base + path, headers=headers)
    # the benchmark's own server on http://127.0.0.1 (bandit B310)
    with urllib.request.urlopen(request) as response:  # nosec B310
        following = urlsplit(json.load(response)["next"])
    return f"{following.path}?{following.query}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 projects and short runs: keeps the harness working")
    parser.add_argument("--projects", type=int)
    parser.add_argument("--seconds", type=float, help="load per endpoint and round (default 15, quick 2)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--load-seconds", type=float, help="each load of the load stage (default 60, quick 5)")
    parser.add_argument(
        "--without-open-data",
        action="store_true",
        help="publish and load no open data (a shorter run: publishing 100,000 projects builds ~2 GB of files)",
    )
    args = parser.parse_args()
    n = args.projects or (1000 if args.quick else 10_000)
    seconds = args.seconds or (2 if args.quick else 15)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    database, redis, embedded = services()
    env = {**os.environ, "DATABASE_URL": bench_database(database, n), "REDIS_URL": redis}
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env.update(WEBHOOK_ALLOW_HTTP="1", WEBHOOK_ALLOWED_NETWORKS="127.0.0.0/8", WEBHOOK_PORTS="any")  # receivers here
    os.environ.update(env)
    server = None
    try:
        manage(env, "migrate", "--noinput", "-v0")
        seeding = time.monotonic()
        manage(env, "seed_scale", "--projects", str(n))
        seed_seconds = time.monotonic() - seeding
        setup = prepare(n, open_data=not args.without_open_data)
        loaded = [name for name in ENDPOINTS if name in setup["paths"]]
        queries = count_queries(setup["paths"], setup)

        workers = os.cpu_count() or 2
        server, base = start_server(
            env, "--workers", str(workers), "--worker-class", "sync", "--timeout", "600", "--log-level", "warning"
        )
        paths = dict(setup["paths"])
        paths["api_milestones_sync"] = sync_second_page(base, paths["api_milestones_sync"], setup["api"])

        def drain() -> None:
            """Wait until the requests wrk left queued are served, so they never count against the next run."""
            # the benchmark's own server on http://127.0.0.1 (bandit B310)
            urllib.request.urlopen(base + "/bench/constant", timeout=900).read()  # nosec B310

        def headers_for(name: str) -> dict:
            return setup["api"] if name.startswith("api_") else setup["page"] if name.startswith("page_") else {}

        for name in loaded:  # warm-up: caches, connections, imports in every worker
            wrk(base + paths[name], 1, args.connections, headers_for(name))
            drain()
        runs = {name: [] for name in loaded}
        for _round in range(2):  # each endpoint twice, interleaved, so drift hits all of them alike
            for name in loaded:
                runs[name].append(wrk(base + paths[name], seconds, args.connections, headers_for(name)))
                drain()
        export = measure_download(base + "/api/v1/milestones/?format=csv", setup["api"], server.pid, csv=True)
        download = measure_download(base + setup["download"], setup["page"], server.pid)
        stop_server(server)
        server = None
        load_stage = load.measure(env, paths, headers_for, seconds=args.load_seconds or (5 if args.quick else 60))
    finally:
        stop_server(server)

    from django.utils import timezone

    from reports.models import ProjectSnapshot, Report

    week = (timezone.localdate() - datetime.timedelta(days=7)).strftime("%G-W%V")
    Report.objects.filter(period=week).delete()  # so the job has the report to make, not find
    job_weekly = measure_job(env, "run_report", "weekly", "--sync", "--period", week)
    ProjectSnapshot.objects.filter(day=timezone.localdate()).delete()
    job_snapshot = measure_job(env, "run_report", "snapshot", "--sync")
    webhook_fan_out = webhooks.measure(env, ROOT, PYTHON, changes=100 if args.quick else 1000)
    notification_fan_out = notifications.measure(env, quick=args.quick)
    import_preview = imports.measure(env, quick=args.quick)
    if embedded is not None:
        embedded.detach()

    endpoints = endpoint_figures(runs, queries)
    results = {
        "n_projects": n,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "settings": {
            "seconds_per_round": seconds,
            "rounds": 2,
            "connections": args.connections,
            "workers": workers,
            "open_data": not args.without_open_data,
        },
        "seed_seconds": round(seed_seconds, 1),
        "open_data_publication": setup["publishing"],
        "endpoints": endpoints,
        "export_milestones_csv": export,
        "download_20mb_file": download,
        "job_weekly_report": job_weekly,
        "job_snapshot": job_snapshot,
        "webhook_fan_out": webhook_fan_out,
        "load": load_stage,
        "notification_fan_out": notification_fan_out,
        "import_preview": import_preview,
    }
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2))
    print_table(results)


def print_table(results: dict) -> None:
    print(f"\n{results['n_projects']} projects · {results['machine']}")
    header = ["rps", "p50 ms", "p95 ms", "p99 ms", "queries", "×bare", "×floor"]
    print(f"{'endpoint':24} " + " ".join(f"{h:>9}" for h in header))
    for name, f in results["endpoints"].items():
        print(
            f"{name:24} {f['rps']:9.1f} {f['p50_ms']:9.1f} {f['p95_ms']:9.1f} {f['p99_ms']:9.1f} {f['queries']:9d} "
            f"{f['ratio_to_bare']:9.3f} {f['ratio_to_data_floor']:9.3f}"
        )
    print(f"export_milestones_csv    {results['export_milestones_csv']}")
    print(f"download_20mb_file       {results['download_20mb_file']}")
    print(f"job_weekly_report        {results['job_weekly_report']}")
    print(f"job_snapshot             {results['job_snapshot']}")
    print(f"webhook_fan_out          {results['webhook_fan_out']}")
    print(f"load                     {results['load']}")
    print(f"notification_fan_out     {results['notification_fan_out']}")
    print(f"import_preview           {results['import_preview']}")
    print(f"open_data_publication    {results['open_data_publication'] or 'published before this run'}")


if __name__ == "__main__":
    main()
