"""Production settings: every deployment check passes, and a missing secret stops start-up with a clear message."""

import secrets

import pytest

from tests.processes import run_django

pytestmark = pytest.mark.django_db

PRODUCTION = "alliance_portal.settings.production"
CHECK_DEPLOY = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def production_env(**overrides) -> dict:
    from django.conf import settings

    env = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example.kr",
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.kr",
    }
    return {**env, **overrides}


def test_production_settings_pass_every_deployment_check():
    result = run_django(CHECK_DEPLOY, PRODUCTION, **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "EMAIL_BACKEND", "EMAIL_HOST"])
def test_a_missing_setting_stops_start_up_naming_it(missing):
    result = run_django(CHECK_DEPLOY, PRODUCTION, **production_env(**{missing: ""}))
    assert result.returncode != 0 and f"Production settings need {missing}" in result.stderr


def test_a_weak_secret_key_fails_the_deployment_check():
    result = run_django(CHECK_DEPLOY, PRODUCTION, **production_env(SECRET_KEY="django-insecure-" + "a" * 40))
    assert result.returncode != 0 and "security.W009" in result.stderr


def test_without_https_the_deployment_check_says_so():
    result = run_django(CHECK_DEPLOY, PRODUCTION, **production_env(PORTAL_HTTPS="0"))
    assert result.returncode != 0 and "security.W008" in result.stderr + result.stdout  # no HTTPS redirect


def test_production_refuses_to_start_without_mail_settings():
    """Without a mail backend, password-reset and invitation links would be written into the log."""
    env = production_env()
    del env["EMAIL_BACKEND"], env["EMAIL_HOST"]
    result = run_django(CHECK_DEPLOY, PRODUCTION, **{**env, "EMAIL_BACKEND": ""})
    assert result.returncode != 0 and "Production settings need EMAIL_BACKEND" in result.stderr
    smtp_without_host = production_env(EMAIL_HOST="")
    result = run_django(CHECK_DEPLOY, PRODUCTION, **smtp_without_host)
    assert result.returncode != 0 and "Production settings need EMAIL_HOST" in result.stderr
