"""``make test`` against servers named in the environment: the tests that need the embedded ones are deselected."""

import os
import subprocess
import sys
from urllib.parse import urlsplit

from django.conf import settings

from tests.processes import ROOT, database_url

EMBEDDED_ONLY = ["tests/test_health.py", "tests/test_redis_down.py", "tests/test_postgres_restart.py"]


def test_with_external_servers_the_embedded_only_tests_are_deselected_not_run():
    """The servers this run uses, named as external ones (a database name of its own for the run's test database)."""
    external = urlsplit(database_url())._replace(path="/alliance_external").geturl()
    env = {**os.environ, "DATABASE_URL": external, "REDIS_URL": settings.REDIS_URL}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *EMBEDDED_ONLY],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert collected and all(not line.startswith(("tests/test_redis_down.py", "tests/test_postgres_restart.py"))
                             for line in collected)  # fmt: skip
    assert "tests/test_health.py::test_readyz_refuses_writes" in collected
    assert not any("redis_is_down" in line or "redis_returns" in line for line in collected)
    assert " deselected" in result.stdout.splitlines()[-1]
