"""Benchmark settings: the portal's own settings served the production way, plus the floor views (bench/urls.py).

Throttling stays on (its Redis round trip is part of every API request's cost) with a rate no benchmark reaches.
"""

from alliance_portal.settings.local import *  # noqa: F403
from alliance_portal.settings.local import REST_FRAMEWORK

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405 (persistent connections, as in production)
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": dict.fromkeys(REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000000/hour"),
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
WEBHOOK_MAX_ENDPOINTS = 1000  # the fan-out runs add endpoints of their own; the per-person quota is not measured here
