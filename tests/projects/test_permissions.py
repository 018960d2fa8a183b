import pytest
from django.contrib.auth.models import AnonymousUser

from members.models import Role
from projects.models import Project
from tests.factories import ParticipantFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio():
    own = ProjectFactory()
    joined = ProjectFactory()
    other = ProjectFactory()
    editor = UserFactory(role=Role.MEMBER_EDITOR, organization=own.lead_organization)
    ParticipantFactory(project=joined, organization=editor.organization)
    return {"own": own, "joined": joined, "other": other, "editor": editor}


@pytest.mark.parametrize("role", [Role.MINISTRY_ADMIN, Role.MINISTRY_VIEWER, Role.MEMBER_VIEWER, Role.PARTNER])
def test_every_signed_in_role_sees_the_whole_portfolio(portfolio, role):
    user = UserFactory(role=role)
    assert Project.objects.visible_to(user).count() == 3


def test_anonymous_and_deactivated_users_see_nothing(portfolio):
    assert not Project.objects.visible_to(AnonymousUser()).exists()
    assert not Project.objects.visible_to(UserFactory(role=Role.MINISTRY_ADMIN, is_active=False)).exists()


def test_member_editor_may_edit_only_projects_their_organization_takes_part_in(portfolio):
    editable = set(Project.objects.editable_by(portfolio["editor"]))
    assert editable == {portfolio["own"], portfolio["joined"]}


def test_ministry_admin_may_edit_everything(portfolio):
    assert Project.objects.editable_by(UserFactory(role=Role.MINISTRY_ADMIN)).count() == 3


@pytest.mark.parametrize("role", [Role.MINISTRY_VIEWER, Role.MEMBER_VIEWER, Role.PARTNER])
def test_read_only_roles_may_edit_nothing(portfolio, role):
    user = UserFactory(
        role=role, organization=portfolio["own"].lead_organization if role == Role.MEMBER_VIEWER else None
    )
    assert not Project.objects.editable_by(user).exists()
