"""The API's portfolio summary states the same figures as the pages the dashboard's tiles link to, over the
projects the caller may see."""

import datetime

import pytest
from django.utils import timezone

from projects.choices import Area, Phase, Rag
from projects.models import Milestone, Project

ROLES = ["ministry", "viewer", "member", "partner"]


def listed(client, url: str) -> int:
    """How many rows a filtered list page reports."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


@pytest.mark.parametrize("role", ROLES)
def test_the_summary_matches_the_lists_the_dashboard_links_to(client, api, users, role):
    body = api(role).get("/api/v1/portfolio/summary/").json()
    client.force_login(users[role])
    assert body["projects"] == listed(client, "/projects/")
    for name, keys in [("area", Area.values), ("phase", Phase.values), ("rag", [*Rag.values, "none"]),
                       ("health", Rag.values)]:  # fmt: skip
        figures = body[f"by_{name}"]
        assert set(figures) <= set(keys), name
        assert {key: figures.get(key, 0) for key in keys} == {
            key: listed(client, f"/projects/?{name}={key}") for key in keys
        }, name
    assert body["missing_updates"] == listed(client, "/projects/?missing_update=1")
    assert body["open_policy_barriers"] == listed(client, "/barriers/?status=open")


@pytest.mark.parametrize("role", ["partner", "member"])
def test_the_summary_counts_milestones_of_visible_projects_only(api, users, role):
    today = timezone.localdate()
    visible = Project.objects.filter(visibility="open") if role == "partner" else Project.objects.all()
    open_milestones = Milestone.objects.filter(project__in=visible).exclude(status__in=["done", "cancelled"])
    body = api(role).get("/api/v1/portfolio/summary/").json()
    assert body["as_of"] == today.isoformat()
    assert body["overdue_milestones"] == open_milestones.filter(forecast_date__lt=today).count()
    soon = today + datetime.timedelta(days=30)
    assert body["milestones_due_30_days"] == open_milestones.filter(forecast_date__range=(today, soon)).count()
