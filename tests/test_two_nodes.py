"""The portal as two nodes on this machine, sharing nothing but PostgreSQL, Redis, an S3 server (moto's) and one
``SECRET_KEY``: node A runs gunicorn, a Celery worker and beat with the production settings; node B runs gunicorn
only, with a data folder of its own, reaching PostgreSQL through PgBouncer in transaction mode. What A does, B
serves: the same sign-in, the reports A's worker made, the documents uploaded on A, the open-data files A published,
and B streams the CSV exports whole, several at once through fewer server connections (a bare server-side cursor
there breaks them: "cursor does not exist"). Neither node's data folder holds any of those files."""

import csv
import hashlib
import io
import os
import re
import secrets
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import periods
from documents.models import Document
from members.models import User
from opendata.models import Publication, PublicationFile
from projects.demo import DEFAULT_PASSWORD
from projects.exports import CHUNK
from projects.models import Milestone, Project
from reports.models import Report
from tests import DEMO_DAY
from tests.factories import MilestoneFactory
from tests.processes import ROOT, database_url, free_port, pgbouncer, wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

# What a node may keep in its own data folder: static files collected for it and gunicorn's metrics files.
SCRATCH = {"staticfiles", "prometheus"}
TIMEOUT = 60  # seconds for anything a node does
SERVER_CONNECTIONS = 2  # PgBouncer's to PostgreSQL, for node B
EXPORTS_AT_ONCE = 3  # B's gunicorn workers, each streaming an export


class Node:
    """One machine's processes, each in its own process group, logging to one file."""

    def __init__(self, name: str, data_dir: Path, env: dict, log: Path):
        self.name, self.data_dir, self.log_path = name, data_dir, log
        self.env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
        self.env.update(DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="alliance_portal.settings.production", **env)
        self.log = log.open("ab")
        self.processes: list[subprocess.Popen] = []
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self, *args: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def collect_static(self) -> subprocess.Popen:
        return self.start("manage.py", "collectstatic", "--noinput", "--verbosity", "0")

    def serve(self) -> None:
        gunicorn_conf = str(ROOT / "runtime" / "gunicorn.conf.py")
        self.start("-m", "gunicorn", "-c", gunicorn_conf, "--bind", f"127.0.0.1:{self.port}", "alliance_portal.wsgi")

    def ready(self) -> bool:
        for process in self.processes:
            assert process.poll() in (None, 0), f"node {self.name} lost a process:\n{self.output()}"
        try:
            return requests.get(f"{self.url}/readyz", timeout=5).status_code == 200
        except requests.RequestException:  # not listening yet, or its workers still starting
            return False

    def output(self) -> str:
        return self.log_path.read_text()[-8000:]

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def two_nodes(demo, object_store, tmp_path):
    """Nodes A and B on the session's PostgreSQL (B through PgBouncer) and Redis, moto's S3 server, one key."""
    storage_url, _endpoint = object_store
    shared = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "REDIS_URL": settings.REDIS_URL,
        "CACHE_URL": settings.CACHE_URL,
        "STORAGE_URL": storage_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORTAL_HTTPS": "0",
        "WEB_CONCURRENCY": "2",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail-server"),  # the mail server: no node's folder
        "LOG_FORMAT": "text",
    }
    with pgbouncer(SERVER_CONNECTIONS) as bouncer_port:
        through_bouncer = urlsplit(f"postgres://{connection.settings_dict['USER']}@127.0.0.1:{bouncer_port}")
        b_database = through_bouncer._replace(path="/" + connection.settings_dict["NAME"]).geturl()
        a = Node("A", tmp_path / "a", {**shared, "DATABASE_URL": database_url()}, tmp_path / "a.log")
        b_env = {**shared, "DATABASE_URL": b_database, "WEB_CONCURRENCY": str(EXPORTS_AT_ONCE)}
        b = Node("B", tmp_path / "b", b_env, tmp_path / "b.log")
        try:
            collecting = [a.collect_static(), b.collect_static()]
            for process in collecting:
                assert process.wait(TIMEOUT) == 0, f"collectstatic failed:\n{a.output()}\n{b.output()}"
            a.serve()
            a.start("-m", "celery", "-A", "alliance_portal", "worker", "-Q", settings.WORKER_QUEUES,
                    "--concurrency", "1", "--loglevel", "INFO")  # fmt: skip
            a.start("-m", "celery", "-A", "alliance_portal", "beat", "--loglevel", "INFO", "--pidfile", "")
            b.serve()
            for node in (a, b):
                wait_until(node.ready, TIMEOUT, f"node {node.name} to be ready", node.log_path)
            yield a, b
        finally:
            a.stop()
            b.stop()


def signed_in(node: Node, username: str) -> requests.Session:
    """A browser signed in on ``node`` through the sign-in page and, for ministry staff, the second factor."""
    browser = requests.Session()
    browser.get(f"{node.url}/accounts/login/", timeout=10).raise_for_status()
    response = browser.post(
        f"{node.url}/accounts/login/",
        data={"username": username, "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        timeout=10,
    )
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is not None:
        assert "/accounts/two-factor/verify/" in response.url
        response = browser.post(
            response.url,
            data={"code": f"{totp(device.bin_key):06d}", "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
            timeout=10,
        )
    assert response.status_code == 200 and "/accounts/login/" not in response.url, response.text[-2000:]
    return browser


def post_form(browser: requests.Session, url: str, data: dict, **kwargs) -> requests.Response:
    response = browser.post(url, data={**data, "csrfmiddlewaretoken": browser.cookies["csrftoken"]}, timeout=30,
                            headers={"Referer": url}, **kwargs)  # fmt: skip
    assert response.status_code == 200, response.text[-2000:]
    return response


def milestone_rows(browser: requests.Session, node: Node) -> int:
    """The number of rows in the milestones' CSV export (the API's), streamed from ``node``."""
    export = browser.get(f"{node.url}/api/v1/milestones/?format=csv", timeout=60, stream=True)
    assert export.status_code == 200 and "Content-Length" not in export.headers
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[-1][0] and len(rows[-1]) == len(rows[0])  # the last row whole
    return len(rows) - 1


def local_files(folder: Path) -> list[str]:
    """Every file in ``folder`` outside its scratch space."""
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).parts[0] not in SCRATCH
    )


def test_what_node_a_makes_node_b_serves_with_nothing_on_its_own_disk(two_nodes, store_bucket, tmp_path):
    a, b = two_nodes
    ministry = User.objects.get(username="ministry")
    hasher = PBKDF2PasswordHasher()  # the nodes' (production) hasher, not the test settings' fast one
    User.objects.filter(pk=ministry.pk).update(password=hasher.encode(DEFAULT_PASSWORD, hasher.salt()))
    TOTPDevice.objects.create(user=ministry, name="authenticator", confirmed=True)
    on_a = signed_in(a, "ministry")

    # the same session on B: signed in there too
    on_b = requests.Session()
    on_b.cookies.set("sessionid", on_a.cookies["sessionid"])
    dashboard = on_b.get(f"{b.url}/", timeout=10)
    assert dashboard.status_code == 200 and "/accounts/login/" not in dashboard.url
    assert 'name="username"' not in dashboard.text

    # a report asked for on A, made by A's worker, downloaded from B
    week = periods.latest_complete(periods.WEEK, DEMO_DAY).key
    post_form(on_a, f"{a.url}/reports/generate/", {"job": "weekly", "period": week})
    report = wait_until(
        lambda: Report.objects.filter(period=week, state=Report.State.READY).first(), TIMEOUT,
        "the weekly report", a.log_path,
    )  # fmt: skip
    pdf = on_b.get(f"{b.url}/reports/{report.pk}/pdf/?lang=ko", timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), b.output()
    workbook = on_b.get(f"{b.url}/reports/{report.pk}/xlsx/?lang=en", timeout=30)
    assert workbook.status_code == 200 and workbook.content.startswith(b"PK")

    # a document uploaded on A, downloaded from B
    project = Project.objects.order_by("code").first()
    content = b"code,note\nP-1,two nodes\n" * 100
    post_form(
        on_a, f"{a.url}/documents/attach/project/{project.pk}/", {"folder": "other"},
        files={"file": ("two-nodes.csv", content, "text/csv")},
    )  # fmt: skip
    document = Document.objects.get(project=project, name="two-nodes.csv")
    download = on_b.get(f"{b.url}/documents/{document.pk}/download/", timeout=30)
    assert download.status_code == 200 and download.content == content, b.output()

    # open data published on A, its files built by A's worker, downloaded from B
    published = Publication.objects.order_by("-period", "-version").first()
    month = published.period.strftime("%Y-%m")
    post_form(on_a, f"{a.url}/publications/", {"period": month, "note": "Published again from node A."})
    correction = wait_until(
        lambda: Publication.objects.filter(period=published.period, version=published.version + 1,
                                           files_ready_at__isnull=False).first(),
        TIMEOUT, "the open-data files", a.log_path,
    )  # fmt: skip
    files = list(PublicationFile.objects.filter(publication=correction).values_list("name", "sha256", "size"))
    assert files
    for name, sha256, size in files:
        response = requests.get(f"{b.url}/open/{month}/v{correction.version}/files/{name}", timeout=30)
        assert response.status_code == 200, (name, b.output())
        assert len(response.content) == size and hashlib.sha256(response.content).hexdigest() == sha256

    # CSV exports streamed by B, whole: the projects, and the milestones several times at once, each longer than
    # a chunk of the server-side cursor and more of them than PgBouncer has server connections
    export = on_b.get(f"{b.url}/projects/export.csv", timeout=30, stream=True)
    assert export.status_code == 200 and "Content-Length" not in export.headers  # streamed, not built in memory
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + Project.objects.count()
    assert {row[0] for row in rows[1:]} == set(Project.objects.values_list("code", flat=True))
    Milestone.objects.bulk_create(MilestoneFactory.build_batch(3 * CHUNK, project=project))
    with ThreadPoolExecutor(EXPORTS_AT_ONCE) as pool:
        exports = list(pool.map(lambda _n: milestone_rows(on_b, b), range(EXPORTS_AT_ONCE)))
    assert exports == [Milestone.objects.count()] * EXPORTS_AT_ONCE, b.output()

    # nothing of it on either node's disk; all of it in the bucket
    assert local_files(b.data_dir) == []
    assert local_files(a.data_dir) == []
    keys = [item.key for item in store_bucket.objects.all()]
    assert any(re.match(r"reports/.+\.pdf$", key) for key in keys)
    assert any(key.startswith("documents/") for key in keys)
