"""The Celery app, configured from Django settings (``CELERY_*``)."""

import os

from celery import Celery
from celery.signals import beat_init, worker_init

import alliance_portal.request_id  # noqa: F401  (carries the request id into tasks)
from runtime import embedded

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance_portal.settings.local")


@worker_init.connect
@beat_init.connect
def _join_embedded_services(**kwargs) -> None:
    """The worker and beat talk to the broker before any database connection: join the embedded servers first."""
    embedded.ensure_running()


app = Celery("alliance_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
