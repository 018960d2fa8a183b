"""A request id on every log line: taken from a trusted proxy's ``X-Request-ID`` (when it looks like one) or made here,
returned in the response's ``X-Request-ID``, and carried into the Celery tasks a request sends (a task header), so a
job's lines share the id of the request that queued it."""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.core.signals import request_finished
from django.dispatch import receiver

from core import proxies

HEADER = "X-Request-ID"
ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")

current: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER, "") if proxies.is_trusted(request.META.get("REMOTE_ADDR")) else ""
        current.set(offered if ACCEPTED.fullmatch(offered) else uuid.uuid4().hex)
        response = self.get_response(request)
        response[HEADER] = current.get()
        return response


@receiver(request_finished, dispatch_uid="request-id-finished")
def _end_request(**kwargs) -> None:
    """The id stays set until the response is closed: Django logs 4xx/5xx responses after the middleware ran."""
    current.set("-")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request or job)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True


@before_task_publish.connect(dispatch_uid="request-id-publish")
def _send_with_task(headers=None, **kwargs) -> None:
    if headers is not None and current.get() != "-":
        headers["request_id"] = current.get()


@task_prerun.connect(dispatch_uid="request-id-prerun")
def _start_task(task=None, **kwargs) -> None:
    sent = getattr(task.request, "request_id", None) or (task.request.headers or {}).get("request_id")
    inherited = current.get() if current.get() != "-" else None  # a task run eagerly, inside the request
    task.request._request_id_token = current.set(sent or inherited or uuid.uuid4().hex)


@task_postrun.connect(dispatch_uid="request-id-postrun")
def _end_task(task=None, **kwargs) -> None:
    token = getattr(task.request, "_request_id_token", None)
    if token is not None:
        current.reset(token)
