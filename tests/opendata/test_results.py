"""Accepted results their projects opened join the monthly publication (results.csv and the open API); nothing else
of the registry does."""

import csv
import io

import pytest

from core import periods
from core.reviewed import ReviewState
from results.choices import Reach
from results.models import Result
from tests.opendata.stored import stored

pytestmark = pytest.mark.django_db


def test_the_publication_carries_exactly_the_open_accepted_results(published):
    rows = list(csv.DictReader(io.StringIO(stored(published)["results.csv"].decode("utf-8-sig"))))
    end = periods.month(published.period).end
    expected = Result.objects.filter(
        state=ReviewState.ACCEPTED, reach=Reach.OPEN, achieved_on__lte=end, project__visibility="open",
        project__start_date__lte=end,
    )  # fmt: skip
    assert expected.exists() and Result.objects.exclude(pk__in=expected).exists()
    assert sorted(int(row["id"]) for row in rows) == sorted(expected.values_list("pk", flat=True))
    assert set(rows[0]) == {"id", "project_code", "kind", "title", "owner_ko", "owner_en", "achieved_on"}


def test_the_open_api_gives_a_projects_published_results(published, anonymous):
    row = published.projects.exclude(record__results=[]).first()
    answer = anonymous.get(f"/api/open/v1/projects/{row.code}/").json()
    assert [r["id"] for r in answer["results"]] == [r["id"] for r in row.record["results"]]
    assert "details" not in answer["results"][0] and "review_comment" not in answer["results"][0]
