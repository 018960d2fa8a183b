"""Hostile files are answered, never parsed without limits: every case of the corpus (tests/documents/hostile.py)
is refused as "not accepted" — or accepted as its type, for the legitimate ones beside them — by the type check,
the upload service, the API and the page, while the memory Python allocates stays under a small bound."""

import io
import tracemalloc
from contextlib import contextmanager

import olefile
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from documents import files, services
from documents.models import Document
from tests.documents import hostile
from tests.documents.ole import compound_file
from tests.documents.test_api import URL, api
from tests.documents.test_pages import client_of
from tests.factories import upload

MEMORY_BOUND = 20 * 2**20
CASES = list(hostile.CORPUS)
REFUSED = [name for name in CASES if hostile.expected(name) is None]
NOT_ACCEPTED = "This kind of file is not accepted"


@contextmanager
def peak_memory():
    """The peak of the memory Python allocates inside the block, in ``measured["peak"]``."""
    measured = {}
    tracemalloc.start()
    try:
        yield measured
    finally:
        measured["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


@pytest.mark.parametrize("name", CASES)
def test_the_type_check_answers_each_hostile_file_within_the_memory_bound(name):
    content = hostile.content(name)
    with peak_memory() as measured:
        kind = files.sniff(io.BytesIO(content))
    assert measured["peak"] < MEMORY_BOUND
    assert kind is hostile.expected(name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASES)
def test_the_upload_service_answers_each_hostile_file_within_the_memory_bound(name):
    sent = upload(f"{name}.bin", hostile.content(name))
    with peak_memory() as measured:
        try:
            answer = services.check_upload(sent).kind
        except ValidationError as error:
            answer = error
    if hostile.expected(name) is None:
        assert isinstance(answer, ValidationError) and answer.code == "unsupported_type"
        assert NOT_ACCEPTED in answer.message
    else:
        assert answer is hostile.expected(name)
    assert measured["peak"] < MEMORY_BOUND


@pytest.mark.parametrize("name", CASES)
def test_the_api_answers_each_hostile_upload_within_the_memory_bound(people, name):
    client = api(people["editor"], write=True)
    sent = {"attached_to": "project", "project": people["project"].code, "folder": "results"}
    sent["file"] = upload(f"{name}.bin", hostile.content(name))
    with peak_memory() as measured:
        response = client.post(URL, sent)
    if hostile.expected(name) is None:
        assert response.status_code == 415, response.content
        assert NOT_ACCEPTED in response.json()["detail"]
        assert not Document.objects.exists()
    else:
        assert response.status_code == 201, response.content
        assert response.json()["name"].endswith(f".{hostile.expected(name).extension}")
    assert measured["peak"] < MEMORY_BOUND


@pytest.mark.parametrize("name", ["encrypted hwpx", "fat loop declaring 64 MB", "zip bomb named hwpx"])
def test_the_page_refuses_a_hostile_upload_with_the_form_message(people, name):
    client = client_of(people["editor"])
    url = reverse("document_attach", args=["project", people["project"].pk])
    sent = {"file": upload(f"{name}.hwpx", hostile.content(name)), "folder": "results"}
    with peak_memory() as measured:
        response = client.post(url, sent, follow=True)
    assert response.status_code == 200
    assert NOT_ACCEPTED in response.content.decode()
    assert not Document.objects.exists()
    assert measured["peak"] < MEMORY_BOUND


@pytest.mark.parametrize("variant", [{}, {"mini": True}])
def test_the_compound_files_built_for_the_tests_are_read_alike_by_olefile(variant):
    """The builder's files are well formed by another reader's account, so the legitimate ones test something."""
    with olefile.OleFileIO(io.BytesIO(compound_file("FileHeader", hostile.HWP_HEADER, **variant))) as ole:
        assert ole.openstream("FileHeader").read(32) == hostile.HWP_HEADER


STRUCTURED = ["hwp", "hwp with its header in the mini stream", "hwpx", "hwpx written as a stream", "nested zip"]


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(STRUCTURED),
    changes=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=8),
    cut=st.none() | st.integers(min_value=8),
)
def test_a_legitimate_file_with_bytes_changed_or_cut_is_answered_without_an_error(name, changes, cut):
    """Whatever bytes of a compound file or an archive are changed, the type check answers a type or None, within
    the memory bound; it never raises."""
    content = bytearray(hostile.content(name))
    for position, value in changes:
        content[position % len(content)] = value
    with peak_memory() as measured:
        kind = files.sniff(io.BytesIO(bytes(content[:cut])))
    assert kind is None or kind in files.ALLOWED
    assert measured["peak"] < MEMORY_BOUND
