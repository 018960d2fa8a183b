"""Who sees, attaches, replaces, deletes and restores documents on the pages, and how files are sent."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.policy import restrict
from documents import services
from documents.models import Document, DocumentVersion
from tests.factories import PDF_BYTES, StatusUpdateFactory, UserFactory, attached_document, upload

pytestmark = pytest.mark.django_db

SEES_ALL = ("editor", "colleague", "admin", "viewer")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _seen_by(document, people) -> set[str]:
    names = ("editor", "colleague", "outsider", "admin", "viewer", "partner")
    return {name for name in names if restrict(Document.objects.filter(pk=document.pk), people[name]).exists()}


def test_a_confidential_document_is_seen_by_participants_and_the_ministry_only(people):
    document = attached_document(people["project"], people["editor"], confidential=True)
    assert _seen_by(document, people) == set(SEES_ALL)


def test_a_document_that_is_not_confidential_is_seen_by_whoever_sees_the_project(people):
    document = attached_document(people["project"], people["editor"], confidential=False)
    assert _seen_by(document, people) == {*SEES_ALL, "outsider", "partner"}


def test_partners_never_see_documents_of_alliance_only_projects(people):
    people["project"].visibility = "alliance"
    people["project"].save()
    document = attached_document(people["project"], people["editor"], confidential=False)
    assert "partner" not in _seen_by(document, people)
    assert "outsider" in _seen_by(document, people)


def test_evidence_on_a_draft_is_seen_by_its_participants_only(people):
    document = attached_document(people["draft"], people["editor"], confidential=False)
    assert _seen_by(document, people) == {"editor", "colleague"}  # ministry staff never see drafts


def test_evidence_on_an_accepted_update_goes_with_it(people):
    accepted = StatusUpdateFactory(project=people["project"], author=people["editor"], period=datetime.date(2026, 9, 1))
    document = attached_document(people["draft"], people["editor"], confidential=False)
    Document.objects.filter(pk=document.pk).update(status_update=accepted)
    assert _seen_by(document, people) == {*SEES_ALL, "outsider", "partner"}


def test_a_confidential_barrier_document_is_seen_by_the_participants_of_a_blocked_project(people):
    from tests.factories import PolicyBarrierFactory

    barrier = PolicyBarrierFactory()
    barrier.projects.add(people["project"])
    document = attached_document(barrier, people["admin"], confidential=True)
    assert _seen_by(document, people) == set(SEES_ALL)


def test_the_download_is_a_404_for_whoever_may_not_see_it(people):
    document = attached_document(people["project"], people["editor"])
    url = reverse("document_download", args=[document.pk])
    for name in ("outsider", "partner"):
        assert client_of(people[name]).get(url).status_code == 404
    assert client_of(people["viewer"]).get(url).status_code == 200


def test_a_pdf_opens_in_the_browser_with_its_korean_name(people):
    document = attached_document(people["project"], people["editor"], name="결과 보고서.pdf")
    response = client_of(people["viewer"]).get(reverse("document_download", args=[document.pk]))
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"inline; filename*=utf-8''{quote('결과 보고서.pdf')}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(PDF_BYTES))


def test_asking_for_an_attachment_downloads_even_a_pdf(people):
    document = attached_document(people["project"], people["editor"], name="보고서.pdf")
    response = client_of(people["editor"]).get(reverse("document_download", args=[document.pk]) + "?attachment=1")
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")


@pytest.mark.parametrize(
    ("content_type", "content"),
    [("image/svg+xml", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
     ("text/html", b"<html><script>alert(1)</script></html>")],
)  # fmt: skip
def test_a_file_a_browser_could_run_is_always_an_attachment(people, content_type, content):
    """Such a file is never accepted; one stored by other means (an older rule, a restored backup) is still only
    ever a download."""
    document = attached_document(people["project"], people["editor"])
    blob = services.storage().save("documents/00/planted", upload("x", content))
    DocumentVersion.objects.create(
        document=document, number=2, name="drawing.svg", blob=blob, size=len(content), sha256="0" * 64,
        content_type=content_type, uploaded_by=people["editor"],
    )  # fmt: skip
    response = client_of(people["editor"]).get(reverse("document_download", args=[document.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_older_versions_stay_downloadable(people):
    document = attached_document(people["project"], people["editor"], name="plan.pdf")
    services.add_version(document, upload("plan.pdf", PDF_BYTES + b"%2\n"), people["editor"], expected_version=1)
    client = client_of(people["colleague"])
    first = client.get(reverse("document_version_download", args=[document.pk, 1]))
    latest = client.get(reverse("document_download", args=[document.pk]))
    assert b"".join(first.streaming_content) == PDF_BYTES
    assert b"".join(latest.streaming_content) == PDF_BYTES + b"%2\n"
    assert client.get(reverse("document_version_download", args=[document.pk, 3])).status_code == 404


def test_a_member_editor_attaches_evidence_to_this_months_draft(people):
    client = client_of(people["editor"])
    url = reverse("document_attach", args=["status_update", people["draft"].pk])
    back = reverse("status_update_edit", args=[people["project"].code])
    response = client.post(url, {"file": upload("시험 결과.pdf"), "confidential": "on", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    document = Document.objects.get(status_update=people["draft"])
    assert (document.name, document.confidential, document.project) == ("시험 결과.pdf", True, people["project"])
    page = client.get(back)
    assert "시험 결과.pdf" in page.content.decode()


def test_a_renamed_executable_is_refused_with_a_message_and_nothing_kept(people):
    client = client_of(people["editor"])
    url = reverse("document_attach", args=["project", people["project"].pk])
    response = client.post(url, {"file": upload("report.pdf", b"MZ\x90\x00" * 64), "folder": "results"}, follow=True)
    assert "This kind of file is not accepted" in response.content.decode()
    assert not Document.objects.exists()


def test_a_library_document_needs_a_folder(people):
    client = client_of(people["editor"])
    url = reverse("document_attach", args=["project", people["project"].pk])
    response = client.post(url, {"file": upload()}, follow=True)
    assert "This field is required" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "colleague", "viewer", "partner"])
def test_only_those_who_change_the_project_attach_to_it(people, who):
    url = reverse("document_attach", args=["project", people["project"].pk])
    response = client_of(people[who]).post(url, {"file": upload(), "folder": "results"})
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_no_evidence_is_added_to_a_submitted_update(people):
    people["draft"].state = "submitted"
    people["draft"].submitted_at = timezone.now()
    people["draft"].save()
    url = reverse("document_attach", args=["status_update", people["draft"].pk])
    assert client_of(people["editor"]).post(url, {"file": upload()}).status_code == 404


def test_an_unknown_kind_of_parent_is_a_404(people):
    url = reverse("document_attach", args=["organization", people["project"].pk])
    assert client_of(people["admin"]).post(url, {"file": upload()}).status_code == 404


def test_a_new_version_from_a_stale_page_is_refused(people):
    document = attached_document(people["project"], people["editor"])
    services.add_version(document, upload(), people["admin"], expected_version=1)
    url = reverse("document_detail", args=[document.pk])
    response = client_of(people["editor"]).post(url, {"file": upload(), "version": 1})
    assert "Someone else changed this" in response.content.decode()
    assert document.versions.count() == 2


def test_the_uploader_deletes_and_restores_within_30_days(people):
    document = attached_document(people["project"], people["editor"])
    client = client_of(people["editor"])
    response = client.post(reverse("document_delete", args=[document.pk]), {"version": document.version})
    assert response.status_code == 302
    assert client.get(reverse("document_download", args=[document.pk])).status_code == 404
    library = client.get(reverse("project_documents", args=[people["project"].code])).content.decode()
    assert "Deleted documents" in library and "restorable until" in library
    assert client.post(reverse("document_restore", args=[document.pk])).status_code == 302
    assert client.get(reverse("document_download", args=[document.pk])).status_code == 200
    detail = client.get(reverse("document_detail", args=[document.pk])).content.decode()
    assert [line.split(" · ")[-1] for line in re.findall(r"<li>([^<]*)</li>", detail)[-3:]] == [
        "Restored", "Deleted", "Uploaded",
    ]  # fmt: skip


def test_after_30_days_a_deleted_document_cannot_be_restored(people):
    document = attached_document(people["project"], people["editor"])
    services.delete_document(document, people["editor"], expected_version=document.version)
    Document.objects.filter(pk=document.pk).update(deleted_at=timezone.now() - datetime.timedelta(days=31))
    binned = Document.objects.filter(pk=document.pk).values("deleted_at", "deleted_by", "version").get()
    assert client_of(people["editor"]).post(reverse("document_restore", args=[document.pk])).status_code == 404
    assert Document.objects.filter(pk=document.pk).values("deleted_at", "deleted_by", "version").get() == binned
    assert not Document.objects.live().filter(pk=document.pk).exists()


def test_another_editor_of_the_same_organization_may_not_delete_ones_upload(people):
    document = attached_document(people["project"], people["editor"])
    other_editor = UserFactory(role="member_editor", organization=people["editor"].organization)
    url = reverse("document_delete", args=[document.pk])
    assert client_of(other_editor).post(url, {"version": document.version}).status_code == 404
    assert client_of(people["admin"]).post(url, {"version": document.version}).status_code == 302
    assert Document.objects.deleted().filter(pk=document.pk, deleted_by=people["admin"]).exists()


def test_the_project_documents_page_groups_what_one_may_see(people, django_assert_max_num_queries):
    attached_document(people["project"], people["editor"], name="contract.pdf", folder="contracts")
    attached_document(people["draft"], people["editor"], name="evidence.pdf", confidential=False)
    for n in range(5):
        attached_document(people["project"], people["editor"], name=f"result-{n}.pdf")
    url = reverse("project_documents", args=[people["project"].code])
    client = client_of(people["viewer"])
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert "contract.pdf" in page and "result-4.pdf" in page
    assert "evidence.pdf" not in page  # on a draft: the ministry does not see it
    assert "Add to the library" not in page  # ministry viewers do not change projects
    outsider_page = client_of(people["outsider"]).get(url).content.decode()
    assert "contract.pdf" not in outsider_page and "evidence.pdf" not in outsider_page
    assert "No documents have been filed" in outsider_page
