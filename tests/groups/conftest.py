import datetime

import pytest
from django.utils import translation
from freezegun import freeze_time

from members.models import Role
from tests.factories import PolicyBarrierFactory, UserFactory, WorkingGroupFactory

TODAY = datetime.date(2026, 11, 27)  # a fixed "today": no test reads the calendar


@pytest.fixture
def on_the_day():
    with freeze_time(datetime.datetime(2026, 11, 27, 3, 0, tzinfo=datetime.UTC), tick=True):  # noon in Seoul
        yield TODAY


@pytest.fixture
def people(db):
    """A closed group chaired by one organization with one member organization, its ministry liaison (a ministry
    viewer), a member editor outside it, a ministry administrator and a partner; the group works on a barrier."""
    chair = UserFactory(role=Role.MEMBER_EDITOR, preferred_language="en")
    colleague = UserFactory(role=Role.MEMBER_EDITOR, preferred_language="ko")
    liaison = UserFactory(role=Role.MINISTRY_VIEWER, preferred_language="en")
    group = WorkingGroupFactory(chair=chair.organization, liaison=liaison)
    group.members.add(colleague.organization)
    barrier = PolicyBarrierFactory()
    group.barriers.add(barrier)
    return {
        "group": group,
        "barrier": barrier,
        "chair": chair,
        "colleague": colleague,
        "liaison": liaison,
        "outsider": UserFactory(role=Role.MEMBER_EDITOR, preferred_language="en"),
        "admin": UserFactory(role=Role.MINISTRY_ADMIN, preferred_language="en"),
        "partner": UserFactory(role=Role.PARTNER),
    }


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield
