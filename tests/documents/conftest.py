import pytest
from django.utils import translation

from members.models import Role
from tests.factories import ParticipantFactory, ProjectFactory, StatusUpdateFactory, UserFactory


@pytest.fixture
def people(db):
    """An open-data project with a participating editor and viewer, a member editor of another organization,
    ministry staff and a partner; the project's draft update for this month."""
    project = ProjectFactory(visibility="open")
    editor = UserFactory(role=Role.MEMBER_EDITOR)
    ParticipantFactory(project=project, organization=editor.organization)
    return {
        "project": project,
        "editor": editor,
        "colleague": UserFactory(role=Role.MEMBER_VIEWER, organization=editor.organization),
        "outsider": UserFactory(role=Role.MEMBER_EDITOR),
        "admin": UserFactory(role=Role.MINISTRY_ADMIN),
        "viewer": UserFactory(role=Role.MINISTRY_VIEWER),
        "partner": UserFactory(role=Role.PARTNER),
        "draft": StatusUpdateFactory(project=project, author=editor, state="draft", submitted_at=None),
    }


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield
