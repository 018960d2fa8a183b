"""The alliance at work: working groups, their meetings (agenda items tied to a barrier or a project), the minutes of
each meeting (reviewed work: written by the group's members, approved by the chair or the ministry liaison, frozen
once approved) and the action items decided there.

A closed group is seen by its member organizations and the ministry only; an open one by every alliance member
(``access.policy``). A group that publishes its minutes adds their summary and decisions, once approved, to the open
data (``opendata.snapshot``, the field map's public columns). Action items go with their group. Calendar feeds are
reached by a secret token (only its hash is stored) that its owner revokes.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.events import EventType, announce
from core.i18n import localized
from core.reviewed import Reviewed, review_constraints
from core.versions import TimeStamped, Versioned
from members.models import Organization
from projects.models import PolicyBarrier, Project


class WorkingGroup(TimeStamped):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    purpose = models.TextField(_("purpose"))
    chair = models.ForeignKey(
        Organization, verbose_name=_("chair organization"), on_delete=models.PROTECT, related_name="chaired_groups"
    )
    members = models.ManyToManyField(
        Organization, verbose_name=_("member organizations"), related_name="working_groups", blank=True
    )
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ministry liaison"),
        on_delete=models.PROTECT,
        related_name="liaison_groups",
        null=True,
        blank=True,
    )
    is_open = models.BooleanField(
        _("open membership"), default=False, help_text=_("Every alliance member sees an open group and its minutes.")
    )
    publishes_minutes = models.BooleanField(
        _("publish approved minutes"),
        default=False,
        help_text=_("Approved minutes (summary and decisions) join the monthly open-data publication."),
    )
    barriers = models.ManyToManyField(
        PolicyBarrier, verbose_name=_("barriers worked on"), related_name="working_groups", blank=True
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects followed"), related_name="working_groups", blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ("name_ko",)

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Meeting(TimeStamped, Versioned):
    group = models.ForeignKey(WorkingGroup, verbose_name=_("working group"), on_delete=models.PROTECT,
                              related_name="meetings")  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("invited"), related_name="meetings_invited", blank=True
    )
    attended = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attended"), related_name="meetings_attended", blank=True
    )
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[attended])  # who recorded attendance

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ("-starts_at", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="groups_meeting_ends_after"),
            models.CheckConstraint(condition=~Q(place="") | ~Q(video_link=""), name="groups_meeting_has_a_place"),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=300)
    barrier = models.ForeignKey(PolicyBarrier, verbose_name=_("barrier"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="agenda_items")  # fmt: skip
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, null=True, blank=True,
                                related_name="agenda_items")  # fmt: skip

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ("meeting", "order", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(barrier__isnull=True) | Q(project__isnull=True), name="groups_agenda_one_link"
            )
        ]

    def __str__(self) -> str:
        return self.title


ONE_MINUTES = "groups_one_minutes_per_meeting"


class Minutes(Reviewed):
    """A meeting's minutes: a summary, a note per agenda item (``item_notes``: agenda item id → text, so all of the
    content is this one row and four eyes reads its history) and the decisions taken. Approving is the review's
    acceptance (``core.reviewed``)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="minutes")
    summary = models.TextField(_("summary"), blank=True)
    item_notes = models.JSONField(_("notes per agenda item"), default=dict, blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.UniqueConstraint(fields=["meeting"], name=ONE_MINUTES),
            *review_constraints("groups_minutes"),
        ]

    def __str__(self) -> str:
        return str(self.meeting)

    def review_subject(self, verdict: str) -> str:
        return gettext("Minutes of %(meeting)s — %(verdict)s") % {"meeting": self.meeting, "verdict": verdict}

    def check_submittable(self) -> None:
        if not (self.summary.strip() or self.decisions.strip()):
            raise ValidationError(gettext("Write a summary or the decisions before submitting the minutes."))

    def contributor_ids(self) -> set[int]:
        """Its writers and whoever recorded an action item in the meeting (the decisions are part of the minutes)."""
        recorded = ActionItem.history.filter(meeting_id=self.meeting_id, history_type="+")
        return super().contributor_ids() | set(
            recorded.exclude(history_user=None).values_list("history_user_id", flat=True)
        )

    def on_accept(self) -> None:
        announce(EventType.MINUTES_APPROVED, self)


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionItemQuerySet(models.QuerySet):
    def still_open(self):
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, today: datetime.date):
        return self.still_open().filter(due_date__lt=today)

    def due_soon(self, today: datetime.date, window: datetime.timedelta):
        """Open items due from ``today`` to ``window`` later (not yet overdue)."""
        return self.still_open().filter(due_date__gte=today, due_date__lte=today + window)


class ActionItem(TimeStamped, Versioned):
    """Who does what by when, decided in a meeting: owned by a person or by an organization, serving a barrier or a
    project (or the group's work in general)."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("working group"), on_delete=models.PROTECT,
                              related_name="action_items")  # fmt: skip
    meeting = models.ForeignKey(Meeting, verbose_name=_("decided in"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="action_items")  # fmt: skip
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, null=True,
                              blank=True, related_name="action_items")  # fmt: skip
    owner_organization = models.ForeignKey(Organization, verbose_name=_("owner organization"),
                                           on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="action_items")  # fmt: skip
    due_date = models.DateField(_("due"), db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    barrier = models.ForeignKey(PolicyBarrier, verbose_name=_("barrier"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="action_items")  # fmt: skip
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, null=True, blank=True,
                                related_name="action_items")  # fmt: skip
    due_announced = models.BooleanField(default=False, editable=False)  # ``groups.reminders``
    overdue_announced = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "due_announced", "overdue_announced"])

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ("due_date", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False, owner_organization__isnull=True)
                | Q(owner__isnull=True, owner_organization__isnull=False),
                name="groups_action_one_owner",
            ),
            models.CheckConstraint(condition=Q(status__in=ActionStatus.values), name="groups_action_status_valid"),
            models.CheckConstraint(
                condition=Q(barrier__isnull=True) | Q(project__isnull=True), name="groups_action_one_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        if self.owner_id:
            return self.owner.get_full_name() or self.owner.get_username()
        return self.owner_organization.name


class CalendarFeed(TimeStamped):
    """A secret address of an iCalendar feed: one user's (their groups' meetings and their action items' due dates)
    or one group's as that user sees it. Only the token's SHA-256 is stored; revoking ends the address for good."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="calendar_feeds")  # fmt: skip
    group = models.ForeignKey(WorkingGroup, verbose_name=_("working group"), on_delete=models.CASCADE, null=True,
                              blank=True, related_name="calendar_feeds")  # fmt: skip
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ("-created_at", "pk")

    def __str__(self) -> str:
        return f"{self.user} · {self.group or '-'}"
