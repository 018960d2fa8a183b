"""Chat channels: an endpoint whose receiver is a chat's incoming webhook gets each event as a message in that chat's
documented shape — Slack (``text`` with Block Kit ``blocks``), Microsoft Teams (a message with an Adaptive Card, as
Teams workflows take it) or plain JSON (``text`` and ``body``: KakaoWork, JANDI and the like). The message is
written, in its owner's language, only from the fields the owner's API shows of the object (``payloads.data_for``:
the access policy and the field map), so a channel never says more than its owner may see.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.events import EventType
from core.i18n import localized
from core.links import absolute_url

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


def _link(event, data: dict) -> str | None:
    """Where the message points: the object's page (a report's own link; none for a test event)."""
    if data.get("url"):
        return data["url"]
    model = event.subject_type
    try:
        if model == "projects.project":
            return absolute_url(reverse("project_detail", kwargs={"code": data["code"]}))
        if model == "projects.policybarrier":
            return absolute_url(reverse("barrier_detail", kwargs={"pk": data["id"]}))
        if isinstance(data.get("project"), str):
            return absolute_url(reverse("project_detail", kwargs={"code": data["project"]}))
    except (KeyError, NoReverseMatch):
        return None
    return None


def _lines(event, data: dict) -> tuple[str, str]:
    """The headline (what happened) and the line that names the object, in the active language."""
    if event.type == EventType.PING:
        return str(EventType.PING.label), _("The portal can reach this channel.")
    names = SimpleNamespace(**data)
    code = data.get("code") or (data["project"] if isinstance(data.get("project"), str) else "")
    # both languages' title (or name), else the one title a result has
    title = localized(names, "title") or localized(names, "name") or str(data.get("title") or "")
    details = [
        " ".join(filter(None, [code, title])),
        _("period %(period)s") % {"period": str(data["period"])[:7]} if data.get("period") else "",
        _("forecast %(date)s") % {"date": data["forecast_date"]}
        if event.type == EventType.MILESTONE_SLIPPED and data.get("forecast_date")
        else "",
    ]
    return str(EventType(event.type).label), " · ".join(filter(None, details))


def message(endpoint, event, data: dict) -> dict:
    """The chat message telling of ``event`` in ``endpoint``'s format, in its owner's language."""
    with translation.override(endpoint.owner.preferred_language):
        headline, subject = _lines(event, data)
        link = _link(event, data)
        label = _("Open in the portal")
    text = f"{headline}: {subject}"
    Format = type(endpoint).Format
    if endpoint.format == Format.SLACK:
        shown = f"*{_slack(headline)}*\n{_slack(subject)}" + (f"\n<{link}|{_slack(label)}>" if link else "")
        return {"text": _slack(text), "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": shown}}]}
    if endpoint.format == Format.TEAMS:
        card = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": [
                {"type": "TextBlock", "text": headline, "weight": "Bolder", "wrap": True},
                {"type": "TextBlock", "text": subject, "wrap": True},
            ],
        }
        if link:
            card["actions"] = [{"type": "Action.OpenUrl", "title": label, "url": link}]
        return {"type": "message", "attachments": [{"contentType": ADAPTIVE_CARD, "contentUrl": None, "content": card}]}
    plain = {"text": text + (f"\n{link}" if link else ""), "body": text, "event": event.type}
    if link:
        plain["url"] = link
    return plain


def _slack(text: str) -> str:
    """Text safe in Slack's mrkdwn: its three control characters escaped, as Slack documents."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
