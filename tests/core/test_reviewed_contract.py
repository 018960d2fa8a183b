"""The contract every reviewed kind keeps (``core.reviewed``), tested once over all of them: its states, four eyes
(the decider wrote none of it), stale decisions, frozen by the database once accepted, the decision mailed once per
person, and the history saying who changed what."""

from collections import Counter

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from core import reviewed
from core.reviewed import FourEyes, ReviewState
from core.versions import StaleVersion
from members.models import Role
from tests.core.kinds import KINDS, returned_and_rewritten
from tests.factories import ProjectFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)]


@pytest.fixture
def people(db):
    author = UserFactory(role=Role.MEMBER_EDITOR, preferred_language="en")
    return {
        "author": author,
        "colleague": UserFactory(role=Role.MEMBER_EDITOR, organization=author.organization, preferred_language="en"),
        "admin": UserFactory(role=Role.MINISTRY_ADMIN),
        "second admin": UserFactory(role=Role.MINISTRY_ADMIN),
        "project": ProjectFactory(lead_organization=author.organization),
    }


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _returned_and_rewritten(kind, people):
    return returned_and_rewritten(kind, people["project"], people["author"], people["admin"])


def test_submitted_work_is_accepted_and_stamped(kind, people):
    work = kind.submitted(people["project"], people["author"])
    assert work.state == ReviewState.SUBMITTED and work.submitted_at is not None
    reviewed.decide(work, people["admin"], accept=True, expected_version=work.version)
    work.refresh_from_db()
    assert (work.state, work.reviewer) == (ReviewState.ACCEPTED, people["admin"])
    assert work.reviewed_at is not None


def test_returned_work_can_be_changed_and_submitted_again(kind, people):
    work = kind.submitted(people["project"], people["author"])
    reviewed.decide(work, people["admin"], accept=False, comment="More detail", expected_version=work.version)
    kind.rewrite(work, people["author"])
    work.refresh_from_db()
    reviewed.submit(work, by=people["author"], expected_version=work.version)
    assert work.state == ReviewState.SUBMITTED


def test_returning_without_a_comment_is_refused_under_the_comment_key(kind, people):
    work = kind.submitted(people["project"], people["author"])
    with pytest.raises(ValidationError) as refused:
        reviewed.decide(work, people["admin"], accept=False, comment="  ", expected_version=work.version)
    assert list(refused.value.message_dict) == ["comment"]


def test_only_submitted_work_is_decided(kind, people):
    work = kind.submitted(people["project"], people["author"])
    reviewed.decide(work, people["admin"], accept=True, expected_version=work.version)
    with pytest.raises(ValidationError):
        reviewed.decide(work, people["second admin"], accept=True, expected_version=work.version)


def test_an_administrator_who_rewrote_the_work_cannot_accept_it(kind, people):
    work = _returned_and_rewritten(kind, people)
    with pytest.raises(FourEyes):
        reviewed.decide(work, people["admin"], accept=True, expected_version=work.version)
    work.refresh_from_db()
    assert work.state == ReviewState.SUBMITTED


def test_another_administrator_accepts_what_the_first_rewrote(kind, people):
    work = _returned_and_rewritten(kind, people)
    reviewed.decide(work, people["second admin"], accept=True, expected_version=work.version)
    assert work.state == ReviewState.ACCEPTED


def test_the_author_cannot_decide_on_their_own_work(kind, people):
    work = kind.submitted(people["project"], people["author"])
    with pytest.raises(FourEyes):
        reviewed.decide(work, people["author"], accept=True, expected_version=work.version)


def test_a_decision_on_a_stale_version_is_refused(kind, people):
    work = kind.submitted(people["project"], people["author"])
    with pytest.raises(StaleVersion):
        reviewed.decide(work, people["admin"], accept=True, expected_version=work.version - 1)
    work.refresh_from_db()
    assert work.state == ReviewState.SUBMITTED


def test_accepted_work_is_frozen_by_the_database(kind, people):
    work = kind.submitted(people["project"], people["author"])
    reviewed.decide(work, people["admin"], accept=True, expected_version=work.version)
    with pytest.raises(IntegrityError, match="is accepted and cannot be changed"), transaction.atomic():
        type(work).objects.filter(pk=work.pk).update(review_comment="changed behind the services' back")


def test_the_decision_is_mailed_once_to_each_person_told(kind, people, django_capture_on_commit_callbacks):
    work = kind.submitted(people["project"], people["author"])
    with django_capture_on_commit_callbacks(execute=True):
        reviewed.decide(work, people["admin"], accept=False, comment="Fix it", expected_version=work.version)
    sent = Counter(address for message in mail.outbox for address in message.to)
    assert sent == Counter({people["author"].email: 1, people["colleague"].email: 1})
    assert all("returned for changes" in message.subject for message in mail.outbox)


def test_the_history_says_who_changed_what(kind, people):
    work = _returned_and_rewritten(kind, people)
    assert work.contributor_ids() == {people["author"].pk, people["admin"].pk}
    decided = work.history.filter(state=ReviewState.RETURNED).first()
    assert decided.history_user == people["admin"]
