import pytest

from members.models import Role
from tests.factories import ParticipantFactory, ProjectFactory, UserFactory


@pytest.fixture
def people(db):
    """A project with a participating editor, an editor and a viewer of another organization, ministry staff and a
    partner."""
    project = ProjectFactory(visibility="open")
    editor = UserFactory(role=Role.MEMBER_EDITOR, email="editor@owner.example")
    ParticipantFactory(project=project, organization=editor.organization)
    return {
        "project": project,
        "editor": editor,
        "outsider": UserFactory(role=Role.MEMBER_EDITOR, email="asker@other.example"),
        "outside viewer": UserFactory(role=Role.MEMBER_VIEWER),
        "admin": UserFactory(role=Role.MINISTRY_ADMIN),
        "second admin": UserFactory(role=Role.MINISTRY_ADMIN),
        "partner": UserFactory(role=Role.PARTNER),
    }
