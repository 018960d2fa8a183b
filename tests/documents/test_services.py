"""Attaching, replacing, deleting, restoring and purging documents: the rules that hold whoever calls."""

import datetime
import hashlib
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, transaction
from django.utils import timezone

from core.versions import StaleVersion
from documents import services
from documents.models import Document, DocumentVersion
from members.models import AuditEvent
from projects import services as project_services
from tests.factories import PDF_BYTES, MilestoneFactory, attached_document, upload

pytestmark = pytest.mark.django_db


def _stored(version: DocumentVersion) -> bytes:
    with services.storage().open(version.blob, "rb") as handle:
        return handle.read()


def test_a_new_upload_keeps_the_earlier_versions(people):
    document = attached_document(people["project"], people["editor"], name="plan.pdf")
    second = PDF_BYTES + b"% revised\n"
    services.add_version(document, upload("plan-v2.pdf", second), people["admin"], expected_version=document.version)
    first, latest = document.versions.order_by("number")
    assert (first.number, first.name, _stored(first)) == (1, "plan.pdf", PDF_BYTES)
    assert (latest.number, latest.name, _stored(latest)) == (2, "plan-v2.pdf", second)
    assert latest.sha256 == hashlib.sha256(second).hexdigest()
    assert (latest.size, latest.uploaded_by) == (len(second), people["admin"])
    assert first.blob != latest.blob
    document.refresh_from_db()
    assert document.name == "plan-v2.pdf"


def test_blobs_are_stored_under_generated_keys_not_their_names(people):
    document = attached_document(people["project"], people["editor"], name="보고서.pdf")
    blob = document.versions.get().blob
    assert "보고서" not in blob and blob.startswith("documents/")


def test_a_stale_new_version_is_refused_and_nothing_is_kept(people):
    document = attached_document(people["project"], people["editor"])
    services.add_version(document, upload(), people["editor"], expected_version=1)
    stale = Document.objects.get(pk=document.pk)
    stale.version = 1
    with pytest.raises(StaleVersion):
        services.add_version(stale, upload(), people["admin"], expected_version=1)
    assert document.versions.count() == 2


def test_a_refused_type_stores_nothing(people, document_files):
    before = sorted(document_files.rglob("*"))
    with pytest.raises(ValidationError) as refused:
        attached_document(people["project"], people["editor"], name="report.pdf", content=b"MZ\x90\x00" * 40)
    assert refused.value.code == "unsupported_type"
    assert not Document.objects.filter(project=people["project"]).exists()
    assert sorted(document_files.rglob("*")) == before


def test_a_file_over_the_limit_is_refused(people, settings):
    settings.DOCUMENT_MAX_BYTES = len(PDF_BYTES) - 1
    with pytest.raises(ValidationError) as refused:
        attached_document(people["project"], people["editor"])
    assert refused.value.code == "too_large"
    assert "limit of 0 MB" in refused.value.messages[0]


def test_the_project_quota_counts_every_version_of_every_document(people, settings):
    settings.DOCUMENT_PROJECT_QUOTA_BYTES = 3 * len(PDF_BYTES)
    library = attached_document(people["project"], people["editor"])
    attached_document(people["draft"], people["editor"])  # evidence counts against the same project
    services.delete_document(library, people["editor"], expected_version=library.version)  # the bin counts too
    attached_document(people["project"], people["editor"], name="third.pdf")
    with pytest.raises(ValidationError) as refused:
        attached_document(people["project"], people["editor"], name="fourth.pdf")
    assert refused.value.code == "quota"
    assert Document.objects.filter(project=people["project"]).count() == 3


@pytest.mark.services
def test_the_database_never_lets_a_version_change(people):
    version = attached_document(people["project"], people["editor"]).versions.get()
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        DocumentVersion.objects.filter(pk=version.pk).update(name="other.pdf")
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        DocumentVersion.objects.filter(pk=version.pk).delete()
    assert DocumentVersion.objects.filter(pk=version.pk, name="report.pdf").exists()


def test_a_document_has_exactly_one_parent_in_the_database(people):
    document = attached_document(people["project"], people["editor"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(status_update=people["draft"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(folder="")


def test_deleting_and_restoring_are_recorded(people):
    document = attached_document(people["project"], people["editor"], name="minutes.pdf")
    services.delete_document(document, people["editor"], expected_version=document.version)
    assert not Document.objects.live().filter(pk=document.pk).exists()
    services.restore_document(document, people["admin"])
    reasons = list(document.history.order_by("history_id").values_list("history_change_reason", "history_user"))
    assert reasons == [
        ("uploaded", people["editor"].pk),
        ("deleted", people["editor"].pk),
        ("restored", people["admin"].pk),
    ]
    audit = AuditEvent.objects.filter(subject="document: minutes.pdf").values_list("user", "detail")
    assert list(audit.order_by("pk")) == [
        (people["editor"].pk, "created"),
        (people["editor"].pk, "changed"),
        (people["admin"].pk, "changed"),
    ]


def test_the_purge_removes_documents_binned_over_30_days_ago_with_their_files(people, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "documents": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                             "OPTIONS": {"location": str(tmp_path)}}}  # fmt: skip
    now = timezone.now()
    old = attached_document(people["project"], people["editor"], name="old.pdf")
    recent = attached_document(people["project"], people["editor"], name="recent.pdf")
    kept = attached_document(people["project"], people["editor"], name="kept.pdf")
    for document, days in ((old, 31), (recent, 29)):
        services.delete_document(document, people["editor"], expected_version=document.version)
        Document.objects.filter(pk=document.pk).update(deleted_at=now - datetime.timedelta(days=days))
    orphan = services.storage().save("documents/ff/orphan", upload())  # an upload whose transaction failed
    old_blob = old.versions.get().blob
    later = now + services.ORPHAN_GRACE + datetime.timedelta(minutes=1)

    assert services.purge(later) == (1, 2)  # the old document; its file and the orphan
    assert services.purge(later) == (0, 0)  # again: nothing more
    assert set(Document.objects.filter(project=people["project"])) == {recent, kept}
    assert not services.storage().exists(old_blob) and not services.storage().exists(orphan)
    assert all(services.storage().exists(v.blob) for v in DocumentVersion.objects.filter(document__in=[recent, kept]))


def test_a_young_orphan_may_still_be_committing_and_is_kept(people, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "documents": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                             "OPTIONS": {"location": str(tmp_path)}}}  # fmt: skip
    orphan = services.storage().save("documents/ff/orphan", upload())
    # its age read off the store's own clock (the file's time), as the purge reads it: not the process's clock, which
    # faketime moves while the file system stamps files with the machine's
    young = services.storage().get_modified_time(orphan) + services.ORPHAN_GRACE - datetime.timedelta(minutes=1)
    assert services.purge(young) == (0, 0)
    assert services.storage().exists(orphan)


def test_a_milestone_needing_a_document_is_done_only_with_one_attached(people):
    milestone = MilestoneFactory(project=people["project"], document_required=True, status="in_progress")
    done = {"forecast_date": milestone.forecast_date, "status": "done", "completed_date": timezone.localdate(),
            "reason": ""}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        project_services.update_milestone(milestone, **done, expected_version=milestone.version)
    assert "Attach the deliverable" in str(refused.value)
    deliverable = attached_document(milestone, people["editor"])
    services.delete_document(deliverable, people["editor"], expected_version=deliverable.version)
    with pytest.raises(ValidationError):  # one in the bin does not count
        project_services.update_milestone(milestone, **done, expected_version=milestone.version)
    attached_document(milestone, people["editor"], name="deliverable.pdf")
    project_services.update_milestone(milestone, **done, expected_version=milestone.version)
    milestone.refresh_from_db()
    assert milestone.status == "done"


def test_the_purge_runs_nightly_as_a_celery_task(people, settings, tmp_path):
    from django_celery_beat.models import PeriodicTask

    from documents.tasks import purge

    scheduling = importlib.import_module("documents.migrations.0002_versions_kept_purge_schedule")
    scheduling.schedule(django_apps, None)  # as migrating does (a test before may have emptied the table)
    schedule = PeriodicTask.objects.get(task="documents.purge")
    assert (schedule.crontab.hour, schedule.crontab.minute, str(schedule.crontab.timezone)) == ("3", "45", "Asia/Seoul")
    settings.STORAGES = {**settings.STORAGES, "documents": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                             "OPTIONS": {"location": str(tmp_path)}}}  # fmt: skip
    document = attached_document(people["project"], people["editor"])
    services.delete_document(document, people["editor"], expected_version=document.version)
    Document.objects.filter(pk=document.pk).update(deleted_at=timezone.now() - datetime.timedelta(days=31))
    assert purge.apply().get() == [1, 1]
    assert purge.apply().get() == [0, 0]
