"""What an endpoint receives about an event: the Standard Webhooks envelope (``type``, ``timestamp``, ``data``) with
the portal's ``sequence`` number, ``data`` being the object as the endpoint owner's API shows it — the access policy
decides whether the owner sees it at all, the field map which of its fields. A chat channel receives a message
written from that same ``data`` instead (``webhooks.chat``)."""

from __future__ import annotations

import json

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from access import policy
from core.events import PORTAL_ONLY, EventType
from core.links import absolute_url
from projects.representations import REPRESENTATIONS, represent
from reports.models import Report
from webhooks import chat
from webhooks.models import Delivery, Endpoint, Event

# Who may subscribe to an event type beyond seeing its object: the ability named (reports: ministry staff only).
TYPE_ABILITIES = {EventType.REPORT_READY: "subscribe_reports"}


def offered_types(user) -> list[EventType]:
    """The event types ``user`` may subscribe to (the test event is sent on request, never subscribed to)."""
    return [
        t
        for t in EventType
        if t != EventType.PING
        and t not in PORTAL_ONLY
        and (t not in TYPE_ABILITIES or policy.can(user, TYPE_ABILITIES[t]))
    ]


def _report(pk, user) -> dict | None:
    report = policy.restrict(Report.objects.select_related("project"), user).filter(pk=pk).first()
    if report is None:
        return None
    return {
        "id": report.pk,
        "kind": report.kind,
        "period": report.period,
        "project": report.project.code if report.project else None,
        "url": absolute_url(reverse("report_detail", kwargs={"pk": report.pk})),
    }


def data_for(event: Event, endpoint: Endpoint) -> dict | None:
    """The event's object as the endpoint's owner may see it; None: the owner may not hear of this event."""
    owner = endpoint.owner
    if event.type == EventType.PING:
        return {"endpoint": endpoint.pk, "message": "ping"}
    if event.type not in offered_types(owner):
        return None
    model = apps.get_model(event.subject_type)
    if model is Report:
        return _report(event.subject_id, owner)
    if model not in REPRESENTATIONS:
        return None
    return represent(model, event.subject_id, owner)


def data_for_each(event: Event, endpoints: list[Endpoint]) -> dict[int, dict | None]:
    """``data_for`` per endpoint, asked once per owner: what an owner sees of an event does not depend on which of
    their endpoints asks (but a test event, which names its endpoint and goes to that one only)."""
    seen: dict[int, dict | None] = {}
    by_endpoint = {}
    for endpoint in endpoints:
        if event.type == EventType.PING or endpoint.owner_id not in seen:
            seen[endpoint.owner_id] = data_for(event, endpoint)
        by_endpoint[endpoint.pk] = seen[endpoint.owner_id]
    return by_endpoint


def still_visible(delivery: Delivery) -> bool:
    """Whether the delivery's stored body may still go out: its owner still sees the object, and every field the body
    was made from (a body made while the owner saw more is withheld rather than sent)."""
    if delivery.event.type == EventType.PING:
        return True
    now = data_for(delivery.event, delivery.endpoint)
    return now is not None and set(delivery.carried) <= set(now)


def body(event: Event, sequence: int, data: dict, endpoint: Endpoint) -> str:
    """The exact text signed and sent (compact JSON, UTF-8 as is): the envelope, or the chat channel's message."""
    if endpoint.is_chat:
        sent = chat.message(endpoint, event, data)
    else:
        sent = {"type": event.type, "timestamp": event.occurred_at, "sequence": sequence, "data": data}
    return json.dumps(sent, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
