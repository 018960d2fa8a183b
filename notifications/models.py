"""What concerns a person: one row per event and person told (``Notification``), how each person wants each kind
(``Preference``, else the role's default in ``notifications.kinds``), when their digests go out (``DigestTime``)
and which digests went (``Digest``: one per person, frequency and period)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.events import EventType


class Delivery(models.TextChoices):
    PORTAL = "portal", _("In the portal only")
    IMMEDIATE = "immediate", _("E-mail at once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


DIGESTS = (Delivery.DAILY, Delivery.WEEKLY)
VIEW_CHANGED = "saved_view.changed"  # not a domain event: the daily check of the saved views that notify
KIND_CHOICES = [*EventType.choices, (VIEW_CHANGED, _("Saved view changed"))]


class Notification(models.Model):
    """Something that happened which concerns ``recipient``. ``details`` holds only the fields of the object that
    the recipient's audience sees (the field map, applied when the row is made); the text is written from them in
    the reader's language when shown or mailed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=KIND_CHOICES)
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=40)
    details = models.JSONField(default=dict)
    path = models.CharField(max_length=200)
    occurred_at = models.DateTimeField(_("when"))
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-occurred_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(
                fields=["delivery", "recipient"],
                condition=Q(mailed_at__isnull=True, delivery__in=DIGESTS),
                name="notification_digest_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(  # an event tells each person once, however often its fan-out runs
                fields=["recipient", "kind", "subject_type", "subject_id", "occurred_at"], name="notification_once"
            ),
            models.CheckConstraint(condition=~Q(delivery=Delivery.OFF), name="notification_not_off"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type}:{self.subject_id} → {self.recipient_id}"


class Preference(models.Model):
    """How ``user`` wants to hear of one kind of event (no row: the role's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=KIND_CHOICES)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_one_per_kind"),
            models.CheckConstraint(condition=Q(delivery__in=Delivery.values), name="preference_delivery_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class DigestTime(models.Model):
    """When ``user``'s digests go out (Asia/Seoul): the daily one at ``hour``, the weekly one on ``weekday`` then."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_time")
    hour = models.PositiveSmallIntegerField(_("hour"), default=8, validators=[MaxValueValidator(23)])
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, default=Weekday.MONDAY)

    class Meta:
        verbose_name = _("digest time")
        verbose_name_plural = _("digest times")
        constraints = [
            models.CheckConstraint(condition=Q(hour__lte=23), name="digesttime_hour_valid"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="digesttime_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.hour}h / {self.weekday}"


class Digest(models.Model):
    """A digest mailed: one per person, frequency and period (a day's or an ISO week's key), however often the job
    runs."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=16, choices=[(d.value, d.label) for d in DIGESTS])
    period = models.CharField(max_length=10)
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "frequency", "period"], name="digest_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.frequency} {self.period}"


class PendingFanOut(models.Model):
    """An event whose fan-out has not run yet: written in the transaction of the change (so it stands exactly when
    the change does), deleted by the fan-out; what a dead broker or worker left here the sweep queues again."""

    kind = models.CharField(max_length=40, choices=EventType.choices)
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=40)
    occurred_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type}:{self.subject_id}"


class SavedView(models.Model):
    """A filtered list (its query string) saved with a name: its owner's, or shared with the owner's organization
    (ministry staff: with the ministry). Run again, it goes through the access policy for whoever runs it, so a view
    shared with someone who sees less shows them less. With ``notify``, a daily check runs it as its owner and tells
    them of rows come or gone since the last check (``seen_rows``: the ids it found then; none before the first)."""

    class List(models.TextChoices):
        PROJECTS = "projects", _("Projects")
        BARRIERS = "barriers", _("Policy barriers")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(_("name"), max_length=80)
    list = models.CharField(_("list"), max_length=16, choices=List.choices)
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    shared = models.BooleanField(_("shared with my organization"), default=False)
    notify = models.BooleanField(_("notify me when this view changes"), default=False)
    seen_rows = ArrayField(models.BigIntegerField(), null=True, blank=True, editable=False)
    checked_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["checked_on"], condition=Q(notify=True), name="savedview_watched")]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="savedview_one_name_per_owner"),
            models.CheckConstraint(condition=Q(list__in=["projects", "barriers"]), name="savedview_list_valid"),
        ]

    def __str__(self) -> str:
        return self.name
