"""Imports: an upload read and checked into a stored preview, and a preview applied — all of it or nothing.

Pages and the API both call these; the checking itself is ``imports.checking`` (the forms and services of the
pages, row by row).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imports import checking, reading
from imports.models import ImportPreview
from members.models import User
from projects.models import Project

PREVIEW_LIFETIME = datetime.timedelta(hours=24)
FILE_NAME_LENGTH = 255


class ApplyRefused(Exception):
    """A preview that cannot be applied (nothing was written); ``errors`` are the rows refused now, if any."""

    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


def _label(name: str) -> str:
    return _("Imported from %(file)s") % {"file": name}


def preview_upload(project: Project | None, user: User, file: BinaryIO, name: str) -> ImportPreview:
    """Read ``file`` (``reading.Refused`` when it cannot be) and check every row — of ``project``, or with none (an
    organization's workbook) of the project each row names — as if it were applied, keeping
    nothing but the preview (kept until it expires: ``purge_expired_previews``)."""
    name = name[-FILE_NAME_LENGTH:]
    rows, others = reading.read_rows(file, name)
    if not rows and not others:
        raise reading.Refused(_("The file has no rows to import."))
    outcome = checking.check(project, user, rows, label=_label(name), write=False)
    for title in others:
        outcome.errors.append({
            "sheet": title, "row": 1, "column": "",
            "message": _("This sheet is not one of the template's: its first row lacks the template's headings."),
        })  # fmt: skip
    now = timezone.now()
    return ImportPreview.objects.create(
        project=project,
        uploaded_by=user,
        file_name=name,
        expires_at=now + PREVIEW_LIFETIME,
        rows=[asdict(row) for row in rows],
        outcome=outcome.as_dict(),
    )


@transaction.atomic
def apply_preview(preview: ImportPreview, user: User) -> ImportPreview:
    """Write the preview's rows through the services in one transaction; refused (``ApplyRefused``, nothing written)
    when it was applied already, has expired or had errors, or when any row is refused now or checking it now would
    write other rows than the preview showed (something changed since)."""
    preview = ImportPreview.objects.select_for_update(of=("self",)).select_related("project").get(pk=preview.pk)
    if preview.applied_at is not None:
        raise ApplyRefused(_("This import was applied already."))
    if preview.expired:
        raise ApplyRefused(_("This preview has expired: upload the file again."))
    if preview.errors:
        raise ApplyRefused(_("Correct the rows with errors and upload the file again."))
    if not preview.writes:
        raise ApplyRefused(_("Nothing to change: the file holds what the portal holds."))
    rows = [reading.Row(**row) for row in preview.rows]
    outcome = checking.check(preview.project, user, rows, label=_label(preview.file_name), write=True)
    shown = checking.Outcome(preview.created, preview.changed).writes()
    if outcome.errors or outcome.writes() != shown:
        raise ApplyRefused(
            _("Something changed in the portal since the preview, so nothing was written: upload the file again."),
            outcome.errors,
        )
    preview.applied_at = timezone.now()
    preview.save(update_fields=["applied_at"])
    return preview


def purge_expired_previews(now: datetime.datetime | None = None) -> int:
    """Delete the previews that have expired (applied or not: an applied one's writes are in the history); how
    many. Run every hour by beat (``imports.purge_expired_previews``)."""
    deleted, _by_model = ImportPreview.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
