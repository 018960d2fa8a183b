"""The demo's working groups, as seeded as of the demo's day."""

import pytest
from django.utils import timezone

from core.reviewed import ReviewState
from groups.models import ActionItem, Meeting, Minutes, WorkingGroup
from tests import DEMO_DAY

pytestmark = pytest.mark.django_db


def test_the_demo_has_three_groups_with_a_year_of_meetings_and_one_still_to_come(users):
    assert WorkingGroup.objects.count() == 3
    for group in WorkingGroup.objects.all():
        days = [timezone.localtime(m.starts_at).date() for m in Meeting.objects.filter(group=group)]
        assert min(days).year >= DEMO_DAY.year - 1
        assert sum(day > DEMO_DAY for day in days) == 1


def test_past_minutes_are_approved_but_the_latest_awaits_its_approval(users):
    for group in WorkingGroup.objects.all():
        minutes = list(Minutes.objects.filter(meeting__group=group).order_by("meeting__starts_at"))
        assert [m.state for m in minutes[:-1]] == [ReviewState.ACCEPTED] * (len(minutes) - 1)
        assert minutes[-1].state == ReviewState.SUBMITTED


def test_some_action_items_are_overdue_on_the_demo_day_and_some_done(users):
    assert ActionItem.objects.overdue(DEMO_DAY).exists()
    assert ActionItem.objects.filter(status="done").exists()
    assert ActionItem.objects.filter(owner=users["member"]).overdue(DEMO_DAY).exists()


def test_the_regulation_group_follows_the_batteries_barrier(users):
    group = WorkingGroup.objects.get(slug="regulation")
    assert group.barriers.filter(title_en__startswith="End-of-life batteries").exists()
    assert group.chair == users["member"].organization
