"""Backups of the portal's database: ``pg_dump`` in its custom format, restored with ``pg_restore``.

The PostgreSQL client tools come from the embedded server's package (PostgreSQL 16; they read and write dumps of
servers from 9.2 on, so they serve the machine's PostgreSQL as well) or, without it, from ``PATH``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.core.management.base import CommandError


def tool(name: str) -> str:
    try:
        import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        raise CommandError(f"{name} was not found: install PostgreSQL's client tools")
    return found


def _connection(database: dict) -> tuple[list[str], dict]:
    """Command-line options and environment that reach ``database`` (a Django ``DATABASES`` entry)."""
    options = ["--dbname", database["NAME"], "--username", database["USER"] or "postgres"]
    extra = database.get("OPTIONS", {})
    if host := database.get("HOST") or extra.get("host"):  # the embedded server's socket folder is an option
        options += ["--host", host]
    if port := database.get("PORT") or extra.get("port"):
        options += ["--port", str(port)]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return options, env


def _run(command: list[str], env: dict) -> None:
    # pg_dump/pg_restore of the PostgreSQL install, arguments as a list, no shell (bandit B603)
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # nosec B603
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def backup(database: dict, path: Path) -> Path:
    """Dump ``database`` to ``path`` (written next to it first, then renamed, so a file there is always whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    options, env = _connection(database)
    try:
        _run([tool("pg_dump"), "--format", "custom", "--no-owner", "--no-privileges", "--file", str(partial),
              *options], env)  # fmt: skip
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    path.chmod(0o600)
    return path


def restore(database: dict, path: Path) -> None:
    """Replace every table of ``database`` with the dump at ``path``, in one transaction: all or nothing."""
    if not path.is_file():
        raise CommandError(f"no backup at {path}")
    options, env = _connection(database)
    _run([tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *options, str(path)], env)  # fmt: skip
