import time

import pytest
from django.conf import settings
from django.core.cache import cache

from alliance_portal import heartbeat

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


def test_readyz_is_ok_when_postgres_and_redis_answer_and_beat_ticks(client, beat_alive):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == ["database", "redis", "cache", "beat"]


@pytest.mark.parametrize("last_tick", [None, 500])
def test_readyz_is_503_naming_beat_when_it_never_ticked_or_stopped(client, beat_alive, last_tick):
    cache.delete(heartbeat.KEY)
    if last_tick:
        cache.set(heartbeat.KEY, time.time() - last_tick)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["failed"] == {"beat": "failed"}  # why: only in the log


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
    assert list(body["failed"]) == ["redis", "cache", "beat"]  # the heartbeat lives in the cache


@pytest.mark.embedded_only
def test_readyz_recovers_when_redis_returns(client, embedded_redis):
    embedded_redis.stop_redis()
    assert client.get("/readyz").status_code == 503
    embedded_redis.start_redis()
    heartbeat.beat()  # as the running beat would within seconds
    assert client.get("/readyz").status_code == 200


def test_readyz_refuses_writes(client):
    assert client.post("/readyz").status_code == 405
