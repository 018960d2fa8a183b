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
