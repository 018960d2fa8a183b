"""Who may open which page: 200 for those who may, 404 for objects or pages they may not, login for strangers."""

import pytest

from projects.models import PolicyBarrier

ROLES = ["ministry", "viewer", "member", "member2", "partner"]


def urls(own, foreign, barrier):
    return {
        "/": dict.fromkeys(ROLES, 200),
        "/projects/": dict.fromkeys(ROLES, 200),
        f"/projects/{own.code}/": dict.fromkeys(ROLES, 200),
        f"/projects/{own.code}/history/": dict.fromkeys(ROLES, 200),
        "/members/": dict.fromkeys(ROLES, 200),
        f"/members/{own.lead_organization.slug}/": dict.fromkeys(ROLES, 200),
        "/barriers/": dict.fromkeys(ROLES, 200),
        f"/barriers/{barrier.pk}/": dict.fromkeys(ROLES, 200),
        "/review/": {"ministry": 200, "viewer": 200, "member": 404, "member2": 404, "partner": 404},
        f"/projects/{own.code}/update/": {
            "ministry": 200,
            "viewer": 404,
            "member": 200,
            "member2": 404,
            "partner": 404,
        },
        f"/projects/{foreign.code}/update/": {
            "ministry": 200,
            "viewer": 404,
            "member": 404,
            "member2": 404,
            "partner": 404,
        },
        "/barriers/new/": {"ministry": 404, "viewer": 404, "member": 200, "member2": 200, "partner": 404},
        "/projects/NOPE-99/": dict.fromkeys(ROLES, 404),
    }


@pytest.fixture
def table(users, own_project, foreign_project):
    return urls(own_project, foreign_project, PolicyBarrier.objects.first())


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_page(client, users, table, role):
    client.force_login(users[role])
    got = {url: client.get(url).status_code for url in table}
    assert got == {url: expected[role] for url, expected in table.items()}


def test_strangers_are_sent_to_sign_in(client, table):
    for url in table:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url


def test_member_cannot_edit_other_companys_milestone(client, users, foreign_project):
    client.force_login(users["member"])
    milestone = foreign_project.milestones.first()
    assert client.get(f"/projects/{foreign_project.code}/milestones/{milestone.pk}/").status_code == 404
    response = client.post(
        f"/projects/{foreign_project.code}/milestones/{milestone.pk}/",
        {"forecast_date": "2030-01-01", "status": "planned", "version": milestone.version, "reason": "x"},
    )
    assert response.status_code == 404
    milestone.refresh_from_db()
    assert milestone.forecast_date.year != 2030


def test_milestone_cannot_be_reached_through_another_projects_code(client, users, own_project, foreign_project):
    client.force_login(users["ministry"])
    milestone = foreign_project.milestones.first()
    assert client.get(f"/projects/{own_project.code}/milestones/{milestone.pk}/").status_code == 404


def test_budget_is_shown_to_ministry_and_participants_only(client, users, own_project):
    budget = f"{own_project.government_budget_krw:,}"
    seen = {}
    for role in ROLES:
        client.force_login(users[role])
        seen[role] = budget in client.get(f"/projects/{own_project.code}/").content.decode()
    participant_member2 = own_project.participations.filter(organization=users["member2"].organization).exists()
    assert seen == {"ministry": True, "viewer": True, "member": True, "member2": participant_member2, "partner": False}


def test_drafts_are_hidden_from_other_companies(client, users, own_project):
    from django.utils import timezone

    from core.periods import add_months
    from projects.models import StatusUpdate

    StatusUpdate.objects.create(
        project=own_project, period=add_months(timezone.localdate(), 2), author=users["member"], state="draft",
        rag="green", progress_percent=1, achievements="UNIQUE-DRAFT-MARKER",
    )  # fmt: skip
    client.force_login(users["partner"])
    assert "UNIQUE-DRAFT-MARKER" not in client.get(f"/projects/{own_project.code}/").content.decode()
    client.force_login(users["member"])
    assert "UNIQUE-DRAFT-MARKER" in client.get(f"/projects/{own_project.code}/").content.decode()
