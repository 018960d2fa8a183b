"""From a domain event to the people it concerns: ``heard`` listens to ``core.events.happened``, writes the event in
the change's transaction (``PendingFanOut``: one insert) and, once the change commits, queues ``fan_out``; what a
dead broker or worker left pending, ``sweep`` queues again. The task asks the access policy who of those the kind names
may see the object, cuts what the notification carries with the field map for each reader's audience, writes all the
rows at once and mails those who want it at once.

The policy's VIEW rules for the objects notified of depend on a person's role and organization only, so each
(role, organization) is asked once: a change that concerns 400 people costs a few queries per organization.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from access import fields, policy
from core import broker
from core.events import happened
from notifications import inbox, kinds, mails
from notifications.models import Delivery, Notification, PendingFanOut, Preference

SWEEP = "the notifications sweep"
SWEPT_AFTER = datetime.timedelta(minutes=10)  # a fan-out pending this long was not sent, or its worker died


@receiver(happened, dispatch_uid="notifications.heard")
def heard(sender, event_type: str, subject, history: bool = False, **kwargs) -> None:
    """Keep the event for its fan-out (in the change's transaction) and queue the fan-out once the change commits;
    an event announced as history (``core.events.as_history``) is nobody's news."""
    if history or event_type not in kinds.KINDS:
        return
    pending = PendingFanOut.objects.create(
        kind=event_type, subject_type=subject._meta.label_lower, subject_id=str(subject.pk), occurred_at=timezone.now()
    )
    _queue(pending, after_commit=True)


def _queue(pending: PendingFanOut, *, after_commit: bool = False) -> None:
    from notifications import tasks

    arguments = (pending.kind, pending.subject_type, pending.subject_id, pending.occurred_at.isoformat())
    if after_commit:
        broker.send_after_commit(tasks.fan_out, *arguments, left_to=SWEEP)
    else:
        broker.send(tasks.fan_out, *arguments, left_to=SWEEP)


def sweep(now: datetime.datetime) -> int:
    """Queue again the fan-outs pending for ``SWEPT_AFTER`` (the broker was down, a worker died); returns how many.
    At least once: a fan-out that was only slow runs twice, and writes its rows once."""
    stale = list(PendingFanOut.objects.filter(occurred_at__lt=now - SWEPT_AFTER).order_by("occurred_at")[:1000])
    for pending in stale:
        _queue(pending)
    return len(stale)


def _as_json(carried: dict) -> dict:
    """Dates and amounts as the JSON column stores them."""
    return json.loads(json.dumps(carried, cls=DjangoJSONEncoder))


def fan_out(
    kind: str, subject_type: str, subject_id: str, occurred_at: datetime.datetime, *, mail: bool = True
) -> list[Notification]:
    """Write the notifications of one event (once: a repeated call finds them written) and mail the ones due at
    once; returns the rows written. With ``mail=False`` every row is told in the portal only."""
    event = {"kind": kind, "subject_type": subject_type, "subject_id": subject_id, "occurred_at": occurred_at}
    model = apps.get_model(subject_type)
    subject = kinds.LOADED[model].filter(pk=subject_id).first()
    told = Notification.objects.filter(**event)
    if subject is None or told.exists():  # gone before the worker came to it, or told already
        PendingFanOut.objects.filter(**event).delete()
        return []
    people = list(kinds.KINDS[kind].concerns(subject).distinct().order_by("pk"))
    chosen = dict(
        Preference.objects.filter(kind=kind, user__in=[p.pk for p in people]).values_list("user_id", "delivery")
    )
    groups = defaultdict(list)
    for person in people:
        groups[person.role, person.organization_id].append(person)
    carried = kinds.details(subject)
    project = kinds.project_of(subject)
    link = kinds.path(kind, subject)
    now = timezone.now()
    rows = []
    for group in groups.values():
        delivered = {p.pk: chosen.get(p.pk) or kinds.default_delivery(kind, p.role) for p in group}
        if not mail:
            delivered = {pk: d if d == Delivery.OFF else Delivery.PORTAL for pk, d in delivered.items()}
        if all(d == Delivery.OFF for d in delivered.values()):
            continue
        reader = group[0]
        if not policy.can(reader, policy.VIEW, subject):
            continue
        seen = _as_json(fields.shown(dict(carried), policy.audience_for(reader, project), model))
        for person in group:
            delivery = delivered[person.pk]
            if delivery == Delivery.OFF:
                continue
            rows.append(
                Notification(
                    recipient=person, kind=kind, subject_type=subject_type, subject_id=subject_id, details=seen,
                    path=link, occurred_at=occurred_at, delivery=delivery,
                    mailed_at=now if delivery == Delivery.IMMEDIATE else None,
                )
            )  # fmt: skip
    with transaction.atomic():
        Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        PendingFanOut.objects.filter(**event).delete()
    inbox.recount({row.recipient_id for row in rows})
    mails.send_at_once([row for row in rows if row.delivery == Delivery.IMMEDIATE])
    return rows
