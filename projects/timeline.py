"""The portfolio timeline's layout: a window of months, and for each project on the page its span and its
milestones' baseline, forecast and completion as positions on that window (percent of its width, 0–100), with the
slip between baseline and forecast, and each row's place from the top. Pure arithmetic on rows already fetched; the
page draws it as SVG."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from access import policy
from projects.filters import ProjectFilter
from projects.models import Milestone, MilestoneStatus, Project

SPANS = {"quarter": 3, "year": 12, "two_years": 24}  # zoom: months shown
SPAN_LABELS = {"quarter": _("Quarter"), "year": _("Year"), "two_years": _("Two years")}
DEFAULT_SPAN = "year"
FIRST_YEAR, LAST_YEAR = 1900, 2999  # a window starting outside these years falls back to the default


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Window:
    start: datetime.date  # the first day of a month
    months: int

    @property
    def end(self) -> datetime.date:
        """The first day after the window."""
        return _add_months(self.start, self.months)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def at(self, day: datetime.date | None) -> float | None:
        """Where ``day`` falls (0 at the start, 100 at the end), None outside the window."""
        if day is None or not self.start <= day < self.end:
            return None
        return round(100 * (day - self.start).days / self.days, 2)

    def clipped(self, day: datetime.date) -> float:
        return round(min(100.0, max(0.0, 100 * (day - self.start).days / self.days)), 2)

    def ticks(self) -> list[tuple[datetime.date, float]]:
        """Month starts (quarter starts beyond a year), where they fall."""
        step = 3 if self.months > 12 else 1
        return [(_add_months(self.start, m), round(100 * m / self.months, 2)) for m in range(0, self.months, step)]

    def shifted(self, direction: int) -> datetime.date:
        """The start of the window before (-1) or after (1) this one."""
        return _add_months(self.start, direction * self.months)


def window_for(span: str | None, start: str | None, today: datetime.date) -> Window:
    """The window asked for by ``span`` (quarter, year, two_years) and ``start`` (YYYY-MM); by default the quarter or
    year containing today. Anything unreadable falls back to the default."""
    months = SPANS.get(span or "", SPANS[DEFAULT_SPAN])
    try:
        first = datetime.datetime.strptime(start or "", "%Y-%m").date()
        if not FIRST_YEAR <= first.year <= LAST_YEAR:
            raise ValueError(start)  # the windows before and after must be dates too (years 1 and 9999 are not)
    except ValueError:
        first = (
            today.replace(month=1, day=1)
            if months >= 12
            else today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        )
    return Window(first, months)


def selection(user, params: QueryDict, today: datetime.date) -> tuple[ProjectFilter, QuerySet, Window]:
    """What the page and the PDF show: the projects ``user`` may see that pass the project list's filters in
    ``params`` (ordered by area and code; none when a filter is invalid), and the window ``params`` ask for."""
    filterset = ProjectFilter(params, queryset=policy.visible_projects(user).listed(today))
    projects = filterset.qs.order_by("area", "code") if filterset.is_valid() else Project.objects.none()
    return filterset, projects, window_for(params.get("span"), params.get("start"), today)


def milestones_of(projects: list[Project]) -> list[Milestone]:
    return list(Milestone.objects.filter(project__in=[p.pk for p in projects]).order_by("project_id", "order"))


@dataclass(frozen=True)
class Mark:
    milestone: Milestone
    baseline: float | None
    forecast: float | None
    completed: float | None
    slip_from: float  # the line from baseline to forecast, clipped to the window
    slip_to: float
    late: bool  # the forecast is past the baseline
    slip_days: int  # forecast − baseline


@dataclass
class Row:
    project: Project
    y: int
    span_from: float | None  # the project's start and end, clipped; None when it lies outside the window
    span_to: float | None
    marks: list[Mark] = field(default_factory=list)

    @property
    def span_width(self) -> float:
        return round((self.span_to or 0) - (self.span_from or 0), 2)


def _mark(milestone: Milestone, window: Window) -> Mark | None:
    days = [d for d in (milestone.baseline_date, milestone.forecast_date, milestone.completed_date) if d]
    if not days or max(days) < window.start or min(days) >= window.end:
        return None
    done = milestone.status == MilestoneStatus.DONE
    later, earlier = (
        max(milestone.baseline_date, milestone.forecast_date),
        min(milestone.baseline_date, milestone.forecast_date),
    )
    return Mark(
        milestone=milestone,
        baseline=window.at(milestone.baseline_date),
        forecast=None if done else window.at(milestone.forecast_date),
        completed=window.at(milestone.completed_date) if done else None,
        slip_from=window.clipped(earlier),
        slip_to=window.clipped(later),
        late=milestone.forecast_date > milestone.baseline_date,
        slip_days=(milestone.forecast_date - milestone.baseline_date).days,
    )


AXIS, HEADING, ROW = 44, 32, 32  # heights in CSS pixels: the year and month labels, an area's heading, a project's row
# (static/css/portal.css gives the HTML labels beside the drawing the same heights)


@dataclass
class Group:
    area: str
    y: int
    rows: list[Row]


def layout(projects: list[Project], milestones: list[Milestone], window: Window) -> tuple[list[Group], int]:
    """The projects (ordered by area) grouped by area, each row with the milestones that touch the window and its
    place from the top; and the drawing's height."""
    by_project: dict[int, list[Milestone]] = {}
    for milestone in milestones:
        by_project.setdefault(milestone.project_id, []).append(milestone)
    groups, y = [], AXIS
    for area, projects_of_area in groupby(projects, key=lambda p: p.get_area_display()):
        group = Group(str(area), y, [])
        y += HEADING
        for project in projects_of_area:
            inside = project.start_date < window.end and project.end_date >= window.start
            row = Row(
                project, y,
                window.clipped(project.start_date) if inside else None,
                window.clipped(project.end_date) if inside else None,
            )  # fmt: skip
            row.marks = [m for m in (_mark(ms, window) for ms in by_project.get(project.pk, [])) if m]
            group.rows.append(row)
            y += ROW
        groups.append(group)
    return groups, y
