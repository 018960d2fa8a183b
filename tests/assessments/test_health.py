"""A project in pilot or rollout without an AI-ethics check of the current checklist accepted within a year is a
reason in its computed health and among the ratings to check; the stored figure the health reads equals its
rule."""

import datetime

import pytest
from django.utils import timezone

from assessments import figures
from core import reviewed
from projects import health
from projects.models import Project, ProjectFigures
from tests.factories import ParticipantFactory, ProjectFactory, published_checklist, submitted_assessment

pytestmark = pytest.mark.django_db


def accept_check(project, editor, admin):
    assessment = submitted_assessment(project, editor)
    return reviewed.decide(assessment, admin, accept=True, comment="", expected_version=assessment.version)


def rated(project, today=None):
    today = today or timezone.localdate()
    row = Project.objects.filter(pk=project.pk).with_health(today).get()
    return row, health.reasons(row), Project.objects.filter(pk=project.pk).ratings_to_check(today).exists()


def test_a_pilot_without_a_current_check_is_a_rating_to_check(checklist, people):
    project = people["project"]  # in pilot
    row, reasons, to_check = rated(project)
    assert row.ethics_unchecked == 1 and row.health != "green" and to_check
    assert any("pilot" in reason.lower() and "AI-ethics" in reason for reason in reasons)

    accept_check(project, people["editor"], people["admin"])
    row, reasons, to_check = rated(project)
    assert row.ethics_unchecked == 0 and row.health == "green" and not to_check
    assert reasons == []


def test_a_check_older_than_a_year_is_due_again(checklist, people):
    project = people["project"]
    accept_check(project, people["editor"], people["admin"])
    later = timezone.localdate() + datetime.timedelta(days=366)
    row, reasons, to_check = rated(project, later)
    assert row.ethics_unchecked == 1 and to_check
    assert any("over a year ago" in reason for reason in reasons)


def test_a_new_checklist_version_makes_every_check_due(checklist, people):
    project = people["project"]
    accept_check(project, people["editor"], people["admin"])
    published_checklist(number=checklist.number + 1)
    assert rated(project)[0].ethics_unchecked == 1


@pytest.mark.parametrize("phase", ["planning", "in_progress", "completed", "suspended"])
def test_other_phases_need_no_check_for_their_health(checklist, phase):
    project = ProjectFactory(phase=phase)
    assert rated(project)[0].ethics_unchecked == 0


@pytest.mark.services  # a stored figure against its rule, as tests/projects/test_figures.py
def test_the_stored_figure_equals_its_rule(checklist, people):
    """After accepting, returning, a new version and a new project, every stored figure equals the rule."""
    editor, admin = people["editor"], people["admin"]
    projects = [people["project"], *(ProjectFactory(phase="rollout") for _ in range(3))]
    for project in projects[1:]:
        ParticipantFactory(project=project, organization=editor.organization)
    accept_check(projects[0], editor, admin)
    accept_check(projects[1], editor, admin)
    returned = submitted_assessment(projects[2], editor)
    reviewed.decide(returned, admin, accept=False, comment="More", expected_version=returned.version)

    def stored_and_rule():
        rule = dict(Project.objects.annotate(rule=figures.checked_on()).values_list("pk", "rule"))
        stored = dict(ProjectFigures.objects.values_list("project_id", "ethics_checked_on"))
        return stored, {pk: rule[pk] for pk in stored}

    stored, rule = stored_and_rule()
    assert stored == rule and sum(value is not None for value in stored.values()) == 2
    published_checklist(number=checklist.number + 1)
    stored, rule = stored_and_rule()
    assert stored == rule and set(stored.values()) == {None}
