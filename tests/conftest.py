import datetime
import os
import socket
import zoneinfo

import freezegun
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import override_settings
from django.test.testcases import LiveServerThread
from freezegun import freeze_time
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

import alliance_portal.urls  # noqa: F401  (see below)
from members.models import User
from members.tokens import issue_token
from projects.models import Project
from tests import DEMO_DAY
from tests.demo_copy import load_demo

# Every view module is imported before any test freezes the clock: DRF's throttles keep ``time.time`` as a class
# attribute, and a frozen clock captured there would stay for the whole run.

# pytest times each test's phases (``--durations``) with ``_pytest.timing``: on the real clock, not a frozen one, or the
# slowest-tests list would be read off a clock that stands still or jumps back to ``DEMO_DAY``.
freezegun.configure(extend_ignore_list=["_pytest.timing"])

# Hypothesis in CI (``.ci/run`` sets HYPOTHESIS_PROFILE=ci): the same examples on every run (derandomized, no example
# database carried between runs), so a red build is the code's doing and can be replayed; locally it explores anew
# each run and keeps what failed in .hypothesis/ (ignored by git).
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Playwright's sync API runs an event loop in the test thread; the ORM calls around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class AnsweringAtOnce(ThreadedWSGIServer):
    """The live server (browser and Schemathesis tests) with Nagle's algorithm off on its connections: wsgiref writes a
    response's status line, headers and body in separate small writes, and each after the first waited for the
    client's delayed ACK — 40 ms of every request (measured with strace: the headers 41 ms after the status line)."""

    def get_request(self):
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


def pytest_configure(config):
    LiveServerThread.server_class = AnsweringAtOnce
    # The tests' flush empties every table with TRUNCATE, which the open-data tables otherwise refuse
    # (opendata/migrations/0003): only the test suite's connections may.
    options = settings.DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c opendata.allow_truncate=on".strip()
    if "FAKETIME" in os.environ:
        # gunicorn's arbiter takes a worker for hung when its heartbeat file's time (fstat: the machine's clock, which
        # libfaketime leaves alone) lags the faked time.time() by more than the timeout: weeks, so every worker the
        # tests start is killed at birth. Under faketime the tests' gunicorns run without that timeout.
        os.environ.setdefault("GUNICORN_CMD_ARGS", "--timeout 0")


def pytest_collection_modifyitems(config, items):
    """Tests that stop and start the embedded servers (``embedded_only``) cannot run when the settings name external
    ones (``DATABASE_URL`` and ``REDIS_URL``), and tests that wait on PostgreSQL's ``lock_timeout`` (``real_clock``)
    cannot run under libfaketime (``faketime`` sets ``FAKETIME``; the timeout never fires and the test hangs): they are
    deselected, and reported as such, never run into a crash."""
    services = settings.EMBEDDED_SERVICES
    external = not (services is not None and services.postgres and services.redis)
    faked_clock = "FAKETIME" in os.environ
    left_out = [
        item
        for item in items
        if (external and item.get_closest_marker("embedded_only"))
        or (faked_clock and item.get_closest_marker("real_clock"))
    ]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]


@pytest.fixture(scope="session", autouse=True)
def embedded_services():
    """Join the embedded PostgreSQL and Redis (when the settings name no servers) before any test talks to them."""
    from runtime import embedded

    embedded.ensure_running()


@pytest.fixture(scope="session", autouse=True)
def document_files(tmp_path_factory):
    """Documents' files go to a folder of this run, not the checkout's var/media."""
    folder = tmp_path_factory.mktemp("documents")
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}}
    with override_settings(STORAGES={**settings.STORAGES, "documents": storage}):
        yield folder


@pytest.fixture(scope="session", autouse=True)
def open_data_files(tmp_path_factory):
    """Open-data files go to a folder of this run, not the checkout's var/opendata."""
    with override_settings(OPEN_DATA_DIR=tmp_path_factory.mktemp("opendata")):
        yield settings.OPEN_DATA_DIR


@pytest.fixture
def own_open_data_folder(settings, tmp_path):
    """For a test that seeds the demo for real: the publication it builds goes to a folder of its own, not over the
    files of the session's demo copy (same month, same version, other ids), which the open-data tests read."""
    settings.OPEN_DATA_DIR = tmp_path / "opendata"


@pytest.fixture(autouse=True)
def fresh_portfolio_cache():
    """Each test starts a new copy of the cached dashboard figures: the cache lives in Redis, outside the
    database transaction a test rolls back, so a copy made in one test must never be read in the next."""
    from projects.portfolio import new_copy

    new_copy()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with no request counted: throttle counts live in the cache, outside the transaction a test
    rolls back, and the demo's users and the test client's address are the same in every test."""
    from django.core.cache import cache
    from redis.exceptions import RedisError

    try:
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=cache.make_key("throttle_*"), count=1000))
        if keys:
            client.delete(*keys)
    except RedisError:  # the tests that stop Redis
        pass


@pytest.fixture(autouse=True)
def second_factor_with_force_login(monkeypatch):
    """``client.force_login(user)`` stands for a finished sign-in, which for ministry staff includes the second
    factor: their session is marked verified with an enrolled authenticator. The sign-in steps themselves are
    tested in tests/members/test_two_factor.py and the browser tests."""
    from django.test.client import ClientMixin
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from members import two_factor

    force_login = ClientMixin.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        if two_factor.is_required(user):
            device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login_verified)


@pytest.fixture
def english():
    """Messages in English for the duration of a test (the portal's default language is Korean)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def today():
    """A fixed "today" for derived values, so expectations can be computed by hand."""
    return DEMO_DAY


# Tests on the demo portfolio run on the day it was seeded as of: the clock starts at noon of DEMO_DAY in the
# portal's time zone (and runs), so overdue milestones, missing updates and computed health are the same every day.
DEMO_NOON = datetime.datetime.combine(DEMO_DAY, datetime.time(12), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


@pytest.fixture
def on_demo_day():
    """The clock at noon of ``DEMO_DAY`` (and running) for the test: "today", "this year" and the last complete week
    are the same on every run, whatever the calendar says."""
    with freeze_time(DEMO_NOON, tick=True):
        yield


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The 40-project demo portfolio as of ``DEMO_DAY`` (written that morning), loaded once per module; each test's
    own writes are rolled back."""
    with django_db_blocker.unblock():
        load_demo()
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def users(demo, db):
    """The demo users, for a test that runs on ``DEMO_DAY`` (see ``DEMO_NOON``)."""
    with freeze_time(DEMO_NOON, tick=True):
        yield {
            u.username: u
            for u in User.objects.filter(username__in=["ministry", "viewer", "member", "member2", "partner"])
        }


@pytest.fixture
def own_project(users):
    """An open-data project the ``member`` user's organization leads (so partners see it too)."""
    led = Project.objects.filter(lead_organization=users["member"].organization, phase="in_progress")
    return led.filter(visibility="open").order_by("code").first()


@pytest.fixture
def foreign_project(users):
    """An in-progress open-data project neither demo member organization takes part in."""
    orgs = [users["member"].organization_id, users["member2"].organization_id]
    others = Project.objects.filter(phase="in_progress", visibility="open").exclude(
        participations__organization__in=orgs
    )
    return others.order_by("code").first()


@pytest.fixture
def worker_env(tmp_path, settings):
    """Reports under tmp_path, and the environment for a real ``celery worker`` (tests.processes.Worker)."""
    from tests.processes import worker_environment

    settings.REPORTS_DIR = tmp_path / "reports"
    return worker_environment(tmp_path)


@pytest.fixture(scope="module")
def object_store():
    """An S3-compatible object store for a test module: moto's S3 server (a real HTTP server on this machine speaking
    the S3 protocol) with the bucket ``alliance-documents``; yields its ``STORAGE_URL`` and its endpoint. Moto keeps
    its buckets in this process, so they are reset when the module ends: the next module starts with an empty store."""
    import urllib.request

    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    s3 = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="portal", aws_secret_access_key="s3cret",
        region_name="ap-northeast-2",
    )  # fmt: skip
    s3.create_bucket(Bucket="alliance-documents", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})
    yield f"s3+http://portal:s3cret@{host}:{port}/alliance-documents?region=ap-northeast-2", endpoint
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")).close()
    server.stop()


@pytest.fixture
def store_bucket(object_store):
    """The object store's bucket (boto3), emptied after the test."""
    import boto3

    _url, endpoint = object_store
    bucket = boto3.resource(
        "s3", endpoint_url=endpoint, aws_access_key_id="portal", aws_secret_access_key="s3cret",
        region_name="ap-northeast-2",
    ).Bucket("alliance-documents")  # fmt: skip
    yield bucket
    bucket.objects.all().delete()


@pytest.fixture
def eager_tasks():
    """Queued tasks run at once in this process instead of going to the broker (as ``run_report --sync`` does)."""
    from alliance_portal.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def tokens(users):
    """A read token for every demo user, and write tokens for the two who may write."""
    issued = {name: issue_token(user, name="test", scopes=["read"])[1] for name, user in users.items()}
    for name in ("ministry", "member"):
        issued[f"{name}:write"] = issue_token(users[name], name="test", scopes=["read", "write"])[1]
    return issued


@pytest.fixture
def api(tokens):
    """``api("member:write")`` is an API client sending that user's bearer token; ``api(None)`` sends none."""

    def client(who: str | None, **headers) -> APIClient:
        c = APIClient(**headers)
        if who:
            c.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[who]}")
        return c

    return client
