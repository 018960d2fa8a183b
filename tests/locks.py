"""Forcing a race between two transactions: the first holds its own open until PostgreSQL reports the second one
waiting on a lock, so the second meets whatever the first wrote or locked, on every run."""

import time

from django.db import connections


def wait_until_a_transaction_waits_for_a_lock(timeout: float = 10) -> None:
    """Until another session of this database is blocked on a lock (PostgreSQL's own account, no fixed sleep)."""
    deadline = time.monotonic() + timeout
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # inside a transaction the view is a snapshot
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("no transaction started waiting for the lock")
