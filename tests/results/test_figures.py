"""The alliance's figures on the ministry's dashboard: accepted results only, by kind and year, each linking to its
list in the library."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import reviewed
from members.models import Role
from projects.models import Project
from results.figures import alliance_figures
from tests.factories import UserFactory, submitted_result

pytestmark = pytest.mark.django_db


def test_only_accepted_results_count(people, english):
    project, editor = people["project"], people["editor"]
    accepted = submitted_result(project, editor, kind="jobs", title="Inspectors", details={"jobs": 5})
    reviewed.decide(accepted, people["admin"], accept=True, expected_version=accepted.version)
    submitted_result(project, editor, kind="jobs", title="Pending", details={"jobs": 7})
    figures = alliance_figures(Project.objects.all())
    assert figures["total"] == 1 and figures["jobs"] == 5
    assert figures["rows"] == [{"kind": "jobs", "label": "Jobs", "by_year": [(2026, 1)], "total": 1}]
    assert (figures["reporting"], figures["projects"]) == (1, Project.objects.count())


def test_transfer_fees_add_up(people):
    for fee in (100, 250):
        result = submitted_result(people["project"], people["editor"], kind="transfer", title=f"Fee {fee}",
                                  details={"recipient": "A maker", "fee_krw": fee})  # fmt: skip
        reviewed.decide(result, people["admin"], accept=True, expected_version=result.version)
    assert alliance_figures(Project.objects.all())["fees"] == 350


def test_each_figure_on_the_dashboard_links_to_its_list_with_the_same_count(users, english):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users["viewer"])
    page = client.get("/").content.decode()
    links = re.findall(r'<a id="alliance-(\w+)" href="([^"]+)">([\d,]+)</a>', page)
    assert len(links) > 3
    for _kind, url, shown in links:
        listed = client.get(url.replace("&amp;", "&")).context["page"].paginator.count
        assert listed == int(shown.replace(",", "")), url


def test_members_do_not_get_the_alliance_figures(users):
    client = Client()
    client.force_login(users["member"])
    assert 'id="alliance-total"' not in client.get("/").content.decode()


def test_partners_never_see_them_either(db):
    client = Client()
    client.force_login(UserFactory(role=Role.PARTNER))
    assert 'id="alliance-total"' not in client.get("/").content.decode()


def test_the_dashboard_panel_is_kept_and_a_newly_accepted_result_shows_on_the_next_page(people, users, english):
    """The panel is drawn once per copy of the portfolio's data; deciding on a result starts a new copy."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users["viewer"])

    def total() -> int:
        page = client.get("/").content.decode()
        return int(re.search(r'id="alliance-total"[^>]*>([\d,]+)<', page).group(1).replace(",", ""))

    before = total()
    with CaptureQueriesContext(connection) as kept:
        assert total() == before
    assert not any("results_result" in query["sql"] for query in kept.captured_queries)
    result = submitted_result(people["project"], people["editor"], kind="jobs", title="Kept", details={"jobs": 2})
    reviewed.decide(result, people["admin"], accept=True, expected_version=result.version)
    assert total() == before + 1
