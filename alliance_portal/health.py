"""Liveness and readiness probes. ``/healthz``: the process is alive. ``/readyz``: this pod can serve — PostgreSQL
and the cache answer. Celery beat is deliberately not part of readiness: one beat runs for the whole deployment, and
tying every web pod's readiness to it would take them all out of service while it restarts; its heartbeat is
reported in ``/metrics`` and on the ministry's job page (``runtime.heartbeat``)."""

import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    client = redis.Redis.from_url(settings.CACHE_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


CHECKS = {"database": _check_database, "cache": _check_cache}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    failed = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure means "not ready": which one for the prober, why only in the log
            logger.exception("readiness check %s failed", name)
            failed[name] = "failed"
    if failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ok", "checks": list(CHECKS)})
