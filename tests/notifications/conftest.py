import pytest
from django.core.cache import cache

from members.models import Role
from tests import factories


@pytest.fixture(autouse=True)
def no_cached_counts():
    """Unread counts start uncounted in every test (the cache outlives a test's rolled-back rows)."""
    cache.clear()


@pytest.fixture
def cast(db):
    """A project led by one organization, and people around it: its editor (the author of its updates) and viewer,
    an editor of an organization taking no part, two ministry administrators, a ministry viewer and a partner."""
    lead = factories.OrganizationFactory()
    project = factories.ProjectFactory(lead_organization=lead, visibility="alliance", government_budget_krw=987654321)
    people = {
        "author": factories.UserFactory(role=Role.MEMBER_EDITOR, organization=lead),
        "colleague": factories.UserFactory(role=Role.MEMBER_VIEWER, organization=lead),
        "outsider": factories.UserFactory(role=Role.MEMBER_EDITOR),
        "admin": factories.UserFactory(role=Role.MINISTRY_ADMIN),
        "admin2": factories.UserFactory(role=Role.MINISTRY_ADMIN),
        "viewer": factories.UserFactory(role=Role.MINISTRY_VIEWER),
        "partner": factories.UserFactory(role=Role.PARTNER),
    }
    return project, people
