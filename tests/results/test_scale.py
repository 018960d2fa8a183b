"""Results at scale for the benchmarks (``seed_scale``): an accepted result for every project, found by the
library's search, and nothing more on a second run."""

import datetime

import pytest
from django.test import Client

from core.reviewed import ReviewState
from members.models import User
from projects.models import Project
from projects.scale import seed_scale
from results import scale
from results.details import clean_details
from results.models import Result

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 27)


def test_every_project_gets_an_accepted_result_with_its_kinds_details_and_once_only():
    seed_scale(50, as_of=AS_OF)
    written = scale.seed(AS_OF)
    assert written > 0
    assert not Project.objects.filter(results__isnull=True).exists()
    generated = Result.objects.filter(project__code__regex=r"^[A-Z]{4}-")
    assert generated.count() == 10 and set(generated.values_list("state", flat=True)) == {ReviewState.ACCEPTED}
    for result in generated:
        assert clean_details(result.kind, result.details) == result.details
    assert scale.seed(AS_OF) == 0


def test_the_library_search_finds_the_generated_results():
    seed_scale(50, as_of=AS_OF)
    scale.seed(AS_OF)
    client = Client()
    client.force_login(User.objects.get(username="ministry"))
    listed = client.get("/library/?q=데이터").context["page"].paginator.count
    assert listed >= 8  # four in five of the ten generated ones say 데이터
