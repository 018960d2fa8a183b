"""The policy's rules as the pages and the API show them: alliance-only projects, drafts in the history, partners'
dashboards."""

import datetime

import pytest

from core.reviewed import ReviewState
from projects import services
from projects.models import Project, StatusUpdate


@pytest.fixture
def alliance_only(users):
    return Project.objects.filter(visibility="alliance").order_by("code").first()


def test_partners_get_404_for_alliance_only_projects_on_pages_and_api(client, api, users, alliance_only):
    client.force_login(users["partner"])
    for url in (f"/projects/{alliance_only.code}/", f"/projects/{alliance_only.code}/history/"):
        assert client.get(url).status_code == 404, url
    assert alliance_only.code not in client.get("/projects/export.csv").getvalue().decode()
    partner = api("partner")
    assert partner.get(f"/api/v1/projects/{alliance_only.code}/").status_code == 404
    milestone = alliance_only.milestones.first()
    assert partner.get(f"/api/v1/milestones/{milestone.pk}/").status_code == 404
    listed = partner.get("/api/v1/status-updates/", {"project": alliance_only.code}).json()["results"]
    assert listed == []


def test_members_see_alliance_only_projects(client, users, alliance_only):
    client.force_login(users["member2"])
    assert client.get(f"/projects/{alliance_only.code}/").status_code == 200


def test_the_history_shows_a_draft_to_its_participants_only(client, users, own_project):
    """Drafts are hidden from ministry staff everywhere, their history included."""
    period = datetime.date(2031, 5, 1)
    draft = services.save_status_draft(
        own_project, users["member"], {"rag": "red", "progress_percent": 7}, today=period
    )
    assert StatusUpdate.objects.get(pk=draft.pk).state == ReviewState.DRAFT
    client.force_login(users["member"])
    assert "2031-05" in client.get(f"/projects/{own_project.code}/history/").content.decode()
    for role in ("ministry", "viewer", "member2"):
        client.force_login(users[role])
        assert "2031-05" not in client.get(f"/projects/{own_project.code}/history/").content.decode(), role


def test_partners_have_no_my_projects_on_the_dashboard(client, users):
    client.force_login(users["partner"])
    page = client.get("/").content.decode()
    assert 'id="mine-heading"' not in page
    client.force_login(users["member"])
    assert 'id="mine-heading"' in client.get("/").content.decode()


@pytest.mark.parametrize("role", ["partner", "member"])
def test_the_portfolio_summary_counts_what_the_caller_may_see(api, users, role):
    body = api(role).get("/api/v1/portfolio/summary/").json()
    visible = Project.objects.filter(visibility="open") if role == "partner" else Project.objects.all()
    assert body["projects"] == visible.count() == sum(body["by_area"].values()) == sum(body["by_phase"].values())
    for area, n in body["by_area"].items():
        assert visible.filter(area=area).count() == n
