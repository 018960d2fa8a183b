"""Links that leave the site (e-mails): the portal's address as configured, never the request's Host header."""

from django.conf import settings


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL + path
