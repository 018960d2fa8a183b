"""Prometheus metrics at ``/metrics`` (django-prometheus: requests, responses, latencies, database and cache
calls), for the monitoring system only: it sends ``Authorization: Bearer $METRICS_TOKEN``. Signed-in ministry
administrators may look too; everyone else gets a 404, as for a page that does not exist.

Under gunicorn each worker counts for itself; ``PROMETHEUS_MULTIPROC_DIR`` (set by gunicorn.conf.py) lets one
scrape sum them all.
"""

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import CollectorRegistry, Gauge, generate_latest

from access import policy
from runtime import heartbeat


def _scraper(request: HttpRequest) -> bool:
    expected = settings.METRICS_TOKEN
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    return bool(expected) and scheme == "Bearer" and hmac.compare_digest(given.encode(), expected.encode())


@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    if not (_scraper(request) or policy.can(request.user, "administer")):
        raise Http404
    response = ExportToDjangoView(request)
    response.content += _beat_metrics()
    return response


def _beat_metrics() -> bytes:
    """The one beat's heartbeat, read from Redis at scrape time (every pod reports the same value)."""
    registry = CollectorRegistry()
    seconds = heartbeat.age()
    Gauge("alliance_beat_heartbeat_age_seconds", "Seconds since Celery beat last ticked; -1 if it never has",
          registry=registry).set(-1 if seconds is None else seconds)  # fmt: skip
    return generate_latest(registry)
