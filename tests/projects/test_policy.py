"""The access policy: which projects, updates, milestones, indicators and reports each role may see or change."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from access import policy
from access.policy import CHANGE, REVIEW, VIEW, restrict
from core.reviewed import ReviewState
from members.models import Role
from projects.models import Indicator, Milestone, Project, StatusUpdate, Visibility
from tests.factories import (
    IndicatorFactory,
    MilestoneFactory,
    ParticipantFactory,
    ProjectFactory,
    StatusUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio():
    own = ProjectFactory(visibility=Visibility.OPEN)
    joined = ProjectFactory(visibility=Visibility.OPEN)
    other = ProjectFactory(visibility=Visibility.OPEN)
    editor = UserFactory(role=Role.MEMBER_EDITOR, organization=own.lead_organization)
    ParticipantFactory(project=joined, organization=editor.organization)
    return {"own": own, "joined": joined, "other": other, "editor": editor}


@pytest.mark.parametrize("role", [Role.MINISTRY_ADMIN, Role.MINISTRY_VIEWER, Role.MEMBER_VIEWER, Role.PARTNER])
def test_every_signed_in_role_sees_the_whole_open_portfolio(portfolio, role):
    user = UserFactory(role=role)
    assert restrict(Project.objects.all(), user).count() == 3


@pytest.mark.parametrize("role", [Role.MINISTRY_ADMIN, Role.MINISTRY_VIEWER, Role.MEMBER_VIEWER, Role.MEMBER_EDITOR])
def test_alliance_only_projects_are_seen_inside_the_alliance(role):
    hidden = ProjectFactory(visibility=Visibility.ALLIANCE)
    assert restrict(Project.objects.all(), UserFactory(role=role)).filter(pk=hidden.pk).exists()


def test_partners_never_see_alliance_only_projects_nor_what_hangs_on_them():
    hidden = ProjectFactory(visibility=Visibility.ALLIANCE)
    MilestoneFactory(project=hidden)
    IndicatorFactory(project=hidden)
    StatusUpdateFactory(project=hidden, state=ReviewState.ACCEPTED)
    partner = UserFactory(role=Role.PARTNER, organization=hidden.lead_organization)  # even at a taking-part org
    for model in (Project, Milestone, Indicator, StatusUpdate):
        assert not restrict(model.objects.all(), partner).exists(), model
    assert not policy.can(partner, VIEW, hidden)


def test_anonymous_and_deactivated_users_see_nothing(portfolio):
    assert not restrict(Project.objects.all(), AnonymousUser()).exists()
    assert not restrict(Project.objects.all(), UserFactory(role=Role.MINISTRY_ADMIN, is_active=False)).exists()
    assert not policy.can(AnonymousUser(), "review")


def test_member_editor_may_edit_only_projects_their_organization_takes_part_in(portfolio):
    editable = set(restrict(Project.objects.all(), portfolio["editor"], CHANGE))
    assert editable == {portfolio["own"], portfolio["joined"]}


def test_ministry_admin_may_edit_everything(portfolio):
    assert restrict(Project.objects.all(), UserFactory(role=Role.MINISTRY_ADMIN), CHANGE).count() == 3


@pytest.mark.parametrize("role", [Role.MINISTRY_VIEWER, Role.MEMBER_VIEWER, Role.PARTNER])
def test_read_only_roles_may_edit_nothing(portfolio, role):
    user = UserFactory(
        role=role, organization=portfolio["own"].lead_organization if role == Role.MEMBER_VIEWER else None
    )
    assert not restrict(Project.objects.all(), user, CHANGE).exists()


def test_partners_never_count_as_participants(portfolio):
    partner = UserFactory(role=Role.PARTNER, organization=portfolio["own"].lead_organization)
    draft = StatusUpdateFactory(project=portfolio["own"], state=ReviewState.DRAFT)
    assert not policy.taken_part_in(Project.objects.all(), partner).exists()
    assert not policy.can(partner, VIEW, draft)
    assert policy.audience(partner) == "partner"


def test_drafts_are_seen_by_participants_only(portfolio):
    draft = StatusUpdateFactory(project=portfolio["own"], state=ReviewState.DRAFT)
    assert policy.can(portfolio["editor"], VIEW, draft)
    assert policy.can(UserFactory(role=Role.MEMBER_VIEWER, organization=portfolio["editor"].organization), VIEW, draft)
    for role in (Role.MINISTRY_ADMIN, Role.MINISTRY_VIEWER, Role.MEMBER_EDITOR):
        assert not policy.can(UserFactory(role=role), VIEW, draft), role


def test_only_ministry_administrators_review_and_only_submitted_updates(portfolio):
    submitted = StatusUpdateFactory(project=portfolio["own"], state=ReviewState.SUBMITTED)
    returned = StatusUpdateFactory(project=portfolio["joined"], state=ReviewState.RETURNED)
    admin = UserFactory(role=Role.MINISTRY_ADMIN)
    assert policy.can(admin, REVIEW, submitted) and not policy.can(admin, REVIEW, returned)
    assert not policy.can(UserFactory(role=Role.MINISTRY_VIEWER), REVIEW, submitted)
    assert not policy.can(portfolio["editor"], REVIEW, submitted)


def test_a_list_and_its_detail_never_disagree(portfolio):
    """``can`` is ``restrict`` on one object, for every role, object and action."""
    projects = [portfolio["own"], portfolio["joined"], portfolio["other"]]
    months = {"draft": date(2026, 8, 1), "submitted": date(2026, 9, 1), "accepted": date(2026, 10, 1)}
    updates = [StatusUpdateFactory(project=p, state=s, period=m) for p in projects for s, m in months.items()]
    users = [portfolio["editor"], *(UserFactory(role=role) for role in Role.values if role != Role.MEMBER_EDITOR)]
    for user in users:
        for action in (VIEW, CHANGE, REVIEW):
            listed = set(restrict(StatusUpdate.objects.all(), user, action))
            assert listed == {u for u in updates if policy.can(user, action, u)}


def test_the_audience_follows_participation(portfolio):
    rows = policy.annotate_audience(Project.objects.order_by("pk"), portfolio["editor"])
    assert {p.pk: (p.audience, p.can_edit) for p in rows} == {
        portfolio["own"].pk: ("participant", True),
        portfolio["joined"].pk: ("participant", True),
        portfolio["other"].pk: ("member", False),
    }


def test_no_administrator_reviews_an_update_they_wrote(portfolio):
    """Four eyes: pages and API fetch what may be reviewed through the same rule."""
    admin = UserFactory(role=Role.MINISTRY_ADMIN)
    own = StatusUpdateFactory(project=portfolio["own"], state=ReviewState.SUBMITTED, author=admin)
    assert not policy.can(admin, REVIEW, own)
    assert policy.can(UserFactory(role=Role.MINISTRY_ADMIN), REVIEW, own)
