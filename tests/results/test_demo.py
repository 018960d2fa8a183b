"""The demo's results and lessons: most projects report some, in every state, of every area's kinds."""

import pytest
from django.db.models import F

from core.reviewed import ReviewState
from projects.models import Project
from results.choices import Reach
from results.demo import seed
from results.models import Lesson, Result
from tests import DEMO_DAY


@pytest.fixture
def demo_results(demo, db):
    return Result.objects.all()


def test_most_projects_report_results(demo_results):
    reporting = demo_results.values("project").distinct().count()
    assert reporting >= 0.7 * Project.objects.count()


def test_results_are_in_every_state_and_reach(demo_results):
    assert set(demo_results.values_list("state", flat=True)) == set(ReviewState.values)
    accepted = demo_results.filter(state=ReviewState.ACCEPTED)
    assert set(accepted.values_list("reach", flat=True)) == set(Reach.values)
    assert accepted.count() > demo_results.count() / 2


def test_results_are_dated_before_the_demos_day(demo_results):
    assert not demo_results.filter(achieved_on__gt=DEMO_DAY).exists()


def test_every_result_is_owned_by_a_participant_of_its_project(demo_results):
    assert not demo_results.exclude(project__participations__organization=F("owner")).exists()


def test_lessons_are_written_and_some_accepted(demo, db):
    assert Lesson.objects.filter(state=ReviewState.ACCEPTED).count() >= 5


def test_seeding_again_adds_nothing(demo_results):
    from projects.demo import SeedResult

    before = demo_results.count()
    seed(DEMO_DAY, SeedResult())
    assert Result.objects.count() == before
