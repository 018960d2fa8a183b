"""Saved views: a list's filters under a name, private or shared with one's organization, run again through the
access policy for whoever opens them."""

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings

from access import policy
from members.models import Role
from notifications import saved, services
from notifications.models import SavedView
from tests import factories
from tests.pages.test_form_fuzz import values


@pytest.fixture
def organization(db):
    """An organization leading an open-data and an alliance-only mobility project, its editor, and a partner
    working there (who sees open-data projects only)."""
    lead = factories.OrganizationFactory()
    factories.ProjectFactory(lead_organization=lead, area="mobility", visibility="open")
    factories.ProjectFactory(lead_organization=lead, area="mobility", visibility="alliance")
    return {
        "editor": factories.UserFactory(role=Role.MEMBER_EDITOR, organization=lead, preferred_language="en"),
        "partner": factories.UserFactory(role=Role.PARTNER, organization=lead, preferred_language="en"),
        "stranger": factories.UserFactory(role=Role.MEMBER_EDITOR),
    }


def mobility(owner, shared: bool = True) -> SavedView:
    return services.save_view(owner, name="Mobility", view_list="projects", query="area=mobility", shared=shared)


def test_a_shared_view_shows_someone_who_sees_less_less(organization):
    view = mobility(organization["editor"])
    assert saved.count(view, organization["editor"]) == 2
    assert saved.count(view, organization["partner"]) == 1  # the alliance-only project stays hidden


def test_a_shared_view_is_seen_by_the_owners_organization_only(organization):
    view = mobility(organization["editor"])
    assert list(saved.visible(organization["partner"])) == [view]
    assert list(saved.visible(organization["stranger"])) == []


def test_a_private_view_is_its_owners_only(organization):
    mobility(organization["editor"], shared=False)
    assert not saved.visible(organization["partner"]).exists()


def test_only_the_owner_deletes_a_view(client, organization):
    view = mobility(organization["editor"])
    client.force_login(organization["partner"])
    assert client.post(reverse("saved_view_delete", args=[view.pk])).status_code == 404
    assert not policy.can(organization["partner"], policy.DELETE, view)
    client.force_login(organization["editor"])
    assert client.post(reverse("saved_view_delete", args=[view.pk])).status_code == 302
    assert not SavedView.objects.exists()


def test_saving_the_lists_filters_from_its_page(client, organization):
    client.force_login(organization["editor"])
    page = client.get(reverse("project_list") + "?area=mobility&page=1").content.decode()
    assert 'name="query" value="area=mobility"' in page
    response = client.post(
        reverse("saved_view_list"), {"name": " Mine ", "list": "projects", "query": "area=mobility&page=2"}
    )
    assert response.status_code == 302
    view = SavedView.objects.get()
    assert (view.name, view.query, view.shared) == ("Mine", "area=mobility", False)
    listing = client.get(reverse("saved_view_list")).content.decode()
    assert 'href="/projects/?area=mobility"' in listing


def test_a_second_view_of_the_same_name_is_refused(client, organization):
    mobility(organization["editor"])
    client.force_login(organization["editor"])
    response = client.post(reverse("saved_view_list"), {"name": "Mobility", "list": "barriers", "query": ""})
    assert response.status_code == 400
    assert "already have a saved view of that name" in response.content.decode()
    assert SavedView.objects.count() == 1


def test_filters_the_list_refuses_are_not_saved(client, organization):
    client.force_login(organization["editor"])
    response = client.post(reverse("saved_view_list"), {"name": "Odd", "list": "projects", "query": "area=moon"})
    assert response.status_code == 400
    assert not SavedView.objects.exists()


def test_the_dashboard_counts_ones_saved_views(client, organization):
    mobility(organization["editor"])
    client.force_login(organization["partner"])
    page = client.get(reverse("dashboard")).content.decode()
    assert "Mobility" in page and "1 row" in page


def test_the_saved_views_page_has_a_fixed_query_count(client, organization, django_assert_max_num_queries):
    for n in range(12):
        services.save_view(organization["editor"], name=f"v{n}", view_list="barriers", query="", shared=False)
    client.force_login(organization["editor"])
    with django_assert_max_num_queries(25):
        assert client.get(reverse("saved_view_list")).status_code == 200


@pytest.mark.fuzz
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=values, view_list=values, query=values, shared=values, notify=values)
@example(name="x" * 1_000_000, view_list="projects", query="x" * 1_000_000, shared="on", notify="on")
def test_odd_input_never_fails_and_a_refusal_saves_nothing(
    client, organization, name, view_list, query, shared, notify
):
    client.force_login(organization["editor"])
    with transaction.atomic():
        response = client.post(
            reverse("saved_view_list"),
            {"name": name, "list": view_list, "query": query, "shared": shared, "notify": notify},
        )
        assert response.status_code in (302, 400)
        assert SavedView.objects.exists() == (response.status_code == 302)
        transaction.set_rollback(True)


@pytest.mark.fuzz
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notify=values)
def test_odd_input_to_the_notify_switch_never_fails(client, organization, notify):
    client.force_login(organization["editor"])
    with transaction.atomic():
        view = mobility(organization["editor"])
        response = client.post(reverse("saved_view_notify", args=[view.pk]), {"notify": notify})
        assert response.status_code == 302
        assert SavedView.objects.get(pk=view.pk).notify == (notify == "1")
        transaction.set_rollback(True)
