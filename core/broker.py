"""Handing a task to Celery: the one place that knows the broker may be down. A change that asks for a task stands
whether or not the broker takes it; what catches up the task left unsent is the caller's to say (``left_to``: the
webhooks' sweep, the open-data daily job, the reports' unsent-jobs job)."""

from __future__ import annotations

import logging

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# (Celery's result-store listener gives up reconnecting with a RuntimeError)
BROKER_DOWN = (KombuOperationalError, RedisError, ConnectionError, RuntimeError)


def send(task: Task, *args, kwargs: dict | None = None, task_id: str | None = None, left_to: str = "nothing") -> bool:
    """Queue ``task``; with the broker down, log what catches it up (``left_to``) and return False."""
    try:
        task.apply_async(args=args, kwargs=kwargs, task_id=task_id, retry=False)
    except BROKER_DOWN as error:
        logger.warning("broker unavailable, %s%r left to %s: %r", task.name, args or kwargs, left_to, error)
        return False
    return True


def send_after_commit(task: Task, *args, left_to: str = "nothing") -> None:
    """Queue ``task`` once the surrounding transaction commits (no query, nothing sent if it rolls back)."""
    transaction.on_commit(lambda: send(task, *args, left_to=left_to))
