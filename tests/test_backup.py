"""`make backup` / `make restore`: a backup restored into a fresh database holds the same rows. The tests run on
``DEMO_DAY``'s clock (the demo's data and a backup's name are the same whatever the calendar says)."""

import datetime
import re
import uuid
from urllib.parse import urlsplit

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.conftest import DEMO_NOON
from tests.processes import database_url, run_django

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_demo_day")]


def connect(url: str):
    return psycopg2.connect(url.replace("postgres://", "postgresql://", 1))


def contents(url: str) -> dict[str, int | list]:
    """Every table's row count, and the projects and milestones themselves (committed data, a connection of its own)."""
    with connect(url) as db, db.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [name for (name,) in cursor.fetchall()]
        found: dict[str, int | list] = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            found[table] = cursor.fetchone()[0]
        cursor.execute("SELECT code, title_ko, version, lead_organization_id FROM projects_project ORDER BY code")
        found["projects"] = cursor.fetchall()
        cursor.execute("SELECT id, project_id, status, forecast_date, version FROM projects_milestone ORDER BY id")
        found["milestones"] = cursor.fetchall()
    return found


@pytest.fixture
def fresh_database():
    name = f"restore_{uuid.uuid4().hex[:10]}"
    admin = connect(urlsplit(database_url())._replace(path="/postgres").geturl())
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(database_url())._replace(path=f"/{name}").geturl()
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_a_backup_restored_into_a_fresh_database_has_the_same_rows(demo, tmp_path, fresh_database):
    dump = tmp_path / "alliance.dump"
    call_command("backup", output=dump)
    assert dump.stat().st_size > 10_000 and not list(tmp_path.glob("*.part"))

    restored = run_django(["manage.py", "restore", str(dump), "--yes"], DATABASE_URL=fresh_database)
    assert restored.returncode == 0, restored.stderr

    original, copy = contents(database_url()), contents(fresh_database)
    assert len(original["projects"]) == 40 and original["projects_milestone"] > 100
    assert copy == original


def test_a_backup_without_a_path_is_named_after_the_time_it_was_made(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    call_command("backup")
    made = DEMO_NOON.astimezone(datetime.UTC)  # the clock runs from DEMO_NOON: the same hour, some seconds later
    assert [re.fullmatch(rf"alliance-{made:%Y%m%d-%H%M}\d\d\.dump", p.name) is not None
            for p in (tmp_path / "backups").iterdir()] == [True]  # fmt: skip


def test_restore_needs_a_confirmation_and_an_existing_file(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x.dump"))
    with pytest.raises(CommandError, match="no backup at"):
        call_command("restore", str(tmp_path / "missing.dump"), yes=True)
    assert connection.settings_dict["NAME"].startswith("test_")  # and nothing was touched: the suite goes on


def test_a_failed_restore_changes_nothing(demo, tmp_path):
    broken = tmp_path / "broken.dump"
    broken.write_bytes(b"PGDMP" + b"\0" * 200)
    before = contents(database_url())
    result = run_django(["manage.py", "restore", str(broken), "--yes"])
    assert result.returncode != 0 and "pg_restore failed" in result.stderr
    assert contents(database_url()) == before
