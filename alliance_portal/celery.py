"""The Celery app, configured from Django settings (``CELERY_*``)."""

import os

from celery import Celery

import alliance_portal.request_id  # noqa: F401  (carries the request id into tasks)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance_portal.settings")

app = Celery("alliance_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
