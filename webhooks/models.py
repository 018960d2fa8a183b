"""Webhook endpoints, the outbox of events, and each event's delivery to each endpoint with its attempts."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.events import EventType
from core.sealing import SealedCharField
from core.versions import TimeStamped, Versioned

URL_MAX_LENGTH = 500
RESPONSE_EXCERPT_LENGTH = 500  # of the (at most 4 KB) body read


def masked_url(url: str) -> str:
    """Scheme and host only (``https://hooks.example.org/…``): a webhook URL's path and query often carry a secret."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "…"
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}{port}/…"


class Endpoint(TimeStamped, Versioned):
    """A subscriber's URL. It receives the chosen event types about what its owner may see, as the owner's API
    would show them, signed with its secret (Standard Webhooks) — or, for a chat channel, as a message in the chat
    receiver's format (``webhooks.chat``), written from those same fields."""

    class Format(models.TextChoices):
        """What each delivery's body is: the Standard Webhooks envelope, or a chat receiver's incoming message."""

        STANDARD = "standard", _("Standard Webhooks (signed JSON)")
        SLACK = "slack", _("Slack")
        TEAMS = "teams", _("Microsoft Teams")
        PLAIN = "plain", _("Chat, plain JSON (KakaoWork, JANDI…)")

    class Hold(models.TextChoices):
        """Who switched the endpoint off, so who may switch it back on: the owner (switched off by the owner, paused
        with the owner's credentials, or after the receiver failed) or only an administrator."""

        NONE = "", _("not switched off")
        OWNER = "owner", _("its owner")
        ADMINISTRATOR = "administrator", _("an administrator")
        CREDENTIALS = "credentials", _("its owner's credentials changed")
        RECEIVER = "receiver", _("the receiver failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(_("URL"), max_length=URL_MAX_LENGTH)
    description = models.CharField(_("description"), max_length=200, blank=True)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.STANDARD)
    event_types = ArrayField(
        models.CharField(max_length=40, choices=EventType.choices), verbose_name=_("events"), default=list
    )
    is_active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=200, blank=True)
    held_by = models.CharField(_("switched off by"), max_length=16, choices=Hold.choices, blank=True, editable=False)
    secret = SealedCharField(max_length=300, editable=False)  # sealed at rest (core.sealing)
    previous_secret = SealedCharField(max_length=300, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    sequence = models.PositiveBigIntegerField(default=0, editable=False)  # the last delivery's number
    failures = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True, editable=False)
    retry_at = models.DateTimeField(_("next try"), null=True, blank=True, editable=False)
    leased_until = models.DateTimeField(null=True, blank=True, editable=False)  # a sender is at work until then
    history = HistoricalRecords(
        excluded_fields=["secret", "previous_secret", "sequence", "failures", "retry_at", "leased_until"]
    )

    # Written by the sender with queryset updates while forms and services save the rest: ``save`` leaves them alone
    # so a save from a form opened earlier never winds back the sequence or the retry state.
    SENDER_FIELDS = frozenset({"sequence", "failures", "failing_since", "retry_at", "leased_until"})

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["pk"]

    def __str__(self) -> str:
        return masked_url(self.url)

    def secrets_in_use(self, now) -> list[str]:
        """The secrets that sign now: the current one, and the one it replaced while their overlap lasts."""
        overlapping = self.previous_secret and self.previous_secret_until and now < self.previous_secret_until
        return [self.secret, self.previous_secret] if overlapping else [self.secret]

    @property
    def is_chat(self) -> bool:
        return self.format != self.Format.STANDARD

    def event_labels(self) -> str:
        """The chosen events in the reader's language."""
        return ", ".join(str(EventType(t).label) for t in self.event_types if t in EventType.values)

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name not in self.SENDER_FIELDS
            ]
        super().save(*args, **kwargs)


class Event(models.Model):
    """The outbox: written in the transaction of the change it tells of, dispatched to the endpoints after."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("event"), max_length=40, choices=EventType.choices)
    occurred_at = models.DateTimeField(_("occurred"), db_index=True)
    subject_type = models.CharField(max_length=60)  # app_label.model
    subject_id = models.CharField(max_length=40)
    subject_label = models.CharField(_("subject"), max_length=200)
    only_endpoint = models.ForeignKey(
        Endpoint, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )  # a test event ("ping") goes to one endpoint
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        indexes = [models.Index(fields=["occurred_at"], condition=Q(dispatched_at=None), name="event_undispatched")]

    def __str__(self) -> str:
        return f"{self.type} {self.subject_label}"

    @property
    def message_id(self) -> str:
        """The ``webhook-id``: the same on every attempt and redelivery, so receivers can drop duplicates."""
        return f"msg_{self.id.hex}"


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        WITHHELD = "withheld", _("withheld")  # its owner may no longer see what it tells of

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    sequence = models.PositiveBigIntegerField(_("number"))
    payload = models.TextField()  # the exact body signed and sent
    # the fields of the object the body was made from: it goes out only while its owner still sees them all
    carried = ArrayField(models.CharField(max_length=60), default=list, editable=False)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_status = models.PositiveSmallIntegerField(_("last status"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="delivery_once_per_endpoint"),
            models.UniqueConstraint(fields=["endpoint", "sequence"], name="delivery_sequence_unique"),
        ]
        indexes = [
            models.Index(fields=["endpoint", "sequence"], condition=Q(state="pending"), name="delivery_pending"),
            models.Index(fields=["created_at"], name="delivery_created"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.event}"


class Attempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField(_("time"), db_index=True)
    status = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    response = models.CharField(_("response"), max_length=RESPONSE_EXCERPT_LENGTH, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M:%S} {self.status or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300
