"""The audit log records sign-ins, refusals, tokens and changes, and ministry staff filter and export it."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from members.models import AuditEvent
from members.tokens import issue_token, revoke_token
from tests.factories import AuditEventFactory

Kind = AuditEvent.Kind


@pytest.fixture(autouse=True)
def empty_log(users):
    """Start each test with an empty log (loading the demo data logged its changes)."""
    AuditEvent.objects.all().delete()


def events(kind):
    return list(AuditEvent.objects.filter(kind=kind).order_by("pk"))


def test_sign_ins_and_failures_are_recorded_with_the_address(client, users):
    client.post("/accounts/login/", {"username": "member", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")
    client.post("/accounts/login/", {"username": "member", "password": "alliance-demo-2026"}, REMOTE_ADDR="203.0.113.7")
    client.post("/accounts/logout/", REMOTE_ADDR="203.0.113.7")
    [failed], [signed_in], [signed_out] = events(Kind.SIGN_IN_FAILED), events(Kind.SIGN_IN), events(Kind.SIGN_OUT)
    assert (failed.username, failed.user, failed.ip_address) == ("member", None, "203.0.113.7")
    assert (signed_in.user, signed_in.ip_address) == (users["member"], "203.0.113.7")
    assert signed_out.user == users["member"]


def test_a_lockout_is_recorded(client, users):
    for _attempt in range(5):
        client.post("/accounts/login/", {"username": "viewer", "password": "wrong"}, REMOTE_ADDR="198.51.100.2")
    assert [e.username for e in events(Kind.LOCKED_OUT)] == ["viewer"]


def test_refused_object_access_is_recorded_for_pages_and_the_api(client, users, foreign_project):
    client.force_login(users["member"])
    assert client.get(f"/projects/{foreign_project.code}/update/").status_code == 404
    milestone = foreign_project.milestones.first()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token(users['member'], name='t', scopes=['read', 'write'])[1]}")
    response = api.patch(f"/api/v1/milestones/{milestone.pk}/", {"status": "done"}, format="json")
    assert response.status_code == 404
    denied = events(Kind.ACCESS_DENIED)
    assert [(e.user, e.subject, e.detail) for e in denied] == [
        (users["member"], f"/projects/{foreign_project.code}/update/", "GET 404"),
        (users["member"], f"/api/v1/milestones/{milestone.pk}/", "PATCH 404"),
    ]


def test_an_unknown_address_is_not_an_access_refusal(client, users):
    client.force_login(users["member"])
    assert client.get("/no-such-page/").status_code == 404
    assert events(Kind.ACCESS_DENIED) == []


def test_tokens_issued_and_revoked_are_recorded(users):
    record, _token = issue_token(users["partner"], name="analytics", scopes=["read"])
    revoke_token(record)
    assert [(e.kind, e.user, e.subject) for e in AuditEvent.objects.filter(user=users["partner"]).order_by("pk")] == [
        (Kind.TOKEN_CREATED, users["partner"], f"{record.prefix}… analytics"),
        (Kind.TOKEN_REVOKED, users["partner"], f"{record.prefix}… analytics"),
    ]


def test_a_change_through_a_page_is_recorded_with_who_made_it(client, users, own_project):
    client.force_login(users["member"])
    milestone = own_project.milestones.order_by("pk").first()
    url = f"/projects/{own_project.code}/milestones/{milestone.pk}/"
    response = client.post(
        url,
        {
            "forecast_date": "2030-01-01",
            "status": milestone.status,
            "completed_date": "",
            "version": milestone.version,
            "reason": "공급 일정 변경",
        },
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    changes = [(e.user, e.subject, e.detail) for e in events(Kind.CHANGE) if e.user]  # not the sign-in's last_login
    assert changes == [(users["member"], f"{milestone._meta.verbose_name}: {milestone}", "changed")]


@pytest.fixture
def logged(users, db):
    return [
        AuditEventFactory(kind=Kind.SIGN_IN, username="member", user=users["member"]),
        AuditEventFactory(kind=Kind.SIGN_IN_FAILED, username="viewer", subject=""),
        AuditEventFactory(kind=Kind.ACCESS_DENIED, username="member", subject="/projects/X/update/"),
    ]


def test_ministry_filters_the_log_by_event_and_user(client, users, logged):
    client.force_login(users["viewer"])
    AuditEvent.objects.filter(kind=Kind.SIGN_IN, user=users["viewer"]).delete()  # the test's own sign-in aside
    page = client.get("/audit/?kind=access_denied&username=member").content.decode()
    assert "/projects/X/update/" in page
    assert page.count("<tr>") == 2  # header and one event


def test_a_bad_filter_shows_its_error_and_no_rows(client, users, logged):
    client.force_login(users["viewer"])
    response = client.get("/audit/?since=yesterday&kind=nonsense")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("invalid-feedback") == 2 and "<tbody>" not in page


def test_the_csv_holds_the_filtered_events(client, users, logged):
    client.force_login(users["ministry"])
    response = client.get("/audit/export.csv?username=member")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 3  # header + the member's two events
    assert {row[2] for row in rows[1:]} == {"member"}
    assert rows[1][4] == "/projects/X/update/"  # newest first


def test_the_log_page_runs_a_fixed_number_of_queries(client, users, logged, django_assert_max_num_queries):
    AuditEventFactory.create_batch(120, kind=Kind.CHANGE, username="member", subject="project: X")
    client.force_login(users["ministry"])
    with django_assert_max_num_queries(10):
        assert client.get("/audit/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/audit/?page=3&kind=change").status_code == 200


def test_a_password_typed_as_the_username_never_reaches_the_log(client, users):
    """A failed sign-in keeps its username only when an account has it; anything else may be someone's password."""
    client.post("/accounts/login/", {"username": "S3cret-Passw0rd!", "password": "x"}, REMOTE_ADDR="203.0.113.9")
    client.post("/accounts/login/", {"username": "viewer", "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    assert [e.username for e in events(Kind.SIGN_IN_FAILED)] == ["(unknown)", "viewer"]
    assert not AuditEvent.objects.filter(username__contains="S3cret").exists()
    assert not AuditEvent.objects.filter(detail__contains="S3cret").exists()
    assert not AuditEvent.objects.filter(subject__contains="S3cret").exists()
