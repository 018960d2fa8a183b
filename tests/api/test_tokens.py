import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from members.models import ApiToken
from members.tokens import authenticate_token, issue_token


def test_issue_token_prints_a_working_token_once_and_stores_only_its_hash(users, capsys):
    call_command("issue_token", "partner", "--expires-days", "30")
    token = capsys.readouterr().out.strip()
    record = authenticate_token(token)
    assert record.user == users["partner"] and record.scopes == "read"
    assert token not in str(ApiToken.objects.filter(pk=record.pk).values().get())


@pytest.mark.parametrize(
    ("args", "message"),
    [(["nobody"], "No active user"), (["partner", "--scopes", "read,write"], "cannot write"),
     (["member", "--expires-days", "400"], "between 1 and 365"), (["member", "--scopes", "admin"], "Scopes")],
)  # fmt: skip
def test_issue_token_refuses_bad_requests_clearly(users, args, message, english):
    with pytest.raises(CommandError, match=message):
        call_command("issue_token", *args)
    assert not ApiToken.objects.exists()


def test_user_creates_sees_once_and_revokes_a_token(client, users):
    client.force_login(users["member"])
    response = client.post("/accounts/tokens/", {"name": "ERP sync", "write": "on", "days": 30})
    token = response.context["new_token"]
    assert token and token in response.content.decode()
    assert token not in client.get("/accounts/tokens/").content.decode()  # shown once
    record = ApiToken.objects.get(user=users["member"])
    assert record.scopes == "read,write"
    client.post(f"/accounts/tokens/{record.pk}/revoke/")
    assert authenticate_token(token) is None


def test_nobody_revokes_someone_elses_token(client, users):
    record, _token = issue_token(users["partner"], name="x", scopes=["read"])
    client.force_login(users["member"])
    assert client.post(f"/accounts/tokens/{record.pk}/revoke/").status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None


def test_the_page_that_shows_a_new_token_is_never_cached(client, users):
    client.force_login(users["member"])
    response = client.post("/accounts/tokens/", {"name": "sync", "days": 30})
    assert "iaa_" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("who", "request_", "field", "message"),
    [("member", {"name": "  ", "scopes": ["read"]}, "name", "Give the token a name"),
     ("member", {"name": "sync", "scopes": ["read"], "days": 0}, "days", "between 1 and 365"),
     ("member", {"name": "sync", "scopes": ["read"], "days": -5}, "days", "between 1 and 365"),
     ("member", {"name": "sync", "scopes": ["write"]}, "scopes", "read, with write and webhooks"),
     ("member", {"name": "sync", "scopes": []}, "scopes", "read, with write and webhooks"),
     ("viewer", {"name": "sync", "scopes": ["read", "write"]}, "scopes", "cannot write"),
     ("partner", {"name": "sync", "scopes": ["read", "write"]}, "scopes", "cannot write")],
)  # fmt: skip
def test_issuing_refuses_what_no_token_may_be_and_stores_nothing(users, who, request_, field, message, english):
    with pytest.raises(ValidationError) as refused:
        issue_token(users[who], **request_)
    assert message in " ".join(refused.value.message_dict[field])
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("posted", "field"), [({"name": " ", "days": 30}, "name"), ({"name": "sync", "days": 0}, "days"),
                          ({"name": "sync", "days": 366}, "days"), ({"name": "sync", "days": "x"}, "days")],
)  # fmt: skip
def test_the_token_page_shows_why_a_token_was_refused(client, users, posted, field):
    client.force_login(users["member"])
    response = client.post("/accounts/tokens/", posted)
    assert response.status_code == 200 and response.context["new_token"] is None
    assert list(response.context["form"].errors) == [field]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "partner"])
def test_writes_are_not_offered_to_roles_that_cannot_write(client, users, who):
    client.force_login(users[who])
    assert 'name="write"' not in client.get("/accounts/tokens/").content.decode()
    response = client.post("/accounts/tokens/", {"name": "sync", "days": 30, "write": "on"})  # a forged tick
    assert response.status_code == 200 and response.context["new_token"]
    assert ApiToken.objects.get(user=users[who]).scopes == "read"


def test_last_use_is_noted_at_most_once_a_minute(users):
    record, token = issue_token(users["partner"], name="sync", scopes=["read"])
    start = timezone.now()
    with freeze_time(start) as clock:
        authenticate_token(token)
        assert ApiToken.objects.get(pk=record.pk).last_used_at == start
        clock.tick(59)
        with CaptureQueriesContext(connection) as queries:
            authenticate_token(token)
        assert len(queries) == 1  # the look-up only: no write within the minute
        assert ApiToken.objects.get(pk=record.pk).last_used_at == start
        clock.tick(2)
        authenticate_token(token)
        assert ApiToken.objects.get(pk=record.pk).last_used_at == start + datetime.timedelta(seconds=61)
