"""Organization filters are typed with suggestions, not selects of every organization."""

import pytest

from members.models import Organization
from projects.models import Project
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_suggestions_match_korean_english_or_slug_and_are_capped(client, users):
    OrganizationFactory.create_batch(25, name_en="Scale Robotics", is_active=True)
    OrganizationFactory(name_ko="폐업기업", name_en="Closed Robotics", is_active=False)
    client.force_login(users["member"])

    korean = client.get("/members/suggest/", {"lead": "현대자동"}).content.decode()
    assert 'value="hyundai-motor"' in korean and korean.count("<option") == 1
    assert client.get("/members/suggest/", {"participant": "hyundai-m"}).content.decode().count("<option") == 1

    many = client.get("/members/suggest/", {"lead": "robotics"}).content.decode()
    assert many.count("<option") == 20 and "폐업기업" not in many  # capped; inactive ones are not suggested
    assert client.get("/members/suggest/", {"lead": "없는 이름 🙂" * 50}).content.decode().count("<option") == 0


def test_suggestions_need_a_signed_in_user(client, demo):
    response = client.get("/members/suggest/", {"lead": "현대"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_project_list_filters_by_a_typed_organization_and_lists_no_organizations(client, users):
    lead = Organization.objects.get(slug="hyundai-motor")
    client.force_login(users["ministry"])
    response = client.get("/projects/", {"lead": lead.slug})
    codes = {project.code for project in response.context["page"]}
    assert codes == set(Project.objects.filter(lead_organization=lead).values_list("code", flat=True))
    html = response.content.decode()
    assert f'name="lead" value="{lead.slug}"' in html
    slugs = Organization.objects.values_list("slug", flat=True)
    assert len(slugs) > 20 and not [slug for slug in slugs if f'<option value="{slug}"' in html]

    unknown = client.get("/projects/", {"lead": "no-such-company"})
    assert unknown.status_code == 200 and "is-invalid" in unknown.content.decode()
