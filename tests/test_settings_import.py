"""Importing the settings (``manage.py check``, an IDE, a docs build) starts no server and writes no file; the
embedded servers start with the first command that uses them."""

import os
import subprocess
import sys

from tests.processes import ROOT


def run(args: list[str], data_dir) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY")}
    env.update(DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="alliance_portal.settings.local")
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_importing_the_settings_and_checking_start_nothing(tmp_path):
    data_dir = tmp_path / "data"
    imported = run(
        ["-c", "import django; django.setup(); from django.conf import settings; settings.DATABASES"], data_dir
    )
    assert imported.returncode == 0, imported.stderr
    checked = run(["manage.py", "check"], data_dir)
    assert checked.returncode == 0, checked.stderr
    assert not data_dir.exists()


def test_a_command_that_uses_the_database_starts_the_servers_and_stops_them_after(tmp_path):
    data_dir = tmp_path / "data"
    script = "from django.core.cache import cache; cache.set('k', 1); print(cache.get('k'))"
    result = run(["manage.py", "shell", "-v", "0", "-c", script], data_dir)
    assert result.returncode == 0 and result.stdout.strip() == "1", result.stderr
    assert (data_dir / "postgres").is_dir() and (data_dir / "secret_key").read_text()
    assert (data_dir / "clients.json").read_text() == "[]"  # the last process left and stopped them
