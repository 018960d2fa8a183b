"""The size limit holds before the body is read: a 100 MB upload is answered 413 without the process reading it or
growing by it; a file that passes the limit within a body of an acceptable length is stopped as it streams."""

import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse

from documents.models import Document
from members.tokens import issue_token
from tests.factories import PDF_BYTES, upload

pytestmark = pytest.mark.django_db
HUNDRED_MB = 100 * 2**20


class Body:
    """A request body of ``length`` bytes made up as it is read, counting what was read."""

    def __init__(self, length: int):
        self.length, self.read_bytes = length, 0

    def read(self, size: int = -1) -> bytes:
        size = self.length - self.read_bytes if size is None or size < 0 else size
        size = min(size, self.length - self.read_bytes)
        self.read_bytes += size
        return b"x" * size

    def readline(self, size: int = -1) -> bytes:
        return self.read(min(size, 1024) if size and size > 0 else 1024)


def resident_bytes() -> int:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


def post_through_wsgi(path: str, body: Body, **headers) -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http", "wsgi.input": body, "wsgi.errors": sys.stderr,
        "CONTENT_TYPE": "multipart/form-data; boundary=----limit", "CONTENT_LENGTH": str(body.length), **headers,
    }  # fmt: skip
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = status

    # As Django's test client does: the test's database connection stays open across the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, start_response)
        content = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], content


@pytest.mark.parametrize("where", ["api", "page"])
def test_a_100_mb_upload_is_refused_unread(people, where):
    token = issue_token(people["editor"], name="t", scopes=["read", "write"])[1]
    page = reverse("document_attach", args=["project", people["project"].pk])
    path = "/api/v1/documents/" if where == "api" else page
    body = Body(HUNDRED_MB)
    before = resident_bytes()
    status, content = post_through_wsgi(path, body, HTTP_AUTHORIZATION=f"Bearer {token}")
    grown = resident_bytes() - before
    assert status.startswith("413")
    assert "25 MB" in content.decode()
    assert body.read_bytes == 0
    assert grown < 10 * 2**20, f"the process grew by {grown / 2**20:.1f} MB"
    assert not Document.objects.exists()


def test_a_file_passing_the_limit_within_an_acceptable_body_is_stopped_as_it_streams(people, settings):
    settings.DOCUMENT_MAX_BYTES = 2**20
    token = issue_token(people["editor"], name="t", scopes=["read", "write"])[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")
    just_over = PDF_BYTES + b"0" * (2**20 + 1 - len(PDF_BYTES))  # the body's length is within the form's room
    sent = {"attached_to": "project", "project": people["project"].code, "folder": "results"}
    response = client.post("/api/v1/documents/", {**sent, "file": upload("big.pdf", just_over)})
    assert response.status_code == 413
    assert response.json()["detail"] == "The file is larger than the limit of 1 MB."
    assert not Document.objects.exists()
    exactly = client.post("/api/v1/documents/", {**sent, "file": upload("fits.pdf", just_over[:-1])})
    assert exactly.status_code == 201


def test_the_page_says_so_when_the_file_passes_the_limit(people, settings):
    settings.DOCUMENT_MAX_BYTES = 2**20
    client = Client()
    client.force_login(people["editor"])
    big = PDF_BYTES + b"0" * 2**20
    url = reverse("document_attach", args=["project", people["project"].pk])
    response = client.post(url, {"file": upload("big.pdf", big), "folder": "results"})
    assert response.status_code == 413
    assert "1 MB" in response.content.decode()
    assert not Document.objects.exists()
