import importlib

import pytest

from members.models import Role
from money.models import CostCategory
from tests.factories import ParticipantFactory, ProjectFactory, UserFactory

CATEGORIES = importlib.import_module("money.migrations.0002_categories_sums_frozen").CATEGORIES


@pytest.fixture
def money(db):
    """A project led by one organization with a second taking part, an editor at each, an outsider member editor,
    a partner and ministry staff; the cost categories (a flush by an earlier module's teardown removes them)."""
    for order, (code, name_ko, name_en) in enumerate(CATEGORIES):
        CostCategory.objects.get_or_create(code=code, defaults={"name_ko": name_ko, "name_en": name_en, "order": order})
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
