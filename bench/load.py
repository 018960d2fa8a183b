"""The load stage of ``make bench``: many clients at once on a server set up as ``make serve`` sets it up.

gunicorn with ``runtime/gunicorn.conf.py`` (``2 × CPUs + 1`` sync workers, workers recycled, the access log), on the
benchmark's settings (production-like: DEBUG off, persistent connections; plain http, which production settings would
redirect). 256 clients on the cached public pages (``/open/`` and the open API, when open data was published) and 64
signed-in ones on the dashboard and the project list, each for ``seconds``. Any failed or non-2xx/3xx answer stops
the benchmark (``run.parse_wrk``), so a reported figure means 0 errors.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

CLIENTS = {"open_portfolio": 256, "open_api_projects": 256, "page_dashboard": 64, "page_project_list": 64}
CONFIG = Path(__file__).resolve().parents[1] / "runtime" / "gunicorn.conf.py"


def measure(env: dict, paths: dict, headers_for: Callable[[str], dict], *, seconds: float) -> dict:
    """Per endpoint of ``CLIENTS`` that ``paths`` has: clients, requests per second, p50/p95/p99 in ms."""
    from bench import run

    server, base = run.start_server(env, "-c", str(CONFIG))
    try:
        figures = {"server": "runtime/gunicorn.conf.py (2 × CPUs + 1 sync workers)", "seconds": seconds}
        for name, clients in CLIENTS.items():
            if name not in paths:
                continue
            run.wrk(base + paths[name], 2, clients, headers_for(name))  # warm-up: every worker's caches
            measured = run.wrk(base + paths[name], seconds, clients, headers_for(name))
            figures[name] = {"clients": clients, **{key: round(value, 1) for key, value in measured.items()}}
        return figures
    finally:
        run.stop_server(server)
