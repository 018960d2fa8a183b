import time

import pytest
from django.conf import settings
from django.core.cache import cache

from members.models import Role
from runtime import heartbeat
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.services]


@pytest.fixture
def beat_alive():
    heartbeat.beat()
    try:
        yield
    finally:
        cache.delete(heartbeat.KEY)


def test_healthz_answers_while_the_process_lives(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_postgres_and_the_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == ["database", "cache"]


@pytest.mark.parametrize("last_tick", [None, 500])
def test_readyz_stays_ready_when_beat_never_ticked_or_stopped(client, beat_alive, last_tick):
    """One beat serves every pod: its restart must not take the web pods out of service."""
    cache.delete(heartbeat.KEY)
    if last_tick:
        cache.set(heartbeat.KEY, time.time() - last_tick)
    assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize(("last_tick", "reported"), [(None, -1.0), (500, 500.0)])
def test_metrics_report_the_age_of_beats_heartbeat(client, settings, last_tick, reported):
    settings.METRICS_TOKEN = "scrape-key"
    cache.delete(heartbeat.KEY)
    if last_tick:
        cache.set(heartbeat.KEY, time.time() - last_tick)
    body = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-key").content.decode()
    line = next(line for line in body.splitlines() if line.startswith("alliance_beat_heartbeat_age_seconds "))
    assert float(line.split()[1]) == pytest.approx(reported, abs=5)


@pytest.mark.parametrize(
    ("last_tick", "words"),
    [(None, "has not ticked"), (500, "are late"), (3, "last ticked 3 s ago.")],
)
def test_the_job_page_says_how_long_ago_beat_ticked(client, english, last_tick, words):
    cache.delete(heartbeat.KEY)
    if last_tick:
        cache.set(heartbeat.KEY, time.time() - last_tick)
    client.force_login(UserFactory(role=Role.MINISTRY_VIEWER, organization=None, preferred_language="en"))
    page = client.get("/reports/runs/").content.decode()
    assert words in page


@pytest.fixture
def embedded_redis():
    """The embedded Redis, running again after the test whatever happened in it (later tests need it)."""
    services = settings.EMBEDDED_SERVICES
    try:
        yield services
    finally:
        services.start_redis()


@pytest.mark.embedded_only
def test_readyz_is_503_naming_redis_when_redis_is_down(client, embedded_redis):
    embedded_redis.stop_redis()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert list(body["failed"]) == ["cache"]


@pytest.mark.embedded_only
def test_readyz_recovers_when_redis_returns(client, embedded_redis):
    embedded_redis.stop_redis()
    assert client.get("/readyz").status_code == 503
    embedded_redis.start_redis()
    assert client.get("/readyz").status_code == 200


def test_readyz_refuses_writes(client):
    assert client.post("/readyz").status_code == 405
