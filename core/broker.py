"""Handing a task to Celery once the change that asks for it is committed."""

from __future__ import annotations

import logging

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def send(task: Task, *args) -> bool:
    """Queue ``task``; with the broker down, log it and return False (the change that asked for it stands)."""
    try:
        task.apply_async(args=args, retry=False)
    except (KombuOperationalError, RedisError, ConnectionError, RuntimeError) as error:
        logger.warning("broker unavailable, %s%r not queued: %r", task.name, args, error)
        return False
    return True


def send_after_commit(task: Task, *args) -> None:
    """Queue ``task`` once the surrounding transaction commits (no query, nothing sent if it rolls back)."""
    transaction.on_commit(lambda: send(task, *args))
