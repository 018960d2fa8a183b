import pytest

from core.versions import StaleVersion
from projects import services
from projects.models import ParticipantRole, Project
from tests.factories import OrganizationFactory, ParticipantFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_update_with_the_current_version_saves_and_bumps_it():
    project = ProjectFactory(title_en="Old")
    project.title_en = "New"
    services.update_project(project, expected_version=1)
    project.refresh_from_db()
    assert (project.title_en, project.version) == ("New", 2)


def test_update_with_a_stale_version_changes_nothing():
    project = ProjectFactory(title_en="Old")
    other_copy = Project.objects.get(pk=project.pk)
    other_copy.title_en = "Theirs"
    services.update_project(other_copy, expected_version=1)

    project.title_en = "Mine"
    with pytest.raises(StaleVersion):
        services.update_project(project, expected_version=1)
    project.refresh_from_db()
    assert (project.title_en, project.version) == ("Theirs", 2)


def test_changing_the_lead_moves_the_lead_role():
    project = ProjectFactory()
    old_lead = project.lead_organization
    new_lead = OrganizationFactory()
    ParticipantFactory(project=project, organization=new_lead, role=ParticipantRole.SOLUTION_SUPPLIER)
    project.lead_organization = new_lead
    services.update_project(project, expected_version=1)
    roles = dict(project.participations.values_list("organization", "role"))
    assert roles == {old_lead.pk: ParticipantRole.PARTICIPANT, new_lead.pk: ParticipantRole.LEAD}


def test_every_project_save_is_in_its_history():
    project = ProjectFactory(title_en="Old")
    project.title_en = "New"
    services.update_project(project, expected_version=1)
    assert [h.title_en for h in project.history.order_by("history_date")] == ["Old", "New"]
