"""Large querysets are walked by ``core.rows.streamed``: through a real PgBouncer in transaction mode, with more
clients than server connections, every reader gets every row (a bare server-side cursor there loses its rows:
"cursor does not exist", measured in shared/notes/pooler-and-clock.md)."""

import re
import threading
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.backends.postgresql.base import DatabaseWrapper

from core.rows import streamed
from projects.models import Milestone
from tests.factories import MilestoneFactory, ProjectFactory
from tests.processes import pgbouncer as run_pgbouncer

ROOT = Path(__file__).resolve().parents[2]
READERS, SERVER_CONNECTIONS, ROWS = 6, 2, 60


@pytest.fixture
def pgbouncer():
    """PgBouncer in transaction mode with fewer server connections than readers; yields its port."""
    with run_pgbouncer(SERVER_CONNECTIONS) as port:
        yield port


def through_the_pooler(port: int) -> DatabaseWrapper:
    """This thread's connection named ``pooled``: the test database reached through PgBouncer."""
    settings = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": str(port), "CONN_MAX_AGE": 0}
    settings["OPTIONS"] = {**settings["OPTIONS"]}
    pooled = DatabaseWrapper(settings, alias="pooled")
    connections["pooled"] = pooled  # a connection of this thread only, never in the settings
    return pooled


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_streamed_rows_all_arrive_through_a_transaction_pooler_with_more_readers_than_connections(pgbouncer):
    project = ProjectFactory()
    MilestoneFactory.create_batch(ROWS, project=project)
    start = threading.Barrier(READERS)
    counted, failures = [], []

    def read() -> None:
        pooled = through_the_pooler(pgbouncer)
        try:
            start.wait()
            counted.append(sum(1 for _ in streamed(Milestone.objects.using("pooled").order_by("pk"), chunk_size=2)))
        except Exception as error:  # any failure is the finding; all are reported below
            failures.append(repr(error))
        finally:
            pooled.close()

    readers = [threading.Thread(target=read) for _ in range(READERS)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(60)
    assert failures == [] and counted == [ROWS] * READERS


def test_no_code_walks_a_queryset_with_a_bare_server_side_cursor():
    """``.iterator()`` outside a transaction breaks behind a transaction pooler: only ``core.rows`` calls it."""
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.glob("*/**/*.py")
        if not path.is_relative_to(ROOT / ".venv") and not path.is_relative_to(ROOT / "var")
        and path.parts[len(ROOT.parts)] not in {"tests", "bench"}
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.iterator\(", line)
    ]  # fmt: skip
    assert found == ["core/rows.py:20"]
