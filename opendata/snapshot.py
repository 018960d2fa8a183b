"""What a publication carries, read from the live tables through the field map's public columns.

``records(period, ratings)`` yields one record per "open data" project; ``Summary`` counts, as they
stream past, the portfolio figures the public pages show. Nothing here names a field: the columns come from
``access.fields.published``, so a field the map does not give the public can never reach a public page or file.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from access import fields
from core import periods
from core.reviewed import ReviewState
from core.rows import streamed
from groups.models import Minutes
from members.models import Organization
from projects.choices import MilestoneStatus, Visibility
from projects.models import IndicatorValue, Milestone, PolicyBarrier, Project, StatusUpdate
from results.choices import Reach
from results.models import Result

CHUNK = 500


def public_row(obj, **extra) -> dict:
    """The public columns of ``obj`` as JSON values: dates and moments in ISO form, decimals exact as text, an
    organization as its two names (``<field>_ko``, ``<field>_en``)."""
    row = dict(extra)
    for name in fields.published(obj):
        value = getattr(obj, name)
        if isinstance(value, Organization):
            row[f"{name}_ko"], row[f"{name}_en"] = value.name_ko, value.name_en
        elif isinstance(value, datetime.datetime):  # a moment, as the time in Seoul with its offset
            row[name] = timezone.localtime(value).isoformat()
        elif isinstance(value, datetime.date):
            row[name] = value.isoformat()
        elif isinstance(value, Decimal):
            row[name] = format(value.normalize(), "f")
        else:
            row[name] = value
    return row


def published_projects(period: datetime.date):
    """The projects a publication of ``period`` names: open data, begun by the month's end."""
    end = periods.month(period).end
    return Project.objects.filter(visibility=Visibility.OPEN, start_date__lte=end)


def open_results(end: datetime.date):
    """The results a publication carries: accepted, opened by their project, achieved by the month's end."""
    accepted = Result.objects.filter(state=ReviewState.ACCEPTED, reach=Reach.OPEN, achieved_on__lte=end)
    return accepted.select_related("owner")


def open_minutes(end: datetime.date):
    """The minutes a publication carries: approved, of meetings held by the month's end, of the working groups that
    publish theirs."""
    approved = Minutes.objects.filter(
        state=ReviewState.ACCEPTED, meeting__group__publishes_minutes=True, meeting__starts_at__date__lte=end
    )
    return approved.select_related("meeting__group")


def minutes_rows(period: datetime.date) -> list[dict]:
    """The published minutes of ``period``'s publication, each with its group's and its meeting's public columns
    (``group_<field>``, ``meeting_<field>``)."""

    def prefixed(prefix: str, row: dict) -> dict:
        return {f"{prefix}_{name}": value for name, value in row.items()}

    found = open_minutes(periods.month(period).end).order_by("meeting__starts_at", "pk")
    return [
        {"id": m.pk, **prefixed("group", public_row(m.meeting.group)), **prefixed("meeting", public_row(m.meeting)),
         **public_row(m)}
        for m in found
    ]  # fmt: skip


def withheld_count(period: datetime.date) -> int:
    """Projects running in ``period`` that are not open data: counted on the public pages, never named."""
    end = periods.month(period).end
    return Project.objects.filter(start_date__lte=end).exclude(visibility=Visibility.OPEN).count()


def records(period: datetime.date, ratings: bool) -> Iterator[dict]:
    end = periods.month(period).end
    status = StatusUpdate.objects.filter(state=ReviewState.ACCEPTED, period__lte=period)
    projects = (
        published_projects(period)
        .select_related("lead_organization")
        .order_by("code")
        .prefetch_related(
            Prefetch("participations__organization"),
            Prefetch(
                "status_updates",
                status.order_by("project_id", "-period").distinct("project_id"),
                to_attr="published_status",
            ),
            Prefetch("milestones", Milestone.objects.order_by("order", "baseline_date", "pk")),
            Prefetch("indicators__values", IndicatorValue.objects.filter(period__lte=end).order_by("period")),
            Prefetch("results", open_results(end).order_by("achieved_on", "pk"), to_attr="published_results"),
        )
    )
    for project in streamed(projects, chunk_size=CHUNK):
        latest = project.published_status[0] if project.published_status else None
        status_row = public_row(latest) if latest else None
        if status_row and not ratings:
            status_row.pop("rag", None)
        yield {
            "project": public_row(project),
            "status": status_row,
            "participants": [
                public_row(p) for p in sorted(project.participations.all(), key=lambda p: p.organization.name_en)
            ],
            "milestones": [public_row(m, id=m.pk) for m in project.milestones.all()],
            "indicators": [
                public_row(i, id=i.pk, values=[public_row(v) for v in i.values.all()])
                for i in sorted(project.indicators.all(), key=lambda i: i.pk)
            ],
            "results": [public_row(r, id=r.pk) for r in project.published_results],
        }


def barriers(codes: Iterable[str]) -> list[dict]:
    """The policy barriers blocking published projects, each naming only published projects."""
    codes = set(codes)
    found = (
        PolicyBarrier.objects.filter(projects__code__in=codes)
        .distinct()
        .order_by("pk")
        .prefetch_related(Prefetch("projects", Project.objects.only("code").order_by("code")))
    )
    return [public_row(b, id=b.pk, projects=[p.code for p in b.projects.all() if p.code in codes]) for b in found]


class Summary:
    """The portfolio figures of a publication, counted one record at a time as the records stream past (a publication
    of 100,000 projects never holds its records in memory); ``figures()`` once they have all been added."""

    def __init__(self, period: datetime.date, withheld: int, ratings: bool):
        self.period = period
        self.withheld = withheld
        self.ratings = ratings
        self.projects = 0
        self.by_area: Counter = Counter()
        self.by_phase: Counter = Counter()
        self.by_rating: Counter = Counter()
        self.progress_total = 0
        self.progress_count = 0
        self.milestones = 0
        self.milestones_done = 0
        self.indicators = 0
        self.codes: list[str] = []

    def add(self, record: dict) -> None:
        project, status = record["project"], record["status"]
        self.projects += 1
        self.codes.append(project["code"])
        self.by_area[project["area"]] += 1
        self.by_phase[project["phase"]] += 1
        if status:
            self.progress_total += status["progress_percent"]
            self.progress_count += 1
            if self.ratings:
                self.by_rating[status["rag"]] += 1
        self.milestones += len(record["milestones"])
        self.milestones_done += sum(m["status"] == MilestoneStatus.DONE for m in record["milestones"])
        self.indicators += len(record["indicators"])

    def figures(self) -> dict:
        figures = {
            "projects": self.projects,
            "withheld": self.withheld,
            "by_area": dict(self.by_area),
            "by_phase": dict(self.by_phase),
            "average_progress": round(self.progress_total / self.progress_count) if self.progress_count else None,
            "milestones_done": self.milestones_done,
            "milestones": self.milestones,
            "indicators": self.indicators,
            "barriers": barriers(self.codes),
            "minutes": minutes_rows(self.period),
        }
        if self.ratings:
            figures["by_rating"] = dict(self.by_rating)
        return figures
