"""Before the first publication (no demo loaded in this module)."""

import pytest
from django.urls import reverse

from opendata.models import Publication

pytestmark = pytest.mark.django_db


def test_before_anything_is_published_the_portfolio_and_changelog_say_so(db, anonymous):
    """An empty database (no demo loaded): nothing published yet."""
    assert not Publication.objects.exists()
    for url in (reverse("open_portfolio"), reverse("open_changelog")):
        assert "Nothing has been published yet" in anonymous.get(url).content.decode()
