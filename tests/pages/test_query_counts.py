"""Every page runs a fixed number of queries whatever the portfolio size (40 demo projects here)."""

import pytest

from projects.models import PolicyBarrier, StatusUpdate


@pytest.mark.parametrize(
    ("role", "path", "limit"),
    [
        # + the idle timeout's session write (once a minute), the second factor's device, the AI-ethics tiles, the
        # saved views (the header's unread count is counted at sign-in and kept in the cache: notifications.inbox)
        ("ministry", "/", 23),  # the money panel (figures by area, projects spending ahead), the alliance's results
        # (counts by kind and year, then the sales and effects)
        ("member", "/", 17),  # with one's saved views and "My action items" (the working groups' ones they own)
        ("ministry", "/projects/", 12),
        ("ministry", "/projects/?page=2&area=mobility&ordering=-health", 12),
        ("partner", "/projects/?q=AI&health=red", 12),
        ("member", "/members/", 12),
        ("member", "/barriers/", 12),
        ("ministry", "/review/", 12),
    ],
)
def test_list_pages_have_a_fixed_query_count(client, users, django_assert_max_num_queries, role, path, limit):
    client.force_login(users[role])
    with django_assert_max_num_queries(limit):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize(("role", "limit"), [("ministry", 13), ("member", 12), ("partner", 12)])  # ministry: + device
def test_detail_pages_have_a_fixed_query_count(client, users, own_project, django_assert_max_num_queries, role, limit):
    client.force_login(users[role])
    update = StatusUpdate.objects.filter(project=own_project).exclude(state="draft").first()
    paths = [
        f"/projects/{own_project.code}/",
        f"/projects/{own_project.code}/history/",
        f"/members/{own_project.lead_organization.slug}/",
        f"/barriers/{PolicyBarrier.objects.first().pk}/",
    ]
    if role == "ministry":
        paths.append(f"/review/{update.pk}/")
    for path in paths:
        with django_assert_max_num_queries(limit):
            assert client.get(path).status_code == 200, path
