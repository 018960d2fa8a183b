import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.reviewed import ReviewState
from projects.models import ParticipantRole
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    OrganizationFactory,
    ParticipantFactory,
    PolicyBarrierFactory,
    ProjectFactory,
    StatusUpdateFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.services]


def test_project_ending_before_it_starts_fails_validation(english):
    project = ProjectFactory.build(start_date=datetime.date(2026, 5, 1), end_date=datetime.date(2026, 4, 30))
    project.lead_organization.save()
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "The end date must be after the start date." in error.value.messages


def test_project_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(start_date=datetime.date(2026, 5, 1), end_date=datetime.date(2026, 5, 1))


def test_project_code_must_follow_the_area_number_pattern():
    project = ProjectFactory.build(code="mob3")
    project.lead_organization.save()
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "code" in error.value.message_dict


def test_project_codes_are_unique():
    ProjectFactory(code="MOB-03")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(code="MOB-03")


def test_negative_budget_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(government_budget_krw=-1)


def test_creating_a_project_records_its_lead_as_lead_participant():
    project = ProjectFactory()
    assert list(project.participations.values_list("organization", "role")) == [
        (project.lead_organization_id, ParticipantRole.LEAD)
    ]


def test_a_second_lead_is_refused_by_the_database():
    project = ProjectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(project=project, role=ParticipantRole.LEAD)


def test_a_second_lead_fails_validation_with_a_message(english):
    project = ProjectFactory()
    second = ParticipantFactory.build(project=project, organization=OrganizationFactory(), role=ParticipantRole.LEAD)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "A project has exactly one lead organization." in error.value.messages


def test_an_organization_takes_part_in_a_project_once():
    project = ProjectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(project=project, organization=project.lead_organization)


def test_done_milestone_without_completed_date_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneFactory(status="done", completed_date=None)


def test_open_milestone_with_completed_date_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneFactory(status="in_progress", completed_date=datetime.date(2026, 6, 1))


@pytest.mark.parametrize("weight", [0, 101])
def test_milestone_weight_outside_1_to_100_is_refused(weight):
    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneFactory(weight=weight)


@pytest.mark.parametrize("progress", [101, 120])
def test_progress_above_100_percent_fails_validation(progress):
    update = StatusUpdateFactory.build(progress_percent=progress, project=ProjectFactory())
    update.author.organization.save()
    update.author.save()
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert "progress_percent" in error.value.message_dict


def test_progress_above_100_percent_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusUpdateFactory(progress_percent=120)


def test_reporting_period_must_be_the_first_of_a_month():
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusUpdateFactory(period=datetime.date(2026, 10, 15))


def test_one_open_status_update_per_project_and_period():
    first = StatusUpdateFactory(state=ReviewState.SUBMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusUpdateFactory(project=first.project, period=first.period, state=ReviewState.DRAFT)


def test_a_returned_update_can_be_followed_by_a_new_one_for_the_same_period():
    returned = StatusUpdateFactory(state=ReviewState.RETURNED)
    StatusUpdateFactory(project=returned.project, period=returned.period, state=ReviewState.SUBMITTED)
    assert returned.project.status_updates.count() == 2


def test_an_accepted_update_cannot_be_edited():
    update = StatusUpdateFactory(state=ReviewState.ACCEPTED, rag="amber")
    update.rag = "green"
    with pytest.raises(IntegrityError, match="accepted and cannot be changed"), transaction.atomic():
        update.save()
    update.refresh_from_db()
    assert update.rag == "amber"


def test_a_submitted_update_without_submission_time_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusUpdateFactory(state=ReviewState.SUBMITTED, submitted_at=None)


def test_indicator_target_date_must_follow_the_baseline():
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorFactory(baseline_date=datetime.date(2026, 1, 1), target_date=datetime.date(2025, 1, 1))


def test_one_indicator_value_per_period():
    value = IndicatorValueFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValueFactory(indicator=value.indicator, period=value.period)


def test_resolved_barrier_needs_a_resolution_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyBarrierFactory(status="resolved", resolved_on=None)


def test_open_barrier_has_no_resolution_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyBarrierFactory(status="raised", resolved_on=datetime.date(2026, 1, 1))


def test_barrier_project_links_are_recorded_in_history():
    barrier = PolicyBarrierFactory()
    project = ProjectFactory()
    barrier.projects.add(project)
    latest = barrier.history.latest()
    assert list(latest.projects.values_list("project_id", flat=True)) == [project.pk]
