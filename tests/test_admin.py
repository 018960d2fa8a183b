import pytest

from core.versions import save_if_current
from members.models import Role
from tests.factories import MilestoneFactory, PolicyBarrierFactory, ProjectFactory, StatusUpdateFactory, UserFactory

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


def change_form_data(client, url: str) -> dict:
    """What the admin's change form would post back unchanged (its current values and the version read)."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = [str(v) for v in value] if isinstance(value, list) else value
    return data


VERSIONED_ADMINS = {  # model → (a factory of one object, a text field to edit, its API URL)
    "milestone": (MilestoneFactory, "title_en", "/api/v1/milestones/{pk}/"),
    "statusupdate": (lambda: StatusUpdateFactory(state="submitted"), "achievements", "/api/v1/status-updates/{pk}/"),
    "policybarrier": (PolicyBarrierFactory, "title_en", "/api/v1/policy-barriers/{pk}/"),
}


@pytest.mark.parametrize("model", VERSIONED_ADMINS)
def test_admin_refuses_a_stale_edit_and_a_fresh_one_bumps_the_version(client, model):
    client.force_login(UserFactory(role=Role.MINISTRY_ADMIN))
    factory, field, api = VERSIONED_ADMINS[model]
    obj = factory()
    url, api = f"/admin/projects/{model}/{obj.pk}/change/", api.format(pk=obj.pk)
    stale = change_form_data(client, url)
    theirs = type(obj).objects.get(pk=obj.pk)  # someone else saves after the administrator opened the form
    setattr(theirs, field, "theirs")
    save_if_current(theirs, expected_version=theirs.version)
    etag = client.get(api)["ETag"]

    response = client.post(url, {**stale, field: "mine"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "다른 사용자가 변경하여 저장하지 않았습니다" in page and "theirs" in page  # the message, what they changed
    assert getattr(type(obj).objects.get(pk=obj.pk), field) == "theirs"

    response = client.post(url, {**change_form_data(client, url), field: "mine"})
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = type(obj).objects.get(pk=obj.pk)
    assert (getattr(saved, field), saved.version) == ("mine", theirs.version + 1)
    assert saved.history.first().version == saved.version  # recorded in the history
    assert client.get(api)["ETag"] != etag


@pytest.mark.parametrize(
    ("model", "factory", "rule_fields"),
    [
        ("milestone", MilestoneFactory, ["forecast_date", "status", "completed_date"]),
        ("policybarrier", PolicyBarrierFactory, ["status", "resolution_note", "resolved_on"]),
        ("statusupdate", StatusUpdateFactory, ["state", "reviewer", "review_comment"]),
    ],
)
def test_fields_with_rules_are_changed_on_the_portal_not_in_the_admin(client, model, factory, rule_fields):
    """A slip needs a reason, closing a barrier a note, a review its workflow: the services keep those rules."""
    client.force_login(UserFactory(role=Role.MINISTRY_ADMIN))
    form = client.get(f"/admin/projects/{model}/{factory().pk}/change/").context["adminform"].form
    assert not set(rule_fields) & set(form.fields)


def test_the_admin_shows_what_the_policy_allows_no_drafts(client):
    """Drafts are their participants' business in the admin too."""
    client.force_login(UserFactory(role=Role.MINISTRY_ADMIN))
    draft = StatusUpdateFactory(state="draft", achievements="draft-only-text")
    submitted = StatusUpdateFactory(state="submitted", period=draft.period, project=ProjectFactory())
    page = client.get("/admin/projects/statusupdate/").content.decode()
    assert f"/admin/projects/statusupdate/{submitted.pk}/change/" in page
    assert f"/admin/projects/statusupdate/{draft.pk}/change/" not in page
    assert client.get(f"/admin/projects/statusupdate/{draft.pk}/change/").status_code == 302  # "does not exist"
