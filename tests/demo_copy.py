"""The demo portfolio for tests, seeded once per test session and copied back in for every module or browser test
that needs it: seeding goes through the services (history, figures, checks) and takes about ten seconds; copying its
rows back with PostgreSQL's COPY takes a fraction of one. The rows are exactly those ``seed_demo`` wrote in this
session, so a test sees what seeding makes (tests/projects/test_seed_demo.py seeds for real).

The first call seeds (as of ``DEMO_DAY``, at 09:00 that day) and keeps a copy of every table seeding filled; a later
call, on a database emptied since (the tests' flush), writes the copy back and resets the id sequences and the
portfolio cache's data version.
"""

from __future__ import annotations

import datetime
import io
import zoneinfo

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from freezegun import freeze_time

from alliance_portal.demo import seed_demo
from projects import portfolio
from tests import DEMO_DAY

SEEDED_AT = datetime.datetime.combine(DEMO_DAY, datetime.time(9), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
_copy: dict[str, bytes] = {}
# Rows made by ``migrate`` (post_migrate) that the demo's rows point at: kept with the copy, since a transactional
# test's flush empties them without making them again.
MADE_BY_MIGRATE = ("money_costcategory",)


def _row_counts(cursor) -> dict[str, int]:
    tables = connection.introspection.table_names(cursor)
    union = " UNION ALL ".join(f"SELECT '{table}', count(*) FROM \"{table}\"" for table in tables)
    cursor.execute(union)
    return dict(cursor.fetchall())


def _seed(cursor) -> None:
    before = _row_counts(cursor)
    with freeze_time(SEEDED_AT, tick=True):
        seed_demo(as_of=DEMO_DAY)
    after = _row_counts(cursor)
    changed = [t for t, n in after.items() if n != before.get(t, 0)]
    refilled = [t for t in changed if before.get(t)]
    assert not refilled, f"seeding added to tables that were not empty, which a copy cannot restore: {refilled}"
    for table in [*changed, *MADE_BY_MIGRATE]:
        buffer = io.BytesIO()
        cursor.copy_expert(f'COPY "{table}" TO STDOUT', buffer)
        _copy[table] = buffer.getvalue()


def _restore(cursor) -> None:
    cursor.execute("SET session_replication_role = replica")  # the rows are consistent: no triggers, no FK checks
    try:
        for table, rows in _copy.items():
            if table in MADE_BY_MIGRATE:
                cursor.execute(f'DELETE FROM "{table}"')  # made again by a flush's post_migrate, maybe other ids
            cursor.copy_expert(f'COPY "{table}" FROM STDIN', io.BytesIO(rows))
    finally:
        cursor.execute("SET session_replication_role = DEFAULT")
    for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
        cursor.execute(statement)
    portfolio.invalidate()  # cached figures of an earlier module's data must not be served for this one


@transaction.atomic
def load_demo() -> None:
    """The demo portfolio as of ``DEMO_DAY`` in the (empty) test database."""
    with connection.cursor() as cursor:
        if _copy:
            _restore(cursor)
        else:
            _seed(cursor)
