"""Running the portal's code in a process of its own, against the test database (settings are read at start-up
there, as in a deployment)."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The configured database URL, pointing at the test database instead."""
    return urlsplit(settings.DATABASE_URL)._replace(path="/" + connection.settings_dict["NAME"]).geturl()


def run_django(args: list[str], settings: str = "alliance_portal.settings", **env: str) -> subprocess.CompletedProcess:
    """``python <args>`` in the repository with the test database and the given settings and environment."""
    environment = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": settings, **env}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
