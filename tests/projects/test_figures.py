"""Stored per-project figures stay equal to their rules (``computed_figures``) through every kind of write."""

import bisect
import datetime
import random
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from core.reviewed import ReviewState
from projects import figures, health
from projects.models import Milestone, MilestoneStatus, Project, ProjectFigures, StatusUpdate
from projects.services import mark_overdue_milestones, update_milestone
from tests.factories import MilestoneFactory, ProjectFactory, StatusUpdateFactory
from tests.locks import wait_until_a_transaction_waits_for_a_lock

pytestmark = [pytest.mark.django_db, pytest.mark.services]
D = datetime.date


NOTHING_YET = ProjectFigures().__dict__  # what a project without a row reads as (no milestones, no updates)


def stored() -> dict:
    rows = {row.pop("project_id"): row for row in ProjectFigures.objects.values("project_id", *figures.FIGURES)}
    blank = {name: NOTHING_YET[name] for name in figures.FIGURES}
    return {pk: rows.get(pk, blank) for pk in Project.objects.values_list("pk", flat=True)}


def computed() -> dict:
    return {row.pop("pk"): row for row in Project.objects.computed_figures().values("pk", *figures.FIGURES)}


def test_a_milestone_saved_refreshes_its_project_figures():
    project = ProjectFactory()
    MilestoneFactory(project=project, weight=30, status="done", completed_date=D(2026, 3, 1))
    late = MilestoneFactory(project=project, weight=10, baseline_date=D(2026, 6, 1), forecast_date=D(2026, 8, 10))
    row = ProjectFigures.objects.get(project=project)
    assert (row.progress, row.milestones_done, row.milestones_total) == (75, 1, 2)
    assert row.max_slippage_days == 70 and row.open_forecast_dates == [D(2026, 8, 10)]

    late.delete()
    row.refresh_from_db()
    assert (row.progress, row.milestones_total, row.open_forecast_dates) == (100, 1, [])


def test_an_accepted_update_sets_the_current_rating_and_a_later_draft_does_not():
    project = ProjectFactory()
    StatusUpdateFactory(project=project, period=D(2026, 9, 1), rag="amber", state=ReviewState.ACCEPTED)
    StatusUpdateFactory(project=project, period=D(2026, 10, 1), rag="red", state=ReviewState.DRAFT, submitted_at=None)
    row = ProjectFigures.objects.get(project=project)
    assert (row.current_rag, row.last_accepted_period) == ("amber", D(2026, 9, 1))


def test_deleting_a_project_takes_its_figures_and_milestones_along():
    project = ProjectFactory()
    MilestoneFactory(project=project)
    project.delete()  # the milestones' cascade must not write figures for a project that is going away
    assert not ProjectFigures.objects.exists()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_figures_follow_a_random_sequence_of_writes(seed, today):
    """Saves, service updates, deletes of single rows and querysets, and the nightly bulk overdue marking."""
    rng = random.Random(seed)
    projects = ProjectFactory.create_batch(4)
    for _step in range(40):
        project = rng.choice(projects)
        action = rng.choice(["add", "add", "update", "delete", "delete_many", "report", "overdue"])
        milestones = list(Milestone.objects.filter(project=project))
        if action == "add" or (action in {"update", "delete"} and not milestones):
            baseline = today + datetime.timedelta(days=rng.randint(-120, 120))
            status = rng.choice([s for s in MilestoneStatus.values if s != "done"])
            MilestoneFactory(
                project=project, weight=rng.randint(1, 100), status=status, baseline_date=baseline,
                forecast_date=baseline + datetime.timedelta(days=rng.randint(-10, 100)),
            )  # fmt: skip
        elif action == "update":
            milestone = rng.choice(milestones)
            done = rng.random() < 0.4
            update_milestone(
                milestone, forecast_date=milestone.forecast_date, reason="",
                status=MilestoneStatus.DONE if done else rng.choice(Milestone.OPEN_STATUSES),
                completed_date=today if done else None, expected_version=milestone.version,
            )  # fmt: skip
        elif action == "delete":
            rng.choice(milestones).delete()
        elif action == "delete_many":
            Milestone.objects.filter(project=project, weight__lt=rng.randint(1, 100)).delete()
        elif action == "report":
            period = D(2026, rng.randint(1, 11), 1)
            StatusUpdate.objects.filter(project=project, period=period).delete()
            StatusUpdateFactory(project=project, period=period, rag=rng.choice(["green", "amber", "red"]),
                                state=rng.choice(ReviewState.values))  # fmt: skip
        else:
            mark_overdue_milestones(today)
        assert stored() == computed(), f"after {action} on {project.code}"


def test_migrate_fills_the_figures_of_projects_that_have_none():
    project = ProjectFactory()
    MilestoneFactory(project=project, weight=10, status="done", completed_date=D(2026, 3, 1))
    ProjectFigures.objects.all().delete()  # as after a raw import, or when the table first appears
    call_command("migrate", "projects", verbosity=0)
    assert stored() == computed() and stored()[project.pk]["progress"] == 100


@pytest.mark.django_db(transaction=True)
def test_two_editors_changing_one_project_at_once_leave_figures_that_count_both():
    """The race is forced: the first editor holds its transaction open until PostgreSQL reports the second one
    waiting on a lock; the second refresh then computes from what the first committed. Each thread's outcome is
    checked, so an error in either (or a second editor that never had to wait) fails the test."""
    project = ProjectFactory()
    first, second = MilestoneFactory(project=project, weight=10), MilestoneFactory(project=project, weight=30)
    first_saved = threading.Event()
    outcomes = {}

    def edit(name, milestone, hold_until_the_other_waits):
        try:
            if not hold_until_the_other_waits:
                assert first_saved.wait(10), "the first editor never saved"
            with transaction.atomic():
                milestone.status, milestone.completed_date = "done", D(2026, 11, 1)
                milestone.save()  # refreshes the project's figures inside this transaction
                if hold_until_the_other_waits:
                    first_saved.set()
                    wait_until_a_transaction_waits_for_a_lock()
            outcomes[name] = "saved"
        except Exception as error:  # reported below, in the test's thread
            outcomes[name] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=args) for args in (("one", first, True), ("two", second, False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    assert outcomes == {"one": "saved", "two": "saved"}
    assert set(Milestone.objects.filter(project=project).values_list("status", flat=True)) == {"done"}
    assert stored()[project.pk] == computed()[project.pk]
    assert stored()[project.pk]["progress"] == 100 and stored()[project.pk]["milestones_done"] == 2


def test_overdue_counts_and_health_read_from_the_stored_dates_equal_the_plain_rule_on_every_day():
    """``with_health`` counts overdue milestones in the stored forecast dates (a binary search in the row); the plain
    rule is ``Milestone.objects.overdue(day)`` counted per project, and the health the worst rule's rank, worked out
    here in Python from the figures. Days around every forecast (the day before, of and after it), forecasts shared
    by several milestones, done and cancelled ones, and a project without milestones (nor a figures row)."""
    rng = random.Random(7)
    projects = ProjectFactory.create_batch(5)
    for project in projects[:4]:
        for _n in range(rng.randint(1, 6)):
            forecast = D(2026, 11, 1) + datetime.timedelta(days=rng.choice([-40, -3, 0, 0, 5, 30]))
            status = rng.choice(["planned", "in_progress", "delayed", "done", "cancelled"])
            MilestoneFactory(
                project=project, status=status, baseline_date=forecast - datetime.timedelta(days=rng.randint(0, 100)),
                forecast_date=forecast, completed_date=forecast if status == "done" else None,
            )  # fmt: skip
    forecasts = set(Milestone.objects.values_list("forecast_date", flat=True))
    days = sorted({day + datetime.timedelta(days=shift) for day in forecasts for shift in (-1, 0, 1)})
    for day in days:
        for project in Project.objects.with_health(day):
            rule = Milestone.objects.overdue(day).filter(project=project).count()
            assert project.overdue_milestones == rule, f"{project.code} on {day}"
            ranks = [bisect.bisect_right([r.amber, r.red], getattr(project, r.figure)) for r in health.RULES]
            assert (project.health_rank, project.health) == (max(ranks), ["green", "amber", "red"][max(ranks)])
