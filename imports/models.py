"""A checked upload waiting to be applied: the rows as read and what checking them found, kept in the database (no
file on a pod's disk) until it is applied or expires."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import Project


class ImportPreview(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="import_previews", null=True, blank=True,
        help_text=_("Empty for an organization's workbook: each row names its project."),
    )  # fmt: skip
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("file"), max_length=255)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    rows = models.JSONField(default=list, help_text=_("The data rows as read from the file."))
    outcome = models.JSONField(default=dict, help_text=_("What checking the rows found (see imports.checking)."))
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import preview")
        verbose_name_plural = _("import previews")

    def __str__(self) -> str:
        return f"{self.project.code if self.project else self.uploaded_by} · {self.file_name}"

    @property
    def expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def created(self) -> list[dict]:
        return self.outcome.get("created", [])

    @property
    def changed(self) -> list[dict]:
        return self.outcome.get("changed", [])

    @property
    def unchanged(self) -> int:
        return self.outcome.get("unchanged", 0)

    @property
    def errors(self) -> list[dict]:
        return self.outcome.get("errors", [])

    @property
    def writes(self) -> int:
        return len(self.created) + len(self.changed)

    @property
    def applicable(self) -> bool:
        return self.applied_at is None and not self.expired and not self.errors and self.writes > 0
