import datetime
import io

import pytest

from projects.models import PROJECT_CODE_PATTERN, IndicatorValue, Milestone, Project, StatusUpdate
from projects.scale import INDICATORS, MILESTONES, scale_code, seed_scale
from reports.models import ProjectSnapshot

AS_OF = datetime.date(2026, 11, 27)


def test_scale_codes_keep_the_project_code_format():
    import re

    codes = {scale_code(area, i) for area in ("mobility", "waste") for i in range(26_000)}
    assert len(codes) == 52_000
    assert all(re.match(PROJECT_CODE_PATTERN, code) for code in codes)


@pytest.mark.django_db
def test_seed_scale_fills_the_portfolio_up_to_n_in_proportion():
    result = seed_scale(48, as_of=AS_OF)
    assert Project.objects.count() == 48
    generated = Project.objects.filter(code__regex=r"^[A-Z]{4}-")
    assert (result.projects, generated.count()) == (8, 8)
    assert Milestone.objects.filter(project__in=generated).count() == 8 * MILESTONES
    assert IndicatorValue.objects.filter(indicator__project__in=generated).count() == 8 * INDICATORS * 24
    updates = StatusUpdate.objects.filter(project__in=generated)
    assert updates.exists() and updates.filter(period__gt=AS_OF).count() == 0
    assert ProjectSnapshot.objects.filter(project__in=generated, day__gte=AS_OF).count() == 0
    assert ProjectSnapshot.objects.filter(project__in=generated).count() > 8 * 150


@pytest.mark.django_db
def test_seed_scale_again_adds_nothing():
    seed_scale(44, as_of=AS_OF)
    counts = (Project.objects.count(), Milestone.objects.count(), ProjectSnapshot.objects.count())
    assert seed_scale(44, as_of=AS_OF).projects == 0
    assert (Project.objects.count(), Milestone.objects.count(), ProjectSnapshot.objects.count()) == counts


@pytest.mark.django_db
def test_seed_scale_is_deterministic():
    from members.models import Organization

    def generated():
        projects = Project.objects.filter(code__regex=r"^[A-Z]{4}-").order_by("code")
        return (
            list(projects.values_list("code", "area", "phase", "start_date", "government_budget_krw")),
            list(Milestone.objects.filter(project__in=projects).order_by("project__code", "order")
                 .values_list("forecast_date", "status")),
        )  # fmt: skip

    seed_scale(52, as_of=AS_OF)
    first = generated()
    Project.objects.filter(code__regex=r"^[A-Z]{4}-").delete()
    Organization.objects.filter(slug__startswith="scale-").delete()
    seed_scale(52, as_of=AS_OF)
    assert generated() == first


@pytest.mark.django_db
def test_the_command_leaves_fresh_statistics_of_every_table_it_seeded():
    """The planner reads what ANALYZE saw: taken before the results were seeded, it planned the library search for
    19 accepted results of 10,000 and computed every result's text search vector (123 ms a count, 14 ms after)."""
    from django.core.management import call_command
    from django.db import connection

    from money.models import Execution
    from results.models import Result

    call_command("seed_scale", projects=44, stdout=io.StringIO())

    def estimated(model) -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
            return cursor.fetchone()[0]

    for model in (Project, Milestone, Result, Execution):
        assert estimated(model) == model.objects.count() > 0, model
