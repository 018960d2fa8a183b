"""Browser protections on every response: a strict Content-Security-Policy and the other security headers."""

import pytest

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    directives = [part.strip().split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: values for name, *values in directives}


@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/projects/", "/api/v1/projects/"])
def test_pages_and_api_carry_a_strict_policy_and_the_security_headers(client, users, path):
    client.force_login(users["member"])
    response = client.get(path)
    csp = policy(response)
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_only_the_api_documentation_viewers_may_set_styles_from_script(client, users):
    client.force_login(users["partner"])
    for path in ("/api/docs/", "/api/redoc/"):
        csp = policy(client.get(path))
        assert "'unsafe-inline'" in csp["style-src"] and csp["script-src"] == ["'self'"]
    swagger = client.get("/api/docs/").content.decode()
    assert "<script>" not in swagger.replace(" ", "")  # its start-up script is a file of its own


def test_a_request_body_over_the_limit_is_refused_and_changes_nothing(client, users):
    client.force_login(users["member"])
    language = users["member"].preferred_language
    response = client.post("/i18n/setlang/", {"language": "en", "padding": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 400
    users["member"].refresh_from_db()
    assert users["member"].preferred_language == language
