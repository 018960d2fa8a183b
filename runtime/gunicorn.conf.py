"""gunicorn for ``make serve`` and deployments (``gunicorn -c runtime/gunicorn.conf.py ...``).

Sync workers (the portal's requests are short and database-bound), ``2 × CPUs + 1`` of them unless
``WEB_CONCURRENCY`` says otherwise; each worker is replaced after a few thousand requests so slow leaks cannot grow.
"""

import multiprocessing
import os
import shutil
from pathlib import Path

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
# the proxies whose forwarded headers count: the portal's one setting (core/proxies.py)
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES") or "127.0.0.1"
accesslog = "-"
# No control socket: its default path is one per user ($HOME/.gunicorn/gunicorn.ctl), so every gunicorn a user runs
# on a machine (two nodes, two checkouts) would share it, and nothing here uses it.
control_socket_disable = True
errorlog = "-"

# Prometheus counters of all workers, summed at /metrics (alliance_portal/metrics.py): each worker writes its own
# files here; the directory starts empty and a dead worker's live gauges are dropped.
data_dir = Path(os.environ.get("DATA_DIR") or Path(__file__).resolve().parents[1] / "var")
metrics_dir = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(data_dir / "prometheus")))


def on_starting(server):
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
