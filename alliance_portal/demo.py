"""The demo data of every app in one call: the ``seed_demo`` command, ``make run`` on an empty database, tests."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from assessments import demo as assessments_demo
from core.events import as_history
from documents import demo as documents_demo
from groups import demo as groups_demo
from money import demo as money_demo
from notifications import demo as notifications_demo
from opendata import demo as opendata_demo
from projects import demo as projects_demo
from projects.demo import DEFAULT_PASSWORD, SeedResult
from results import demo as results_demo


@transaction.atomic
def seed_demo(*, as_of: datetime.date | None = None, password: str = DEFAULT_PASSWORD) -> SeedResult:
    """Deterministic and idempotent: only what is missing is created (``SeedResult`` counts it). The demo's past is
    announced as history (nobody's bell rings for it); only what waits for someone now is notified."""
    as_of = as_of or timezone.localdate()
    with as_history():
        result = projects_demo.seed_demo(as_of=as_of, password=password)
        assessments_demo.seed(as_of, result)
        documents_demo.seed(result)
        money_demo.seed(as_of)
        groups_demo.seed(as_of)
        results_demo.seed(as_of, result)
        opendata_demo.seed(as_of)
    notifications_demo.seed(as_of)
    return result
