"""What the alliance achieved together: accepted results counted by kind and year, the jobs and transfer fees they
add up to, and the share of projects that have reported any — two queries whatever the number of results."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, ExtractYear

from core.reviewed import ReviewState
from results.choices import ResultKind
from results.models import Result


def _amount(key: str, kind: str) -> Sum:
    return Sum(Cast(KeyTextTransform(key, "details"), IntegerField()), filter=Q(kind=kind))


def alliance_figures(projects) -> dict:
    """Accepted results of ``projects``: a row per kind with its count per year, the totals, jobs created, transfer
    fees (won) and how many of the projects have reported an accepted result."""
    accepted = Result.objects.filter(state=ReviewState.ACCEPTED, project__in=projects)
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
        {"kind": kind, "label": label, "by_year": [(year, counts[kind].get(year, 0)) for year in years],
         "total": sum(counts[kind].values())}
        for kind, label in ResultKind.choices if kind in counts
    ]  # fmt: skip
    by_year = [(year, sum(counts[k].get(year, 0) for k in counts)) for year in years]
    return {"years": years, "rows": rows, "by_year": by_year, "total": sum(n for _y, n in by_year), "jobs": jobs,
            "fees": fees, "reporting": share["reporting"], "projects": share["total"]}  # fmt: skip
