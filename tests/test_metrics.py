"""/metrics: Prometheus text for the monitoring system's key (and ministry administrators), a 404 for the rest."""

import pytest


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = "scrape-key-0f3a9c"
    return settings.METRICS_TOKEN


def test_the_scraper_reads_request_counts(client, users, metrics_token):
    client.get("/healthz")
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {metrics_token}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "django_http_requests_total_by_method_total" in text
    assert 'django_http_responses_total_by_status_total{status="200"}' in text


@pytest.mark.parametrize(
    "header", ["", "Bearer ", "Bearer wrong-key", "scrape-key-0f3a9c", "Bearer scrape-key-0f3a9c0"]
)
def test_without_the_key_metrics_do_not_exist(client, db, metrics_token, header):
    assert client.get("/metrics", HTTP_AUTHORIZATION=header).status_code == 404


def test_no_key_configured_means_no_scraping(client, db, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize(("role", "status"), [("ministry", 200), ("viewer", 404), ("member", 404), ("partner", 404)])
def test_only_ministry_administrators_see_metrics_in_the_browser(client, users, role, status):
    client.force_login(users[role])
    assert client.get("/metrics").status_code == status
