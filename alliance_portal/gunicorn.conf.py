"""gunicorn for ``make serve`` and deployments (``gunicorn -c alliance_portal/gunicorn.conf.py ...``).

Sync workers (the portal's requests are short and database-bound), ``2 × CPUs + 1`` of them unless
``WEB_CONCURRENCY`` says otherwise; each worker is replaced after a few thousand requests so slow leaks cannot grow.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
