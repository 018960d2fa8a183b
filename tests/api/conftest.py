import pytest
from rest_framework.test import APIClient

from members.tokens import issue_token


@pytest.fixture
def tokens(users):
    """A read token for every demo user, and write tokens for the two who may write."""
    issued = {name: issue_token(user, name="test", scopes=["read"])[1] for name, user in users.items()}
    for name in ("ministry", "member"):
        issued[f"{name}:write"] = issue_token(users[name], name="test", scopes=["read", "write"])[1]
    return issued


@pytest.fixture
def api(tokens):
    """``api("member:write")`` is an API client sending that user's bearer token; ``api(None)`` sends none."""

    def client(who: str | None, **headers) -> APIClient:
        c = APIClient(**headers)
        if who:
            c.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[who]}")
        return c

    return client
