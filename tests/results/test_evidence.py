"""A result's evidence documents: listed in the API with their download links and on the result's page, each reader
seeing only the documents the access policy lets them see (a confidential one stays with the participants)."""

import pytest
from django.test import Client

from core import reviewed
from members.tokens import issue_token
from results import services as result_services
from tests.factories import attached_document, draft_result

pytestmark = pytest.mark.django_db


def accepted_with_evidence(people, **fields):
    """An accepted result backed by an open document and a confidential one of the project's library."""
    editor = people["editor"]
    result = draft_result(people["project"], editor, **fields)
    shown = attached_document(people["project"], editor, name="open-evidence.pdf", confidential=False)
    kept = attached_document(people["project"], editor, name="confidential-evidence.pdf")
    result_services.save_result(result, editor, expected_version=result.version, evidence=[shown, kept])
    reviewed.submit(result, by=editor, expected_version=result.version)
    reviewed.decide(result, people["admin"], accept=True, expected_version=result.version)
    return result, shown, kept


def api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user, name='t', scopes=['read'])[1]}")


def test_the_api_lists_only_the_evidence_each_reader_may_see_with_its_download_link(people):
    result, shown, kept = accepted_with_evidence(people)
    participant = api(people["editor"]).get(f"/api/v1/results/{result.pk}/").json()
    assert [document["name"] for document in participant["evidence"]] == [kept.name, shown.name]
    outsider = api(people["outsider"])
    evidence = outsider.get(f"/api/v1/results/{result.pk}/").json()["evidence"]
    assert evidence == [{"id": shown.pk, "name": shown.name, "download_url": f"/api/v1/documents/{shown.pk}/download/"}]
    assert outsider.get(evidence[0]["download_url"]).status_code == 200
    assert outsider.get(f"/api/v1/documents/{kept.pk}/download/").status_code == 404


def test_a_document_moved_to_the_bin_leaves_the_evidence(people):
    from documents import services as document_services

    result, shown, _kept = accepted_with_evidence(people)
    document_services.delete_document(shown, people["editor"], expected_version=shown.version)
    evidence = api(people["outsider"]).get(f"/api/v1/results/{result.pk}/").json()["evidence"]
    assert evidence == []


def test_the_result_list_reads_the_evidence_in_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    for number in range(12):
        accepted_with_evidence(people, title=f"Result {number}")
    client = api(people["outsider"])
    with django_assert_max_num_queries(9):
        rows = client.get("/api/v1/results/").json()["results"]
    assert len(rows) == 12 and all(len(row["evidence"]) == 1 for row in rows)


def test_the_results_page_links_only_the_evidence_the_reader_may_see(people):
    result, shown, kept = accepted_with_evidence(people)
    client = Client()
    client.force_login(people["outsider"])
    page = client.get(f"/projects/{people['project'].code}/results/{result.pk}/").content.decode()
    assert shown.name in page and f"/documents/{shown.pk}/download/" in page
    assert kept.name not in page
