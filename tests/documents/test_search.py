"""Documents in the search box: by the start of a word of their name, through the access policy."""

import pytest
from django.db import connection
from django.test import Client

from core.search import prefix_query, vector
from documents.models import DOCUMENT_SEARCH, Document
from tests.factories import attached_document

pytestmark = pytest.mark.django_db


def found(user, text: str) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/search/", {"q": text}).content.decode()


def test_a_document_is_found_by_the_start_of_a_korean_word_of_its_name(people):
    attached_document(people["project"], people["editor"], name="실증결과보고서.pdf", confidential=False)
    page = found(people["outsider"], "실증")
    assert "실증결과보고서.pdf" in page and f"{people['project'].code} · " in page


def test_nobody_finds_a_document_they_may_not_see(people):
    attached_document(people["project"], people["editor"], name="협약서_비공개.pdf", confidential=True)
    attached_document(people["draft"], people["editor"], name="협약서_초안증빙.pdf", confidential=False)
    assert "협약서_비공개.pdf" not in found(people["outsider"], "협약서")
    assert "협약서_초안증빙.pdf" not in found(people["admin"], "협약서")  # evidence on a draft: participants only
    editor_sees = found(people["editor"], "협약서")
    assert "협약서_비공개.pdf" in editor_sees and "협약서_초안증빙.pdf" in editor_sees


def test_the_match_is_an_index_scan_of_the_documents_search_index():
    matching = Document.objects.annotate(document=vector(*DOCUMENT_SEARCH)).filter(document=prefix_query("보고서"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = matching.explain()
    assert "document_search" in plan
