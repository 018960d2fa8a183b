"""What the alliance achieved together: accepted results counted by kind and year, the jobs, transfer fees and sales
they add up to, the effects measured with their units, and the share of projects that have reported any — three
queries whatever the number of results. The dashboard, the weekly report and the yearly results report all read
``alliance_figures``: the rule of what counts lives here once."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, ExtractYear

from core.reviewed import ReviewState
from results.choices import ResultKind
from results.models import Result


def _amount(key: str, kind: str) -> Sum:
    return Sum(Cast(KeyTextTransform(key, "details"), IntegerField()), filter=Q(kind=kind))


def _sales_and_effects(accepted, year: int | None) -> tuple[list[tuple[int, int]], list[dict]]:
    """Sales (won) by the year they were made, over every commercialization; and per measure and unit, how many
    effects were measured and their average baseline and measured value (effects of different sites add up to no
    meaningful total, an average does)."""
    sales: dict[int, int] = defaultdict(int)
    effects: dict[tuple[str, str], list] = {}
    rows = accepted.filter(kind__in=[ResultKind.COMMERCIALIZATION, ResultKind.EFFECT]).order_by()
    for kind, details in rows.values_list("kind", "details"):
        if kind == ResultKind.COMMERCIALIZATION:
            for sold_in, amount in (details.get("sales_krw") or {}).items():
                if year is None or int(sold_in) == year:
                    sales[int(sold_in)] += amount
        else:
            sums = effects.setdefault((details["measure"], details["unit"]), [0, Decimal(0), Decimal(0)])
            sums[0] += 1
            sums[1] += Decimal(details["baseline"])
            sums[2] += Decimal(details["measured"])
    measured = [
        {"measure": measure, "unit": unit, "results": n, "baseline": (baseline / n).normalize(),
         "measured": (value / n).normalize()}
        for (measure, unit), (n, baseline, value) in sorted(effects.items())
    ]  # fmt: skip
    return sorted(sales.items()), measured


def alliance_figures(projects, year: int | None = None) -> dict:
    """Accepted results of ``projects`` (achieved in ``year``, if given): a row per kind with its count per year,
    the totals, jobs created, transfer fees and sales by year (won), the effects measured, and how many of the
    projects have reported an accepted result."""
    accepted = Result.objects.filter(state=ReviewState.ACCEPTED, project__in=projects)
    if year is not None:
        accepted = accepted.filter(achieved_on__year=year)
    share = projects.order_by().aggregate(
        total=Count("pk"), reporting=Count("pk", filter=Q(Exists(accepted.filter(project=OuterRef("pk")))))
    )
    grouped = (
        accepted.order_by()
        .values("kind", year=ExtractYear("achieved_on"))
        .annotate(n=Count("pk"), jobs=_amount("jobs", ResultKind.JOBS), fees=_amount("fee_krw", ResultKind.TRANSFER))
    )
    years = sorted({row["year"] for row in grouped})
    counts: dict[str, dict[int, int]] = {}
    jobs = fees = 0
    for row in grouped:
        counts.setdefault(row["kind"], {})[row["year"]] = row["n"]
        jobs += row["jobs"] or 0
        fees += row["fees"] or 0
    rows = [
        {"kind": kind, "label": label, "by_year": [(y, counts[kind].get(y, 0)) for y in years],
         "total": sum(counts[kind].values())}
        for kind, label in ResultKind.choices if kind in counts
    ]  # fmt: skip
    by_year = [(y, sum(counts[k].get(y, 0) for k in counts)) for y in years]
    sales, effects = _sales_and_effects(accepted, year) if counts else ([], [])
    return {"years": years, "rows": rows, "by_year": by_year, "total": sum(n for _y, n in by_year), "jobs": jobs,
            "fees": fees, "sales": sales, "sales_total": sum(amount for _y, amount in sales), "effects": effects,
            "reporting": share["reporting"], "projects": share["total"]}  # fmt: skip
