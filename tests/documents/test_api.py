"""The documents API: the same policy and services as the pages — multipart uploads, If-Match on a new version and
on deletion, problem details for refused files (413, 415), downloads with the UTF-8 name."""

from urllib.parse import quote

import pytest
from django.test import Client

from documents.models import Document, DocumentVersion
from members.tokens import issue_token
from tests.factories import PDF_BYTES, attached_document, upload

pytestmark = pytest.mark.django_db
URL = "/api/v1/documents/"


def kept(document_files) -> tuple:
    """The documents, their versions and the stored files: what a refused upload must leave as it was."""
    files = sorted(str(path) for path in document_files.rglob("*") if path.is_file())
    return list(Document.objects.values_list("pk", "version")), list(DocumentVersion.objects.values_list("pk")), files


def api(user, write=False) -> Client:
    scopes = ["read", "write"] if write else ["read"]
    return Client(
        HTTP_AUTHORIZATION=f"Bearer {issue_token(user, name='t', scopes=scopes)[1]}", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_a_member_editor_uploads_replaces_and_deletes_a_document(people):
    client = api(people["editor"], write=True)
    sent = {"attached_to": "project", "project": people["project"].code, "folder": "plans"}
    created = client.post(URL, {**sent, "file": upload("계획.pdf")})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["name"], body["folder"], body["confidential"], body["project"]) == (
        "계획.pdf", "plans", True, people["project"].code,
    )  # fmt: skip
    assert [v["number"] for v in body["versions"]] == [1]
    url = f"{URL}{body['id']}/"
    assert client.post(f"{url}versions/", {"file": upload("계획.pdf")}).status_code == 428
    replaced = client.post(f"{url}versions/", {"file": upload("계획.pdf")}, HTTP_IF_MATCH=created["ETag"])
    assert replaced.status_code == 201
    assert [v["number"] for v in replaced.json()["versions"]] == [2, 1]
    stale = client.post(f"{url}versions/", {"file": upload()}, HTTP_IF_MATCH=created["ETag"])
    assert stale.status_code == 412
    assert client.delete(url).status_code == 428
    assert client.delete(url, HTTP_IF_MATCH=replaced["ETag"]).status_code == 204
    assert client.get(url).status_code == 404
    assert Document.objects.deleted().filter(pk=body["id"], deleted_by=people["editor"]).exists()


def test_evidence_is_attached_to_a_status_update_by_its_id(people):
    client = api(people["editor"], write=True)
    created = client.post(URL, {"attached_to": "status_update", "status_update": people["draft"].pk, "file": upload()})
    assert created.status_code == 201, created.content
    assert created.json()["status_update"] == people["draft"].pk


def test_a_renamed_executable_is_415_and_nothing_is_kept(people):
    client = api(people["editor"], write=True)
    sent = {"attached_to": "project", "project": people["project"].code, "folder": "results"}
    refused = client.post(URL, {**sent, "file": upload("report.pdf", b"MZ\x90\x00" * 64)})
    assert refused.status_code == 415
    assert refused["Content-Type"] == "application/problem+json"
    assert "not accepted" in refused.json()["detail"]
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_413(people, settings):
    settings.DOCUMENT_MAX_BYTES = 10
    client = api(people["editor"], write=True)
    sent = {"attached_to": "project", "project": people["project"].code, "folder": "results", "file": upload()}
    refused = client.post(URL, sent)
    assert refused.status_code == 413 and refused["Content-Type"] == "application/problem+json"
    assert not Document.objects.exists()


def test_over_the_quota_is_413_and_nothing_is_kept(people, settings, document_files):
    settings.DOCUMENT_PROJECT_QUOTA_BYTES = len(PDF_BYTES)
    attached_document(people["project"], people["editor"])
    client = api(people["editor"], write=True)
    sent = {"attached_to": "project", "project": people["project"].code, "folder": "results", "file": upload()}
    before = kept(document_files)
    refused = client.post(URL, sent)
    assert refused.status_code == 413 and "quota" in refused.json()["detail"]
    assert kept(document_files) == before


@pytest.mark.parametrize(
    "sent",
    [
        {"attached_to": "project", "folder": "results"},  # which project?
        {"attached_to": "project", "project": "X", "folder": "lost-and-found"},
        {"attached_to": "organization", "project": "X"},
        {"attached_to": "milestone", "milestone": "many"},
        {"attached_to": "milestone", "milestone": 10**30},
    ],
)
def test_malformed_uploads_are_400_and_nothing_is_kept(people, sent, document_files):
    before = kept(document_files)
    response = api(people["editor"], write=True).post(URL, {**sent, "file": upload()})
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert kept(document_files) == before


def test_a_missing_file_is_400(people):
    sent = {"attached_to": "project", "project": people["project"].code, "folder": "results"}
    response = api(people["editor"], write=True).post(URL, sent)
    assert response.status_code == 400 and "file" in response.json()["errors"]


def test_attaching_to_what_one_may_not_change_is_404(people):
    client = api(people["outsider"], write=True)
    sent = {"attached_to": "project", "project": people["project"].code, "folder": "results", "file": upload()}
    assert client.post(URL, sent).status_code == 404
    assert not Document.objects.exists()


def test_partners_list_only_documents_that_are_not_confidential(people):
    open_paper = attached_document(people["project"], people["editor"], name="공개.pdf", confidential=False)
    attached_document(people["project"], people["editor"], name="내부.pdf", confidential=True)
    attached_document(people["draft"], people["editor"], name="draft-evidence.pdf", confidential=False)
    listed = api(people["partner"]).get(URL)
    assert [d["name"] for d in listed.json()["results"]] == ["공개.pdf"]
    download = api(people["partner"]).get(f"{URL}{open_paper.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('공개.pdf')}"


def test_the_list_filters_and_keeps_its_queries(people, django_assert_max_num_queries):
    for n in range(6):
        attached_document(people["project"], people["editor"], name=f"r{n}.pdf")
    attached_document(people["draft"], people["editor"], name="evidence.pdf")
    client = api(people["colleague"])
    with django_assert_max_num_queries(8):
        everything = client.get(URL).json()["results"]
    assert len(everything) == 7
    evidence = client.get(URL, {"status_update": people["draft"].pk}).json()["results"]
    assert [d["name"] for d in evidence] == ["evidence.pdf"]
    assert client.get(URL, {"folder": "nowhere"}).status_code == 400
    assert client.get(URL, {"milestone": "-1"}).status_code == 400


def test_an_odd_version_to_download_is_400_or_404(people):
    document = attached_document(people["project"], people["editor"])
    client = api(people["editor"])
    assert client.get(f"{URL}{document.pk}/download/", {"version": "abc"}).status_code == 400
    assert client.get(f"{URL}{document.pk}/download/", {"version": "7"}).status_code == 404
    assert client.get(f"{URL}{document.pk}/download/", {"version": "1"}).status_code == 200


def test_a_read_only_token_uploads_nothing(people, document_files):
    sent = {"attached_to": "project", "project": people["project"].code, "folder": "results", "file": upload()}
    before = kept(document_files)
    assert api(people["editor"]).post(URL, sent).status_code == 403
    assert kept(document_files) == before
