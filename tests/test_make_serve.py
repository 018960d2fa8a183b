"""`make serve`: production settings, gunicorn, WhiteNoise's hashed static files, worker and beat; Ctrl-C ends all."""

import re
import secrets
import urllib.request

import pytest
from django.conf import settings

from tests.processes import database_url
from tests.test_make_run import assert_stopped_cleanly, free_port, get, interrupt_and_wait, ready, start, wait_for

pytestmark = pytest.mark.django_db


def test_make_serve_runs_the_portal_the_production_way(tmp_path):
    data_dir, port = tmp_path / "data", free_port()
    process, log = start(
        data_dir, port, "serve", DATABASE_URL=database_url(), REDIS_URL=settings.REDIS_URL,
        SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1", PORTAL_HTTPS="0", WEB_CONCURRENCY="2",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",  # the explicit opt-out, for a trial
        METRICS_TOKEN="scrape-key-7d1e",
    )  # fmt: skip
    try:
        output = wait_for(log, r"serving on http://127\.0\.0\.1:\d+/", process)
        assert "Demo sign-ins" not in output  # no demo data, no demo passwords
        status, body = get(f"http://127.0.0.1:{port}/accounts/login/")
        assert status == 200 and 'name="username"' in body
        stylesheet = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', body)
        assert stylesheet, "static files are referenced by their hashed names"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet.group(1)}", timeout=10) as response:
            assert response.status == 200 and "immutable" in response.headers["Cache-Control"]
        with pytest.raises(urllib.error.HTTPError) as debug_page:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=10)
        assert debug_page.value.code == 404 and b"Traceback" not in debug_page.value.read()  # DEBUG is off
        wait_for(log, r"celery@\S+ ready", process)
        wait_for(log, r"beat: Starting", process)
        assert ready(port)  # once beat has ticked
        for _request in range(6):  # spread over both workers
            get(f"http://127.0.0.1:{port}/healthz")
        scrape = urllib.request.Request(
            f"http://127.0.0.1:{port}/metrics", headers={"Authorization": "Bearer scrape-key-7d1e"}
        )
        with urllib.request.urlopen(scrape, timeout=10) as response:
            metrics = response.read().decode()
        healthz = re.search(
            r'django_http_responses_total_by_status_view_method_total\{[^}]*view="healthz"[^}]*\} (\S+)', metrics
        )
        assert healthz and float(healthz.group(1)) >= 6  # the workers' counts summed in one scrape
    finally:
        interrupt_and_wait(process)
    assert_stopped_cleanly(port, data_dir)
