import pytest
from django.core.management import CommandError, call_command

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
