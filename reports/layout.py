"""How a report is laid out and shown: its sections and columns, and how a stored value reads in a language.

The figures themselves are computed once, when a report is generated (``reports.content``), and stored as plain
JSON; this layout turns them into the rows the HTML view, the XLSX workbook and the PDF show, in either language.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.reviewed import ReviewState
from documents.choices import AttachedTo
from projects.models import Area, BarrierStatus, MilestoneStatus, Phase, Rag
from reports.models import ReportKind
from results.choices import ResultKind

# -- layout ----------------------------------------------------------------------------------------------------------

METRICS = {
    "projects": _("Projects"),
    "in_progress": _("Projects in progress"),
    "health_green": _("Computed health: green"),
    "health_amber": _("Computed health: amber"),
    "health_red": _("Computed health: red"),
    "rag_green": _("Self-reported: green"),
    "rag_amber": _("Self-reported: amber"),
    "rag_red": _("Self-reported: red"),
    "rag_none": _("Self-reported: not rated"),
    "milestones_completed": _("Milestones completed this week"),
    "milestones_slipped": _("Milestones slipped this week"),
    "milestones_overdue": _("Milestones overdue"),
    "updates_overdue": _("Status updates overdue"),
    "ratings_to_check": _("Ratings to check"),
    "open_barriers": _("Open policy barriers"),
    "government_budget_krw": _("Government budget (KRW)"),
    "private_budget_krw": _("Private budget (KRW)"),
    "achievements": _("Achievements"),
    "risks_and_issues": _("Risks and issues"),
    "next_steps": _("Next steps"),
    "support_requested": _("Support requested from the ministry"),
    "results_accepted": _("Accepted results"),
    "results_reporting": _("Projects that reported results"),
    "results_jobs": _("Jobs created"),
    "results_fees_krw": _("Technology transfer fees (KRW)"),
    "results_sales_krw": _("Sales of commercialized products (KRW)"),
}
CHOICES = {
    "area": Area,
    "phase": Phase,
    "rag": Rag,
    "milestone_status": MilestoneStatus,
    "barrier_status": BarrierStatus,
    "update_state": ReviewState,
    "attached_to": AttachedTo,
    "result_kind": ResultKind,
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text, code, i18n, int, krw, percent, number, date, month, metric, or a key of CHOICES

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "krw", "percent", "number")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: tuple[Column, ...]
    empty: str = _("Nothing to report.")
    chart: str = ""  # the PDF draws this chart of reports.charts above the section's table


CODE = Column("code", _("Project"), "code")
TITLE = Column("title", _("Title"), "i18n")
# How many are green, amber and red: the columns reports.charts.rag_bars stacks.
RAG_COUNTS = (Column("green", _("Green"), "int"), Column("amber", _("Amber"), "int"), Column("red", _("Red"), "int"))
AVERAGE_PROGRESS = Column("progress", _("Average progress %"), "percent")

WEEKLY_SECTIONS = (
    Section(
        "summary", _("Portfolio summary"), (Column("metric", _("Figure"), "metric"), Column("value", _("Value"), "int"))
    ),
    Section(
        "by_area",
        _("By area"),
        (
            Column("area", _("Area"), "area"),
            Column("projects", _("Projects"), "int"),
            Column("in_progress", _("In progress"), "int"),
            *RAG_COUNTS,
            AVERAGE_PROGRESS,
            Column("overdue", _("Milestones overdue"), "int"),
            Column("government_budget_krw", _("Government budget (KRW)"), "krw"),
        ),
        chart="rag_bars",
    ),
    Section(
        "trend",
        _("Accepted status updates, last 12 months"),
        (
            Column("month", _("Month"), "month"),
            *RAG_COUNTS,
            AVERAGE_PROGRESS,
        ),
        chart="rag_bars",
    ),
    Section(
        "rag_changes",
        _("RAG changes since last week"),
        (
            CODE,
            TITLE,
            Column("rag_before", _("Self-reported, last week"), "rag"),
            Column("rag_now", _("Self-reported, now"), "rag"),
            Column("health_before", _("Health, last week"), "rag"),
            Column("health_now", _("Health, now"), "rag"),
        ),
        _("No rating changed, or there is no snapshot from a week ago to compare with."),
    ),
    Section(
        "milestones_completed",
        _("Milestones completed"),
        (
            CODE,
            Column("milestone", _("Milestone"), "i18n"),
            Column("baseline", _("Baseline"), "date"),
            Column("completed", _("Completed"), "date"),
        ),
    ),
    Section(
        "milestones_slipped",
        _("Milestones slipped"),
        (
            CODE,
            Column("milestone", _("Milestone"), "i18n"),
            Column("from", _("Forecast before"), "date"),
            Column("to", _("Forecast now"), "date"),
            Column("days", _("Days"), "int"),
            Column("reason", _("Reason")),
            Column("changed", _("Changed on"), "date"),
        ),
    ),
    Section(
        "overdue_updates",
        _("Overdue status updates"),
        (
            CODE,
            TITLE,
            Column("lead", _("Lead organization"), "i18n"),
            Column("period", _("Period due"), "month"),
            Column("last_accepted", _("Last accepted"), "month"),
        ),
    ),
    Section(
        "ratings_to_check",
        _("Ratings to check"),
        (
            CODE,
            TITLE,
            Column("rag", _("Self-reported"), "rag"),
            Column("health", _("Computed health"), "rag"),
            Column("reasons", _("Why"), "i18n"),
        ),
    ),
    Section(
        "money",
        _("Money this fiscal year"),
        (
            CODE,
            TITLE,
            Column("planned", _("Planned (KRW)"), "krw"),
            Column("funds", _("Money in (KRW)"), "krw"),
            Column("spent", _("Spent (KRW)"), "krw"),
            Column("rate", _("Execution rate %"), "number"),
            Column("budget_spent", _("Budget spent %"), "percent"),
            Column("progress", _("Progress %"), "percent"),
        ),
        _("No execution has been accepted this fiscal year."),
    ),
    Section(
        "open_barriers",
        _("Open policy barriers"),
        (
            Column("barrier", _("Barrier"), "i18n"),
            Column("regulation", _("Law or regulation")),
            Column("agency", _("Responsible agency")),
            Column("status", _("Status"), "barrier_status"),
            Column("projects", _("Projects")),
            Column("raised", _("Raised"), "date"),
        ),
    ),
    # what the alliance achieved: accepted results, as the ministry's dashboard shows them (results.figures)
    Section(
        "results_summary",
        _("What the alliance achieved"),
        (Column("metric", _("Figure"), "metric"), Column("value", _("Value"), "int")),
    ),
    Section(
        "results_by_kind",
        _("Accepted results by kind"),
        (Column("kind", _("Kind"), "result_kind"), Column("results", _("Results"), "int")),
        _("No accepted result yet."),
    ),
    Section(
        "results_by_year",
        _("Accepted results and sales by year"),
        (
            Column("year", _("Year"), "code"),
            Column("results", _("Results"), "int"),
            Column("sales", _("Sales (KRW)"), "krw"),
        ),
        _("No accepted result yet."),
    ),
    Section(
        "results_effects",
        _("Effects measured (average over the results)"),
        (
            Column("measure", _("What was measured")),
            Column("unit", _("Unit")),
            Column("results", _("Results"), "int"),
            Column("baseline", _("Baseline"), "number"),
            Column("measured", _("Measured value"), "number"),
        ),
    ),
)

MONTHLY_SECTIONS = (
    Section(
        "overview",
        _("Overview"),
        (
            CODE,
            TITLE,
            Column("lead", _("Lead organization"), "i18n"),
            Column("phase", _("Phase"), "phase"),
            Column("rag", _("Self-reported"), "rag"),
            Column("health", _("Computed health"), "rag"),
            Column("progress", _("Progress %"), "percent"),
            Column("done", _("Milestones done"), "int"),
            Column("total", _("Milestones"), "int"),
            Column("overdue", _("Milestones overdue"), "int"),
            Column("government_budget_krw", _("Government budget (KRW)"), "krw"),
            Column("private_budget_krw", _("Private budget (KRW)"), "krw"),
        ),
    ),
    Section(
        "status_update",
        _("Status update for the month"),
        (
            Column("state", _("State"), "update_state"),
            Column("rag", _("Self-reported"), "rag"),
            Column("progress", _("Progress %"), "percent"),
            Column("submitted", _("Submitted"), "date"),
            Column("reviewed", _("Reviewed"), "date"),
        ),
        _("No status update was submitted for this month."),
    ),
    Section(
        "narrative",
        _("What the project reported"),
        (Column("metric", _("Topic"), "metric"), Column("text", _("Text"))),
        _("No status update was submitted for this month."),
    ),
    Section(
        "milestones",
        _("Milestones"),
        (
            Column("milestone", _("Milestone"), "i18n"),
            Column("baseline", _("Baseline"), "date"),
            Column("forecast", _("Forecast"), "date"),
            Column("completed", _("Completed"), "date"),
            Column("status", _("Status"), "milestone_status"),
            Column("slippage", _("Slippage (days)"), "int"),
        ),
        chart="timeline",
    ),
    Section(
        "indicators",
        _("Indicators"),
        (
            Column("indicator", _("Indicator"), "i18n"),
            Column("unit", _("Unit")),
            Column("baseline", _("Baseline"), "number"),
            Column("target", _("Target"), "number"),
            Column("actual", _("Latest actual"), "number"),
            Column("measured", _("Measured"), "month"),
        ),
        chart="attainment",
    ),
    Section(
        "barriers",
        _("Policy barriers"),
        (
            Column("barrier", _("Barrier"), "i18n"),
            Column("regulation", _("Law or regulation")),
            Column("status", _("Status"), "barrier_status"),
        ),
    ),
    Section(
        "ethics",
        _("AI-ethics checks"),
        (
            Column("checklist", _("Checklist version"), "int"),
            Column("state", _("State"), "update_state"),
            Column("submitted", _("Submitted"), "date"),
            Column("reviewed", _("Reviewed"), "date"),
            Column("no", _("“No” answers"), "int"),
            Column("partly", _("“Partly” answers"), "int"),
        ),
        _("No AI-ethics check has been submitted yet."),
    ),
    Section(
        "evidence",
        _("Documents filed this month"),
        (
            Column("name", _("File name")),
            Column("attached_to", _("Filed on"), "attached_to"),
            Column("version", _("Version"), "int"),
            Column("size", _("Size (bytes)"), "int"),
            Column("uploaded_by", _("Uploaded by")),
            Column("uploaded", _("Uploaded"), "date"),
        ),
        _("No documents were filed this month."),
    ),
    Section(
        "money",
        _("Money this fiscal year"),
        (
            Column("quarter", _("Quarter")),
            Column("planned", _("Planned by then (KRW)"), "krw"),
            Column("funds", _("Money in (KRW)"), "krw"),
            Column("spent", _("Spent (KRW)"), "krw"),
            Column("rate", _("Execution rate %"), "number"),
        ),
        _("No execution has been accepted this fiscal year."),
    ),
    Section(
        "progress_trend",
        _("Daily snapshots"),
        (
            Column("day", _("Day"), "date"),
            Column("progress", _("Progress %"), "percent"),
            Column("rag", _("Self-reported"), "rag"),
            Column("health", _("Computed health"), "rag"),
            Column("overdue", _("Milestones overdue"), "int"),
        ),
        _("No snapshots were taken in this month."),
    ),
)

SECTIONS = {ReportKind.WEEKLY: WEEKLY_SECTIONS, ReportKind.MONTHLY: MONTHLY_SECTIONS}


# -- showing stored values -----------------------------------------------------------------------------------------


def shown(column: Column, value, language: str):
    """A stored value as it is shown: dates as dates, numbers as numbers, codes and names in ``language``."""
    if value is None or value == "":
        return None
    kind = column.kind
    if kind == "i18n":
        return value.get(language) or value.get("ko") or value.get("en")
    if kind == "date":
        return datetime.date.fromisoformat(value)
    if kind == "month":
        return value[:7]
    if kind == "number":
        number = Decimal(value)
        return number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    if kind == "metric":
        return str(METRICS[value])
    if kind in CHOICES:
        return str(CHOICES[kind](value).label)
    return value


def rendered(kind: str, content: dict, language: str) -> list[tuple[Section, list[list]]]:
    """Each section of a report with its rows as shown in ``language``."""
    with translation.override(language):
        return [
            (
                section,
                [
                    [shown(column, value, language) for column, value in zip(section.columns, row, strict=True)]
                    for row in content["sections"].get(section.key) or []
                ],
            )
            for section in SECTIONS[kind]
        ]
