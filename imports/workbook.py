"""A project's import template: an XLSX workbook with a sheet per kind, filled with what is stored now.

Each row carries the numbers that say what it is about and the version it was made from (so an import can refuse a
row that was changed in the portal meanwhile). The sheets are protected with those columns locked and the columns
to fill in unlocked (a guide for the person filling it in: the import checks everything again), with lists to pick
months and statuses from. Every cell goes through ``core.spreadsheets.cell``: no stored text becomes a formula.
"""

from __future__ import annotations

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from access.policy import CHANGE, enters_money_for, restrict
from core.periods import reporting_period
from core.spreadsheets import cell
from imports.checking import spent_of, value_stamp
from imports.sheets import DATE, HEADER_ROWS, INDICATOR_VALUES, MILESTONES, MONTH, Sheet, executions
from members.models import User
from money.models import Execution
from money.services import categories_in_use, quarter_of
from projects.models import Indicator, IndicatorValue, Milestone, MilestoneStatus, Project, ProjectParticipant

MONTHS_OFFERED = 24  # the months a list offers, up to the current one
HEADING = Font(bold=True)
FILLED_IN = PatternFill("solid", fgColor="FFF8E1")


def template(projects: list[Project], user: User, today: datetime.date) -> bytes:
    """The workbook of the indicator values, milestones and quarterly executions of ``projects`` (one, or all of an
    organization's) that ``user`` may change, as of ``today``; each row names its project."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    months = _months(today)
    indicators = restrict(Indicator.objects.filter(project__in=projects), user, CHANGE).select_related("project")
    indicators = indicators.order_by("project__code", "pk")
    values = IndicatorValue.objects.filter(indicator__in=indicators).order_by("indicator_id", "period")
    by_indicator: dict[int, list[IndicatorValue]] = {}
    for value in values:
        by_indicator.setdefault(value.indicator_id, []).append(value)
    rows = []
    for indicator in indicators:
        about = [indicator.project.code, indicator.pk, indicator.name, indicator.unit]
        recorded = by_indicator.get(indicator.pk, [])
        for value in recorded:
            rows.append(([*about, f"{value.period:%Y-%m}", value.actual_value, value.note, value_stamp(value)], False))
        current = reporting_period(today)
        offered = "" if any(value.period == current for value in recorded) else f"{current:%Y-%m}"
        rows.append(([*about, offered, None, "", ""], True))  # a month to report, or another one picked
    sheet = _sheet(workbook, INDICATOR_VALUES, rows)
    _choices(sheet, INDICATOR_VALUES, "month", months, len(rows))

    milestones = restrict(Milestone.objects.filter(project__in=projects), user, CHANGE).select_related("project")
    rows = [
        (
            [
                milestone.project.code,
                milestone.pk,
                milestone.title,
                milestone.baseline_date,
                milestone.forecast_date,
                milestone.status,
                milestone.completed_date,
                "",
                milestone.version,
            ],
            False,
        )
        for milestone in milestones.order_by("project__code", "order", "baseline_date")
    ]
    sheet = _sheet(workbook, MILESTONES, rows)
    _choices(sheet, MILESTONES, "status", list(MilestoneStatus.values), len(rows))
    _executions(workbook, projects, user, today)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _executions(workbook: Workbook, projects: list[Project], user: User, today: datetime.date) -> None:
    """The quarters the user may change, and this quarter offered for each organization whose money they enter and
    that has not reported it."""
    in_use = categories_in_use()
    sheet = executions(in_use.values())
    stored = restrict(Execution.objects.filter(project__in=projects), user, CHANGE)
    stored = stored.select_related("project", "organization").prefetch_related("lines__category")
    stored = list(stored.order_by("project__code", "fiscal_year", "quarter", "organization__slug"))
    rows = []
    for execution in stored:
        spent = spent_of(execution)
        about = [execution.project.code, execution.organization.slug, execution.organization.name]
        figures = [execution.government_received_krw, execution.private_cash_krw, execution.private_in_kind_krw]
        spending = [spent.get(code, 0) for code in in_use]
        values = [*about, execution.fiscal_year, execution.quarter, *figures, *spending, execution.overspend_reason]
        rows.append(([*values, execution.version], False))
    year, quarter = today.year, quarter_of(today)
    reported = {(e.project_id, e.organization_id, e.fiscal_year, e.quarter) for e in stored}
    participations = ProjectParticipant.objects.filter(project__in=projects).select_related("project", "organization")
    for participation in participations.order_by("project__code", "organization__slug"):
        project, organization = participation.project, participation.organization
        if (project.pk, organization.pk, year, quarter) in reported:
            continue
        if not enters_money_for(user, project, organization.pk):
            continue
        empty = [None] * (3 + len(in_use))
        rows.append(([project.code, organization.slug, organization.name, year, quarter, *empty, "", ""], True))
    worksheet = _sheet(workbook, sheet, rows)
    _choices(worksheet, sheet, "quarter", ["1", "2", "3", "4"], len(rows))


def _months(today: datetime.date) -> list[str]:
    month = reporting_period(today)
    offered = []
    for _ in range(MONTHS_OFFERED):
        offered.append(f"{month:%Y-%m}")
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return offered


def _sheet(workbook: Workbook, sheet: Sheet, rows: list[tuple[list, bool]]) -> Worksheet:
    """A protected sheet: the headings (Korean, then English), then ``rows`` — each with whether it is offered for a
    new entry (its month or quarter may be picked) — with the columns to fill in unlocked."""
    worksheet = workbook.create_sheet(sheet.title)
    for language in ("ko", "en"):
        worksheet.append([cell(heading) for heading in sheet.headings(language)])
    for row in worksheet.iter_rows(min_row=1, max_row=HEADER_ROWS):
        for heading in row:
            heading.font = HEADING
    for values, new in rows:
        worksheet.append([cell(value) for value in values])
        for column, written in zip(sheet.columns, worksheet[worksheet.max_row], strict=True):
            if column.holds == DATE:
                written.number_format = "yyyy-mm-dd"
            elif column.holds == MONTH:
                written.number_format = "@"  # text, so a spreadsheet does not turn 2026-11 into a date
            if column.editable and (new or not column.new_rows_only):
                written.protection = Protection(locked=False)
                written.fill = FILLED_IN
    for index, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[worksheet.cell(1, index).column_letter].width = column.width
    worksheet.freeze_panes = worksheet.cell(HEADER_ROWS + 1, 1)
    worksheet.protection.sheet = True
    return worksheet


def _choices(worksheet: Worksheet, sheet: Sheet, key: str, choices: list[str], rows: int) -> None:
    """A list to pick ``key``'s value from, on every data row."""
    if not rows:
        return
    letter = sheet.letter(key)
    validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    validation.add(f"{letter}{HEADER_ROWS + 1}:{letter}{HEADER_ROWS + rows}")
    worksheet.add_data_validation(validation)
