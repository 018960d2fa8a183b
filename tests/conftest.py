import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def english():
    """Messages in English for the duration of a test (the portal's default language is Korean)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def today():
    """A fixed "today" for derived values, so expectations can be computed by hand."""
    import datetime

    return datetime.date(2026, 11, 27)
