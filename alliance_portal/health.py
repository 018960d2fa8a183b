"""Liveness and readiness probes for load balancers and `make run`'s start-up check; ready means PostgreSQL and
Redis answer and Celery beat ticked within the last two minutes (``alliance_portal.heartbeat``)."""

import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from alliance_portal import heartbeat

logger = logging.getLogger(__name__)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _ping(url: str) -> None:
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


def _check_redis() -> None:
    _ping(settings.REDIS_URL)


def _check_cache() -> None:
    _ping(settings.CACHE_URL)


CHECKS = {"database": _check_database, "redis": _check_redis, "cache": _check_cache, "beat": heartbeat.check}


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
