import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_healthz_answers_while_the_process_lives(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_postgres_and_redis_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == ["database", "redis"]


@pytest.fixture
def embedded_redis_stopped():
    services = settings.EMBEDDED_SERVICES
    services.stop_redis()
    yield
    services.start_redis()


@pytest.mark.embedded_only
def test_readyz_is_503_naming_redis_when_redis_is_down(client, embedded_redis_stopped):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert list(body["failed"]) == ["redis"]


@pytest.mark.embedded_only
def test_readyz_recovers_when_redis_returns(client):
    settings.EMBEDDED_SERVICES.stop_redis()
    assert client.get("/readyz").status_code == 503
    settings.EMBEDDED_SERVICES.start_redis()
    assert client.get("/readyz").status_code == 200


def test_readyz_refuses_writes(client):
    assert client.post("/readyz").status_code == 405
