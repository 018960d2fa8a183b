import pytest

from members.models import Role
from tests.factories import ProjectFactory, StatusUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.MINISTRY_VIEWER, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.PARTNER])
def test_admin_is_closed_to_everyone_but_ministry_admins(client, role):
    client.force_login(UserFactory(role=role))
    response = client.get("/admin/projects/project/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_ministry_admin_can_search_projects_in_korean(client):
    client.force_login(UserFactory(role=Role.MINISTRY_ADMIN))
    ProjectFactory(code="MOB-01", title_ko="자율주행 물류 셔틀")
    ProjectFactory(code="MAC-01", title_ko="공작기계 예지보전")
    response = client.get("/admin/projects/project/", {"q": "물류"})
    assert response.status_code == 200
    assert b"MOB-01" in response.content
    assert b"MAC-01" not in response.content


def test_admin_refuses_a_stale_project_edit(client):
    client.force_login(UserFactory(role=Role.MINISTRY_ADMIN))
    project = ProjectFactory(title_en="Before")
    form = {
        "code": project.code, "title_ko": project.title_ko, "title_en": "Mine", "summary_ko": "", "summary_en": "",
        "area": project.area, "lead_organization": project.lead_organization_id, "phase": project.phase,
        "start_date": "2026-01-01", "end_date": "2027-12-31", "government_budget_krw": 0, "private_budget_krw": 0,
        "visibility": "alliance", "expected_version": 0,
        "participations-TOTAL_FORMS": 0, "participations-INITIAL_FORMS": 0,
        "milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0,
        "indicators-TOTAL_FORMS": 0, "indicators-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = client.post(f"/admin/projects/project/{project.pk}/change/", form)
    assert response.status_code == 200
    assert "다른 사용자가 변경하여 저장하지 않았습니다" in response.content.decode()  # Korean, the default language
    project.refresh_from_db()
    assert project.title_en == "Before"

    form["expected_version"] = 1
    response = client.post(f"/admin/projects/project/{project.pk}/change/", form)
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title_en, project.version) == ("Mine", 2)


def test_admin_shows_accepted_updates_read_only(client):
    client.force_login(UserFactory(role=Role.MINISTRY_ADMIN))
    update = StatusUpdateFactory(state="accepted")
    response = client.get(f"/admin/projects/statusupdate/{update.pk}/change/")
    assert response.status_code == 200
    assert b'name="progress_percent"' not in response.content


def test_ministry_admin_invites_users_by_email(client):
    from django.core import mail

    client.force_login(UserFactory(role=Role.MINISTRY_ADMIN))
    invited = UserFactory(role=Role.MEMBER_EDITOR, email="new.editor@example.kr")
    invited.set_unusable_password()
    invited.save()
    response = client.post(
        "/admin/members/user/", {"action": "send_invitation", "_selected_action": [invited.pk]}, follow=True
    )
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["new.editor@example.kr"]]
    assert "/accounts/reset/" in mail.outbox[0].body
