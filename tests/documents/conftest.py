import pytest
from django.utils import translation

from members.models import Role
from tests.factories import ParticipantFactory, ProjectFactory, StatusUpdateFactory, UserFactory


@pytest.fixture
def people(db):
    """An open-data project with a participating editor and viewer, a member editor of another organization,
    ministry staff and a partner, all reading English; the project's draft update for this month."""
    project = ProjectFactory(visibility="open")
    editor = UserFactory(role=Role.MEMBER_EDITOR, preferred_language="en")
    ParticipantFactory(project=project, organization=editor.organization)
    return {
        "project": project,
        "editor": editor,
        "colleague": UserFactory(role=Role.MEMBER_VIEWER, organization=editor.organization, preferred_language="en"),
        "outsider": UserFactory(role=Role.MEMBER_EDITOR, preferred_language="en"),
        "admin": UserFactory(role=Role.MINISTRY_ADMIN, preferred_language="en"),
        "viewer": UserFactory(role=Role.MINISTRY_VIEWER, preferred_language="en"),
        "partner": UserFactory(role=Role.PARTNER, preferred_language="en"),
        "draft": StatusUpdateFactory(project=project, author=editor, state="draft", submitted_at=None),
    }


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield
