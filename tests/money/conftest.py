import pytest

from members.models import Role
from tests.factories import ParticipantFactory, ProjectFactory, UserFactory


@pytest.fixture
def money(db):
    """A project led by one organization with a second taking part, an editor at each, an outsider member editor,
    a partner and ministry staff (the cost categories exist: ``money.apps``)."""
    project = ProjectFactory()
    partner_org = ParticipantFactory(project=project).organization
    lead = project.lead_organization
    return {
        "project": project,
        "lead": lead,
        "partner_org": partner_org,
        "lead_editor": UserFactory(organization=lead, role=Role.MEMBER_EDITOR, preferred_language="en"),
        "partner_editor": UserFactory(organization=partner_org, role=Role.MEMBER_EDITOR, preferred_language="en"),
        "outsider": UserFactory(role=Role.MEMBER_EDITOR, preferred_language="en"),
        "partner": UserFactory(role=Role.PARTNER, organization=None, preferred_language="en"),
        "admin": UserFactory(role=Role.MINISTRY_ADMIN, organization=None, preferred_language="en"),
        "viewer": UserFactory(role=Role.MINISTRY_VIEWER, organization=None, preferred_language="en"),
    }
