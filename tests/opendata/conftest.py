import pytest

from opendata.models import Publication


@pytest.fixture
def published(users) -> Publication:
    """The demo's publication (its latest reviewed month, ratings published, files built)."""
    return Publication.objects.get()


@pytest.fixture
def anonymous():
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def fresh_count_for_the_test_address():
    """Each test starts with its own count of open-API and open-page requests from the test client's address:
    throttles count in Redis, which outlives a test, and the fuzzing in tests/api sends hundreds from that address."""
    from django.core.cache import cache

    from alliance_portal.api.throttling import PerAddressPageThrottle, PerAddressThrottle

    for throttle in (PerAddressThrottle, PerAddressPageThrottle):
        cache.delete(throttle.cache_format % {"scope": throttle.scope, "ident": "127.0.0.1"})
