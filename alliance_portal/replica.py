"""An optional read replica (``DATABASE_REPLICA_URL``): the reads of GET and HEAD requests go there, everything
else stays on the primary.

Writes, every read inside a transaction (``select_for_update``, read-then-write services), sessions (a session
written by a sign-in is read by the very next request, before a replica may have it), Celery jobs and management
commands all use the primary. A replica a few seconds behind shows pages and API reads a few seconds old.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
PRIMARY_ONLY_APPS = {"sessions"}
SAFE_METHODS = {"GET", "HEAD"}

_reads_from_replica: ContextVar[bool] = ContextVar("reads_from_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if (
            _reads_from_replica.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str | None:
        return None

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, **hints) -> bool:
        return db != REPLICA


class ReplicaReadsMiddleware:
    """Marks a GET or HEAD request's reads for the replica, for the length of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_from_replica.set(request.method in SAFE_METHODS)
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
