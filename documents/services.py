"""Attaching, replacing, deleting, restoring and purging documents. Callers have asked the access policy first
(``can(user, ATTACH, parent)``, ``restrict(…, CHANGE | DELETE | RESTORE)``); these functions keep the rules that
hold whoever calls: the size limit, the allowed types (read from the content), the project's quota, clean names,
versions kept, deletion recorded and reversible."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versions import save_if_current
from documents import files
from documents.choices import AttachedTo, Change
from documents.models import Document, DocumentVersion, parent_field
from documents.uploads import too_large_message
from groups.models import Meeting, WorkingGroup
from projects.models import Milestone, PolicyBarrier, Project, StatusUpdate

BLOB_PREFIX = "documents"
ORPHAN_GRACE = datetime.timedelta(hours=1)  # a blob younger than this may belong to an upload still committing
KINDS = {
    Project: AttachedTo.PROJECT,
    StatusUpdate: AttachedTo.STATUS_UPDATE,
    Milestone: AttachedTo.MILESTONE,
    PolicyBarrier: AttachedTo.BARRIER,
    Meeting: AttachedTo.MEETING,
}


def storage():
    return storages["documents"]


@dataclass(frozen=True)
class Checked:
    """An upload that passed the checks: its real type, clean name, size and digest."""

    kind: files.FileType
    name: str
    size: int
    sha256: str


def check_upload(upload: UploadedFile | None) -> Checked:
    """Refuse (``ValidationError`` with code ``too_large``, ``unsupported_type`` or ``required``) what may not be
    kept; otherwise the file's facts."""
    if upload is None or not upload.size:
        raise ValidationError(_("Choose a file to upload (an empty file is not accepted)."), code="required")
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(too_large_message(), code="too_large")
    kind = files.sniff(upload)
    if kind is None:
        raise ValidationError(
            _(
                "This kind of file is not accepted. Upload a PDF, a picture (PNG, JPEG, GIF, WebP), an Office "
                "document (docx, xlsx, pptx), HWP/HWPX, CSV or ZIP."
            ),
            code="unsupported_type",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Checked(kind, files.clean_name(upload.name, kind), upload.size, digest.hexdigest())


def quota_scope(document: Document) -> models.Q:
    """The documents sharing ``document``'s quota: its project's, for a barrier's that barrier's, for a meeting's
    those of its working group's meetings."""
    if document.attached_to == AttachedTo.BARRIER:
        return models.Q(barrier_id=document.barrier_id)
    if document.attached_to == AttachedTo.MEETING:
        return models.Q(meeting__group_id=document.meeting.group_id)
    return models.Q(project_id=document.project_id)


def _quota_owner(document: Document) -> models.QuerySet:
    """The row holding ``document``'s quota (see ``quota_scope``)."""
    if document.attached_to == AttachedTo.BARRIER:
        return PolicyBarrier.objects.filter(pk=document.barrier_id)
    if document.attached_to == AttachedTo.MEETING:
        return WorkingGroup.objects.filter(pk=document.meeting.group_id)
    return Project.objects.filter(pk=document.project_id)


def _check_quota(document: Document, adding: int) -> None:
    """Every version of every document not yet purged counts (a deleted one can come back). The quota's owner (the
    project, the barrier or the working group) is locked first, to the end of the caller's transaction: two uploads
    at once are counted one after the other, never each against what was there before both."""
    list(_quota_owner(document).select_for_update().values_list("pk", flat=True))
    used = DocumentVersion.objects.filter(document__in=Document.objects.filter(quota_scope(document))).aggregate(
        total=Sum("size")
    )["total"]
    limit = settings.DOCUMENT_PROJECT_QUOTA_BYTES
    if (used or 0) + adding > limit:
        raise ValidationError(
            _("This upload would take the project over its quota of %(mb)d MB (%(used)d MB used).")
            % {"mb": limit // 2**20, "used": (used or 0) // 2**20},
            code="quota",
        )


def _store(upload: UploadedFile) -> str:
    """Save the blob under a generated key (never the uploader's name) and return the key."""
    key = uuid.uuid4().hex
    return storage().save(f"{BLOB_PREFIX}/{key[:2]}/{key}", upload)


def _new_version(document: Document, upload: UploadedFile, checked: Checked, user) -> DocumentVersion:
    number = (document.versions.aggregate(last=models.Max("number"))["last"] or 0) + 1
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        name=checked.name,
        blob=_store(upload),
        size=checked.size,
        sha256=checked.sha256,
        content_type=checked.kind.content_type,
        uploaded_by=user,
    )


@transaction.atomic
def attach(parent, upload: UploadedFile | None, user, *, folder: str = "", confidential: bool = True) -> Document:
    """A new document on ``parent`` (a project's library, a status update, a milestone, a barrier or a meeting)."""
    checked = check_upload(upload)
    kind = KINDS[type(parent)]
    document = Document(
        attached_to=kind,
        name=checked.name,
        folder=folder if kind == AttachedTo.PROJECT else "",
        confidential=confidential,
        uploaded_by=user,
    )
    setattr(document, parent_field(kind), parent)
    if kind in (AttachedTo.STATUS_UPDATE, AttachedTo.MILESTONE):
        document.project_id = parent.project_id
    if kind == AttachedTo.PROJECT and not document.folder:
        raise ValidationError({"folder": _("Choose a folder for the document.")})
    document.full_clean(exclude=["uploaded_by"])
    _check_quota(document, checked.size)
    document._change_reason = Change.UPLOADED.value
    document._history_user = user
    document.save()
    _new_version(document, upload, checked, user)
    return document


@transaction.atomic
def add_version(document: Document, upload: UploadedFile | None, user, *, expected_version: int) -> DocumentVersion:
    """A newer upload of the same document; the older versions stay downloadable."""
    checked = check_upload(upload)
    _check_quota(document, checked.size)
    document.name = checked.name
    document._change_reason = Change.NEW_VERSION.value
    document._history_user = user
    save_if_current(document, expected_version=expected_version)
    return _new_version(document, upload, checked, user)


@transaction.atomic
def delete_document(document: Document, user, *, expected_version: int) -> Document:
    """Move ``document`` to the bin: hidden from everyone, restorable for ``DOCUMENT_RESTORE_DAYS`` days."""
    document.deleted_at = timezone.now()
    document.deleted_by = user
    document._change_reason = Change.DELETED.value
    document._history_user = user
    save_if_current(document, expected_version=expected_version)
    return document


@transaction.atomic
def restore_document(document: Document, user) -> Document:
    document.deleted_at = None
    document.deleted_by = None
    document._change_reason = Change.RESTORED.value
    document._history_user = user
    save_if_current(document, expected_version=document.version)
    return document


def purge(now: datetime.datetime) -> tuple[int, int]:
    """Remove the documents deleted more than ``DOCUMENT_RESTORE_DAYS`` ago with their files, then any file no
    version names (left by an upload whose transaction failed, or a removal cut short). Safe to run again: returns
    (documents, files) removed."""
    cutoff = now - datetime.timedelta(days=settings.DOCUMENT_RESTORE_DAYS)
    purged = removed = 0
    # Each document removed in its own transaction (a file store that fails halfway leaves the rest in the bin), so
    # not through one streamed transaction; the bin past its restore days is small.
    for document in Document.objects.deleted().filter(deleted_at__lt=cutoff).order_by("pk"):
        blobs = list(document.versions.values_list("blob", flat=True))
        document._change_reason = Change.PURGED.value
        document.delete()  # its versions with it (the database allows that only for a document in the bin)
        purged += 1
        for blob in blobs:
            storage().delete(blob)
            removed += 1
    return purged, removed + _remove_orphans(now)


def _remove_orphans(now: datetime.datetime) -> int:
    """Blobs under ``BLOB_PREFIX`` that no version names and that are older than ``ORPHAN_GRACE``."""
    store = storage()
    removed = 0
    try:
        shards, _files = store.listdir(BLOB_PREFIX)
    except FileNotFoundError:  # nothing stored yet (an object store lists an unknown prefix as empty)
        return 0
    for shard in shards:
        names = [f"{BLOB_PREFIX}/{shard}/{name}" for name in store.listdir(f"{BLOB_PREFIX}/{shard}")[1]]
        known = set(DocumentVersion.objects.filter(blob__in=names).values_list("blob", flat=True))
        for name in names:
            if name not in known and store.get_modified_time(name) < now - ORPHAN_GRACE:
                store.delete(name)
                removed += 1
    return removed
