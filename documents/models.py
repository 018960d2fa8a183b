"""Documents: files that prove progress, attached to a status update (evidence), a milestone (its deliverable), a
policy barrier (petitions, agencies' replies), a working group's meeting (agenda papers, slides) or a project's
library.

A ``Document`` is the thing people name and find; each upload of it is a ``DocumentVersion`` (who, when, size,
SHA-256, the type read from its content), kept when a newer one arrives — the database refuses to change or remove
a version while its document exists. Blobs live in the ``documents`` storage under generated keys, never under a
public URL; every download goes through the access policy. A deleted document stays restorable for
``DOCUMENT_RESTORE_DAYS`` days, then the purge job removes it with its blobs.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.search import search_index
from core.versions import TimeStamped, Versioned
from documents.choices import AttachedTo, Folder
from groups.models import Meeting
from projects.models import Milestone, PolicyBarrier, Project, StatusUpdate

NAME_MAX_LENGTH = 200
DOCUMENT_SEARCH = ("name",)  # what the search box reads (core.search)

# Which foreign key each kind of document fills (the others stay empty; a constraint holds it).
PARENT_FIELDS = {
    AttachedTo.STATUS_UPDATE: "status_update",
    AttachedTo.MILESTONE: "milestone",
    AttachedTo.BARRIER: "barrier",
    AttachedTo.MEETING: "meeting",
}
WITHOUT_PROJECT = (AttachedTo.BARRIER, AttachedTo.MEETING)  # kinds whose quota and access are not a project's


def parent_field(kind: str) -> str:
    """The foreign key naming a document's parent of ``kind``."""
    return PARENT_FIELDS.get(kind, "project")


def _parent_filled(kind: str) -> Q:
    """The row of ``kind``: its own parent set, the other parents empty; a project for all but barriers and
    meetings."""
    condition = Q(attached_to=kind)
    for other_kind, field in PARENT_FIELDS.items():
        condition &= Q(**{f"{field}__isnull": other_kind != kind})
    return condition & Q(project__isnull=kind in WITHOUT_PROJECT)


class DocumentQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class Document(TimeStamped, Versioned):
    attached_to = models.CharField(_("attached to"), max_length=16, choices=AttachedTo.choices)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="documents",
        null=True,
        blank=True,
        help_text=_("The project whose quota and access the document follows (none for a barrier's or a meeting's)."),
    )
    status_update = models.ForeignKey(
        StatusUpdate, on_delete=models.CASCADE, related_name="evidence", null=True, blank=True
    )
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="documents", null=True, blank=True)
    barrier = models.ForeignKey(
        PolicyBarrier, on_delete=models.CASCADE, related_name="documents", null=True, blank=True
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents", null=True, blank=True)
    folder = models.CharField(_("folder"), max_length=16, choices=Folder.choices, blank=True)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    confidential = models.BooleanField(
        _("confidential"),
        default=True,
        help_text=_("Only the project's participants and the ministry may see a confidential document."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(attached_to__in=AttachedTo.values), name="document_attached_to_known"),
            models.CheckConstraint(
                condition=_parent_filled(AttachedTo.PROJECT)
                | _parent_filled(AttachedTo.STATUS_UPDATE)
                | _parent_filled(AttachedTo.MILESTONE)
                | _parent_filled(AttachedTo.BARRIER)
                | _parent_filled(AttachedTo.MEETING),
                name="document_has_one_parent",
            ),
            models.CheckConstraint(
                condition=Q(attached_to=AttachedTo.PROJECT, folder__in=Folder.values)
                | (~Q(attached_to=AttachedTo.PROJECT) & Q(folder="")),
                name="document_folder_in_library_only",
            ),
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True, deleted_by__isnull=True)
                | Q(deleted_at__isnull=False, deleted_by__isnull=False),
                name="document_deletion_recorded",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "attached_to"], name="document_project_kind"),
            search_index(DOCUMENT_SEARCH, "document_search"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def parent(self) -> models.Model:
        return getattr(self, parent_field(self.attached_to))


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("file name"), max_length=NAME_MAX_LENGTH)
    blob = models.CharField(_("storage key"), max_length=100, unique=True, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="document_version_number_positive"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="document_version_sha256"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"
