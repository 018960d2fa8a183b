"""SQL building blocks the querysets and reports share (PostgreSQL expressions Django has no name for)."""

from __future__ import annotations

from django.db import models
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear


class DaysBetween(models.Func):
    """``later - earlier`` in whole days (PostgreSQL's date subtraction yields an integer)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = models.IntegerField()


class Rank(models.Func):
    """0 below ``amber``, 1 from ``amber``, 2 from ``red`` (PostgreSQL's width_bucket over the two thresholds):
    one reference to the value, so its subquery appears once in the SQL, not once per threshold."""

    template = "width_bucket(%(expressions)s, ARRAY[%(amber)s, %(red)s])"
    output_field = models.IntegerField()

    def __init__(self, value, amber: int, red: int):
        super().__init__(value, amber=int(amber), red=int(red))


class CountBefore(models.Func):
    """How many dates of an array in ascending order lie before a day (0 for an empty or null array).

    ``width_bucket`` counts the dates on or before the day before by binary search, within the row: no subquery, so
    the computed health names the count in its rank and its label as well as in its own column at the cost of a
    function call each (the ``unnest`` subquery this replaced ran once per mention and row). The rule it must equal
    is ``MilestoneQuerySet.overdue`` over ``ProjectFigures.open_forecast_dates``, stored in ascending order."""

    output_field = models.IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        (dates, dates_params), (day, day_params) = (compiler.compile(e) for e in self.get_source_expressions())
        return f"COALESCE(width_bucket(({day})::date - 1, {dates}), 0)", (*day_params, *dates_params)


class HealthLabel(models.Func):
    """green / amber / red for a health rank of 0 / 1 / 2."""

    template = "(ARRAY['green', 'amber', 'red'])[%(expressions)s + 1]"
    output_field = models.CharField()


def month_index(value) -> models.Expression:
    """A month as a single integer (year × 12 + month), so month differences are a subtraction."""
    return ExtractYear(value) * 12 + ExtractMonth(value)


def rag_rank(field: str) -> Case:
    """Green 0, amber 1, red 2 (null when there is no rating), so ratings compare and sort by severity."""
    return Case(
        When(**{field: "green"}, then=Value(0)),
        When(**{field: "amber"}, then=Value(1)),
        When(**{field: "red"}, then=Value(2)),
        output_field=models.IntegerField(),
    )


def per_project(queryset: models.QuerySet, output_field: models.Field, **aggregate) -> Subquery:
    """One aggregate over a project's related rows as a correlated subquery."""
    ((name, expression),) = aggregate.items()
    return Subquery(
        queryset.filter(project=OuterRef("pk")).order_by().values("project").annotate(**{name: expression})
        .values(name)[:1],
        output_field=output_field,
    )  # fmt: skip
