import pytest
from django.utils import timezone, translation

from members.models import Role
from tests.factories import ParticipantFactory, ProjectFactory, UserFactory, published_checklist


@pytest.fixture
def checklist(db):
    return published_checklist(questions=3)


@pytest.fixture
def people(db):
    """A project with a participating editor and viewer, a member of another organization, ministry staff and a
    partner."""
    this_month = timezone.localdate().replace(day=1)  # started this month: its reporting is not stale
    project = ProjectFactory(phase="pilot", visibility="open", start_date=this_month)
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
    }


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield
