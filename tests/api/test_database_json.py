"""The project list's rows, built as JSON by PostgreSQL (``alliance_portal.api.database_json``), are what the
project serializer makes of the same projects, for every audience."""

import pytest
from django.utils import translation

from alliance_portal.api.pagination import SYNC_ORDER
from projects import representations
from projects.api.serializers import ProjectSerializer
from projects.models import ProjectFigures

pytestmark = pytest.mark.django_db

BUDGETS = {"government_budget_krw", "private_budget_krw"}


@pytest.mark.parametrize("who", ["ministry", "member", "partner"])
def test_the_list_built_by_the_database_is_what_the_serializer_makes(api, users, who):
    listed = api(who).get("/api/v1/projects/?page_size=500", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    with translation.override("en"):
        projects = representations.projects(users[who]).order_by(*SYNC_ORDER)
        serialized = [ProjectSerializer(project).data for project in projects]
    assert listed == serialized
    # the demo covers the cases: words for the health, no self-rating yet, budgets shown to some and not to others
    assert any(row["health_reasons"] for row in listed) and any(row["current_rag"] is None for row in listed)
    shows_budgets = {"ministry": {True}, "member": {True, False}, "partner": {False}}[who]
    assert {row.keys() >= BUDGETS for row in listed} == shows_budgets


def test_the_ministry_reads_the_money_rules_in_the_list(api, users, own_project):
    """The money rules' words are computed in Python from the row's figures: they reach the ministry's list."""
    budget = own_project.government_budget_krw + own_project.private_budget_krw
    ProjectFigures.objects.filter(project=own_project).update(spent_to_date_krw=budget * 9 // 10)
    listed = api("ministry").get("/api/v1/projects/?page_size=500", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    row = next(row for row in listed if row["code"] == own_project.code)
    with translation.override("en"):
        project = representations.projects(users["ministry"]).get(pk=own_project.pk)
        assert row == ProjectSerializer(project).data
    assert any("of its budget at" in reason for reason in row["health_reasons"]) and row["health"] == "red"


def test_text_with_quotes_and_control_characters_survives(api, own_project):
    own_project.summary_en = 'He said "stop"\\ then\ttabbed\nand 한국어 \u2028 too'
    own_project.save(update_fields=["summary_en"])
    listed = api("partner").get("/api/v1/projects/?page_size=500").json()["results"]
    assert next(row for row in listed if row["code"] == own_project.code)["summary_en"] == own_project.summary_en


def test_a_related_value_behind_the_field_map_is_refused_not_misread():
    """A status update's reviewer is confidential and a related object: a row could only give its id."""
    from django.core.exceptions import ImproperlyConfigured

    from alliance_portal.api.database_json import DatabaseJson
    from projects.api.serializers import StatusUpdateSerializer

    with pytest.raises(ImproperlyConfigured, match=r"StatusUpdateSerializer\.reviewer"):
        DatabaseJson(StatusUpdateSerializer).rows(None)
