"""The e-mail a review sends: to the author and the member editors of the author's organization, each in their own
language; never to inactive users, users without an address, viewers or other organizations."""

from collections import Counter

import pytest
from django.core import mail

from core import reviewed
from core.reviewed import ReviewState
from members.models import Role
from tests.factories import OrganizationFactory, ProjectFactory, StatusUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    organization = OrganizationFactory()
    editor = UserFactory(role=Role.MEMBER_EDITOR, organization=organization)
    return {
        "author": UserFactory(role=Role.MEMBER_EDITOR, organization=organization, preferred_language="en"),
        "colleague": UserFactory(role=Role.MEMBER_EDITOR, organization=organization, preferred_language="ko"),
        "no address": UserFactory(role=Role.MEMBER_EDITOR, organization=organization, email=""),
        "left": UserFactory(role=Role.MEMBER_EDITOR, organization=organization, is_active=False),
        "viewer": UserFactory(role=Role.MEMBER_VIEWER, organization=organization),
        "elsewhere": UserFactory(role=Role.MEMBER_EDITOR),
        "organization": organization,
        "editor": editor,
    }


def review(team, *, accept=True, comment=""):
    project = ProjectFactory(lead_organization=team["organization"], code="MOB-77")
    update = StatusUpdateFactory(project=project, author=team["author"], state=ReviewState.SUBMITTED)
    reviewer = UserFactory(role=Role.MINISTRY_ADMIN)
    reviewed.decide(update, reviewer, accept=accept, comment=comment, expected_version=update.version)
    return update


def subjects(team) -> dict[str, str]:
    """{who: subject} of the mail sent, by the team member each message went to."""
    by_address = {user.email: who for who, user in team.items() if who != "organization" and user.email}
    received = Counter(address for message in mail.outbox for address in message.to)
    assert set(received.values()) <= {1}, received  # one message each: a duplicate mail fails here
    return {by_address[address]: message.subject for message in mail.outbox for address in message.to}


def test_the_author_and_the_teams_editors_are_told_each_in_their_language(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review(team, accept=False, comment="KPI 근거를 붙여 주세요")
    sent = subjects(team)
    assert set(sent) == {"author", "colleague", "editor"}
    assert sent["author"] == "MOB-77 status update for 2026-10 was returned for changes"
    assert sent["colleague"] == "MOB-77 2026-10 진행 보고: 보완 요청"
    assert all("KPI 근거를 붙여 주세요" in message.body for message in mail.outbox)


def test_an_author_who_has_left_is_not_written_to(team, django_capture_on_commit_callbacks):
    team["author"].is_active = False
    team["author"].save()
    with django_capture_on_commit_callbacks(execute=True):
        review(team)
    assert set(subjects(team)) == {"colleague", "editor"}


def test_nothing_is_sent_before_the_review_is_committed(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review(team)
    assert mail.outbox == []
    for callback in callbacks:  # as the commit would
        callback()
    assert set(subjects(team)) == {"author", "colleague", "editor"}
