"""Every row of an upload checked by the forms and the rules of the services the pages use — no rule is repeated here.

A row is first read by the page's own form (``IndicatorValueForm``, ``MilestoneForm``, ``ExecutionForm``: formats,
lengths, choices), then compared with what is stored (equal: left alone; made from an older version: refused, saying
what changed), and then held to the service's rules (``check_indicator_month``, ``change_milestone``,
``check_execution``: slip reasons, no completion in the future, deliverables, year-to-date order, over-spend reasons,
frozen reviewed work) on what was read once for the whole file — the project's indicators, milestones, executions,
cost categories and participants — so a preview takes a fixed number of queries however many rows it has, and writes
nothing. Applying writes each row through the service itself (``record_indicator_value``, ``update_milestone``,
``save_execution``: the same rules again, history, versions, figures, events) in a savepoint of its own, and keeps
the transaction only if no row is refused. Only rows of the project that the user may change are reached
(``access.policy``); any other number is "not found".
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DataError, transaction
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.signals import pre_create_historical_record

from access.policy import CHANGE, enters_money_for, restrict
from core.parameters import whole_number
from core.versions import StaleVersion
from imports import sheets
from imports.reading import Row
from imports.selectors import organization_projects
from imports.sheets import INDICATOR_VALUES, MILESTONES, Sheet
from members.models import User
from money import services as money
from money.forms import ExecutionForm
from money.models import Execution
from projects import services
from projects.forms import IndicatorValueForm, MilestoneForm
from projects.models import Indicator, IndicatorValue, Milestone, MilestoneStatus, Project


@dataclass
class Outcome:
    """What checking found: rows to create and to change (each with its changes), rows left alone, errors."""

    created: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"created": self.created, "changed": self.changed, "unchanged": self.unchanged, "errors": self.errors}

    def writes(self) -> list[tuple[str, int]]:
        return sorted((entry["sheet"], entry["row"]) for entry in self.created + self.changed)

    def error(self, row: Row, sheet: Sheet, key: str, message: str) -> None:
        """An error at the column ``key`` of ``row`` (the whole row's when ``key`` is empty)."""
        column = ""
        if key:
            heading = sheet.column(key).ko if translation.get_language() == "ko" else sheet.column(key).en
            column = f"{sheet.letter(key)} ({heading})"
        self.errors.append({"sheet": row.sheet, "row": row.number, "column": column, "message": str(message)})

    def refused(self, row: Row, sheet: Sheet, error: ValidationError, columns: dict[str, str]) -> None:
        """A form's or a service's refusal, each message at the column of the field it names (the row's own when
        it names none)."""
        found = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        for name, messages in found.items():
            for message in messages:
                self.error(row, sheet, columns.get(name, ""), message)

    def write(self, row: Row, what: str, changes: list[dict], created: bool) -> None:
        entry = {"sheet": row.sheet, "row": row.number, "what": what, "changes": changes}
        (self.created if created else self.changed).append(entry)


@dataclass
class Context:
    project: Project
    user: User
    label: str  # what the history says the change came from
    write: bool  # apply (through the services) rather than preview (their rules only)
    seen: dict = field(default_factory=dict)  # (kind, key) -> the row number that had it first

    def first(self, row: Row, key) -> int | None:
        """The row that had ``key`` already, or None (and ``row`` has it from now on)."""
        earlier = self.seen.get((row.kind, key))
        self.seen.setdefault((row.kind, key), row.number)
        return earlier


def check(project: Project | None, user: User, rows: Iterable[Row], *, label: str, write: bool) -> Outcome:
    """Check (and with ``write``, keep) every row — of ``project``, or with none (an organization's workbook) of the
    project each row names; nothing is kept when a row is refused or ``write`` is False."""
    outcome = Outcome()
    with transaction.atomic():
        for each, its_rows in _by_project(project, user, rows, outcome).items():
            context = Context(each, user, label, write)
            token = _importing.set(context)
            try:
                by_kind: dict[str, list[Row]] = {}
                for row in its_rows:
                    by_kind.setdefault(row.kind, []).append(row)
                for kind, kind_rows in by_kind.items():
                    KINDS[kind](kind_rows, context, outcome)
            finally:
                _importing.reset(token)
        if not write or outcome.errors:
            transaction.set_rollback(True)
    return outcome


def _by_project(project: Project | None, user: User, rows: Iterable[Row], outcome: Outcome) -> dict:
    """The rows by their project: all of them ``project``'s when given, else the one each names among the projects
    of the user's organization they may change (any other code is refused at its row)."""
    if project is not None:
        return {project: list(rows)}
    projects = {each.code: each for each in organization_projects(user)}
    found: dict[Project, list[Row]] = {}
    for row in rows:
        named = projects.get(row.cells.get("project", ""))
        if named is None:
            message = _("Your organization takes part in no project of this code that you may change.")
            outcome.error(row, sheets.PROJECT_SHEET, "project", message)
            continue
        found.setdefault(named, []).append(row)
    return found


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _held(row: Row, sheet: Sheet, outcome: Outcome, columns: dict[str, str], context: Context, *,
          check: Callable, save: Callable) -> bool:  # fmt: skip
    """Hold the row to the service's rules: ``check`` them (a preview), or ``save`` through the service in a
    savepoint (applying); a refusal becomes the row's errors (and its writes are undone)."""
    try:
        if context.write:
            with transaction.atomic():
                save()
        else:
            check()
    except StaleVersion as error:
        outcome.error(row, sheet, "version", error.explained())
    except ValidationError as error:
        outcome.refused(row, sheet, error, columns)
    except DataError:  # a text longer than its column (e.g. the history's reason)
        outcome.error(row, sheet, "", _("A value in this row is too long to be saved."))
    else:
        return True
    return False


_importing: ContextVar[Context | None] = ContextVar("importing", default=None)


@receiver(pre_create_historical_record)
def _said_to_come_from_the_import(sender, history_instance, **kwargs) -> None:
    """While an import writes, every history record says who made it and that it came from the import (after the
    service's own reason, e.g. a slip's), whatever door the import came through."""
    context = _importing.get()
    if context is None:
        return
    reason = history_instance.history_change_reason
    history_instance.history_user = context.user
    history_instance.history_change_reason = f"{context.label}: {reason}" if reason else context.label


# -- indicator values ------------------------------------------------------------------------------------------------

VALUE_COLUMNS = {"period": "month", "actual_value": "value", "note": "note"}


def value_stamp(value: IndicatorValue | None) -> str:
    """An indicator value's version as a template carries it (values have no counter: the time of the last save)."""
    return value.updated_at.isoformat() if value else ""


def _indicator_values(rows: list[Row], context: Context, outcome: Outcome) -> None:
    sheet = INDICATOR_VALUES
    indicators = restrict(Indicator.objects.filter(project=context.project), context.user, CHANGE)
    indicators = {indicator.pk: indicator for indicator in indicators.select_related("project")}
    stored = {
        (value.indicator_id, value.period): value for value in IndicatorValue.objects.filter(indicator__in=indicators)
    }
    for row in rows:
        cells = row.cells
        indicator = indicators.get(_number(cells["indicator"]))
        if indicator is None:
            outcome.error(row, sheet, "indicator", _("This project has no indicator of this number you may change."))
            continue
        if not (cells["value"] or cells["note"] or cells["version"]):
            continue  # a month offered by the template and left empty
        form = _value_form({"period": cells["month"], "actual_value": cells["value"], "note": cells["note"]})
        if not form.is_valid():
            outcome.refused(row, sheet, ValidationError(form.errors.as_data()), VALUE_COLUMNS)
            continue
        data = form.cleaned_data
        period = data["period"]
        earlier = context.first(row, (indicator.pk, period))
        if earlier:
            outcome.error(row, sheet, "month", _("Row %(row)d has this indicator's month already.") % {"row": earlier})
            continue
        current = stored.get((indicator.pk, period))
        if current and (current.actual_value, current.note) == (data["actual_value"], data["note"]):
            outcome.unchanged += 1
            continue
        if cells["version"] != value_stamp(current):
            outcome.error(row, sheet, "version", _stale_value(current))
            continue
        changes = _changes(current, data, {"actual_value": _("Actual value"), "note": _("Note")})

        def check(period=period):
            services.check_indicator_month(period)

        def save(indicator=indicator, data=data):
            services.record_indicator_value(indicator, **data)

        if _held(row, sheet, outcome, VALUE_COLUMNS, context, check=check, save=save):
            outcome.write(row, f"{indicator.name} · {period:%Y-%m}", changes, created=current is None)


def _value_form(data: dict) -> IndicatorValueForm:
    """The page's form for a value, less the database round trip Django's model validation makes for each check
    constraint (a savepoint and a query a row): the value's one constraint — a month's first day — is what the
    form's ``clean_period`` makes true, and the database holds it again when the value is written."""
    instance = IndicatorValue()
    instance.validate_constraints = lambda exclude=None: None
    return IndicatorValueForm(data, instance=instance)


def _stale_value(current: IndicatorValue | None) -> str:
    if current is None:
        return _("The value this row was made from is no longer there: download a new template.")
    theirs = f"{_('Actual value')}: {current.actual_value.normalize():f}; {_('Note')}: {current.note}"
    return f"{StaleVersion.message} {theirs}"


def _changes(current, data: dict, labels: dict[str, str]) -> list[dict]:
    """The fields whose value differs from what is stored (all of them for a new row), as text."""
    changes = []
    for name, label in labels.items():
        before = getattr(current, name) if current is not None else None
        after = data[name]
        if before != after:
            changes.append({"field": label, "before": _shown(before), "after": _shown(after)})
    return changes


def _shown(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "normalize"):
        return f"{value.normalize():f}"
    return str(value)


# -- milestones ------------------------------------------------------------------------------------------------------

MILESTONE_COLUMNS = {
    "forecast_date": "forecast",
    "status": "status",
    "completed_date": "completed",
    "reason": "reason",
    "version": "version",
}


def status_codes() -> dict[str, str]:
    """A status as a spreadsheet may hold it — its code, or its name in either language — to its code."""
    codes = {}
    for language in ("en", "ko"):
        with translation.override(language):
            for code, label in MilestoneStatus.choices:
                codes[str(label).casefold()] = code
                codes[code] = code
    return codes


def _milestones(rows: list[Row], context: Context, outcome: Outcome) -> None:
    sheet = MILESTONES
    milestones = restrict(Milestone.objects.filter(project=context.project), context.user, CHANGE)
    attached = services.with_deliverables(milestones)
    milestones = {milestone.pk: milestone for milestone in milestones.select_related("project")}
    codes = status_codes()
    labels = {
        "forecast_date": _("Forecast date"),
        "status": _("Status"),
        "completed_date": _("Completed date"),
    }
    for row in rows:
        cells = row.cells
        milestone = milestones.get(_number(cells["milestone"]))
        if milestone is None:
            outcome.error(row, sheet, "milestone", _("This project has no milestone of this number you may change."))
            continue
        if earlier := context.first(row, milestone.pk):
            outcome.error(row, sheet, "milestone", _("Row %(row)d has this milestone already.") % {"row": earlier})
            continue
        given = {
            "forecast_date": cells["forecast"],
            "status": codes.get(cells["status"].casefold(), cells["status"]),
            "completed_date": cells["completed"],
            "reason": cells["reason"],
            "version": cells["version"],
        }
        form = MilestoneForm(given, milestone=milestone)
        if not form.is_valid():
            outcome.refused(row, sheet, ValidationError(form.errors.as_data()), MILESTONE_COLUMNS)
            continue
        data = form.cleaned_data
        if all(getattr(milestone, name) == data[name] for name in labels):
            outcome.unchanged += 1
            continue
        if data["version"] != milestone.version:
            outcome.error(row, sheet, "version", StaleVersion(milestone, data["version"]).explained())
            continue
        changes = _changes(milestone, data, labels)

        def check(milestone=milestone, data=data):
            services.change_milestone(
                copy.copy(milestone),
                forecast_date=data["forecast_date"],
                status=data["status"],
                completed_date=data["completed_date"],
                reason=data["reason"],
                deliverable_attached=lambda milestone: milestone.pk in attached,
            )

        def save(milestone=milestone, data=data):
            services.update_milestone(
                milestone,
                forecast_date=data["forecast_date"],
                status=data["status"],
                completed_date=data["completed_date"],
                reason=data["reason"],
                expected_version=data["version"],
            )

        if _held(row, sheet, outcome, MILESTONE_COLUMNS, context, check=check, save=save):
            outcome.write(row, str(milestone.title), changes, created=False)


# -- quarterly executions --------------------------------------------------------------------------------------------

EXECUTION_COLUMNS = {
    "quarter": "quarter",
    "government_received_krw": "received",
    "private_cash_krw": "cash",
    "private_in_kind_krw": "in_kind",
    "overspend_reason": "reason",
    "version": "version",
    "fiscal_year": "fiscal_year",
}
EXECUTION_FIGURES = ("government_received_krw", "private_cash_krw", "private_in_kind_krw", "overspend_reason")


@dataclass
class Quarters:
    """A project's executions as read once for a file, and as its checked rows leave them: by (organization, year),
    each organization's quarters — what the year-to-date order of the next row is held to."""

    by_year: dict[tuple[int, int], dict[int, Execution]]

    @classmethod
    def of(cls, project: Project) -> Quarters:
        by_year: dict[tuple[int, int], dict[int, Execution]] = {}
        for execution in Execution.objects.filter(project=project).prefetch_related("lines__category"):
            by_year.setdefault((execution.organization_id, execution.fiscal_year), {})[execution.quarter] = execution
        return cls(by_year)

    def get(self, organization_id: int, year: int, quarter: int) -> Execution | None:
        return self.by_year.get((organization_id, year), {}).get(quarter)

    def others(self, execution: Execution) -> list[Execution]:
        year = self.by_year.get((execution.organization_id, execution.fiscal_year), {})
        return [other for quarter, other in year.items() if quarter != execution.quarter]

    def put(self, execution: Execution) -> None:
        self.by_year.setdefault((execution.organization_id, execution.fiscal_year), {})[execution.quarter] = execution


def spent_of(execution: Execution | None) -> dict[str, int]:
    """An execution's spending per category code as stored (its lines, prefetched)."""
    return {line.category.code: line.spent_krw for line in execution.lines.all()} if execution else {}


def _executions(rows: list[Row], context: Context, outcome: Outcome) -> None:
    in_use = money.categories_in_use()
    sheet = sheets.executions(in_use.values())
    categories = list(in_use.values())
    taking_part = {p.organization.slug: p.organization for p in context.project.participations.select_related(
        "organization")}  # fmt: skip
    changeable = set(
        restrict(Execution.objects.filter(project=context.project), context.user, CHANGE).values_list("pk", flat=True)
    )
    enters: dict[int, bool] = {}  # organization -> whether the user may report its new quarters
    quarters = Quarters.of(context.project)
    columns = EXECUTION_COLUMNS | {f"spent_{code}": f"spent_{code}" for code in in_use}
    labels = {name: str(Execution._meta.get_field(name).verbose_name) for name in EXECUTION_FIGURES}
    for row in rows:
        cells = row.cells
        organization = taking_part.get(cells["organization"])
        entered = [cells.get(key, "") for key in sheet.keys if sheet.column(key).editable and key not in (
            "fiscal_year", "quarter")]  # fmt: skip
        if organization is None:
            outcome.error(row, sheet, "organization", _not_theirs())
            continue
        if not any(entered) and not cells["version"]:
            continue  # a quarter offered by the template and left empty
        year = whole_number(cells["fiscal_year"], minimum=2000, maximum=2100)
        if year is None:
            outcome.error(row, sheet, "fiscal_year", _("Enter a year from 2000 to 2100."))
            continue
        given = {
            "quarter": cells["quarter"].upper().removeprefix("Q"),
            "government_received_krw": cells["received"],
            "private_cash_krw": cells["cash"],
            "private_in_kind_krw": cells["in_kind"],
            "overspend_reason": cells["reason"],
            "version": cells["version"],
        } | {f"spent_{code}": cells.get(f"spent_{code}", "") for code in in_use}
        form = ExecutionForm(given, categories=categories)
        if not form.is_valid():
            outcome.refused(row, sheet, ValidationError(form.errors.as_data()), columns)
            continue
        data, spent = form.cleaned_data, form.spent()
        quarter = data["quarter"]
        if earlier := context.first(row, (organization.pk, year, quarter)):
            message = _("Row %(row)d has this organization's quarter already.") % {"row": earlier}
            outcome.error(row, sheet, "quarter", message)
            continue
        current = quarters.get(organization.pk, year, quarter)
        if current is None and organization.pk not in enters:
            enters[organization.pk] = enters_money_for(context.user, context.project, organization.pk)
        if not (current.pk in changeable if current else enters[organization.pk]):
            outcome.error(row, sheet, "organization", _not_theirs())
            continue
        stored = spent_of(current)
        if (
            current
            and all(getattr(current, name) == data[name] for name in EXECUTION_FIGURES)
            and all(stored.get(code, 0) == amount for code, amount in spent.items())
        ):
            outcome.unchanged += 1
            continue
        if current is None and data["version"]:
            gone = _("The quarter this row was made from is no longer there: download a new template.")
            outcome.error(row, sheet, "version", gone)
            continue
        if current and data["version"] != current.version:
            outcome.error(row, sheet, "version", StaleVersion(current, data["version"] or 0).explained())
            continue
        if current:
            execution = copy.copy(current)
        else:
            execution = Execution(project=context.project, organization=organization, fiscal_year=year,
                                  quarter=quarter, author=context.user)  # fmt: skip
        for name in EXECUTION_FIGURES:
            setattr(execution, name, data[name])
        changes = _changes(current, data, labels) + [
            {"field": f"{_('Spent')}: {in_use[code].name}", "before": _shown(stored.get(code) if current else None),
             "after": _shown(amount)}
            for code, amount in spent.items()
            if not current or stored.get(code, 0) != amount
        ]  # fmt: skip

        def check(execution=execution, spent=spent):
            money.check_execution(execution, spent, in_use=in_use, taking_part={o.pk for o in taking_part.values()},
                                  others=quarters.others(execution))  # fmt: skip

        def save(execution=execution, spent=spent, version=data["version"]):
            money.save_execution(execution, spent, expected_version=version, by=context.user)

        if _held(row, sheet, outcome, columns, context, check=check, save=save):
            quarters.put(execution)
            what = f"{organization.name} · {year} Q{quarter}"
            outcome.write(row, what, changes, created=current is None)


def _not_theirs() -> str:
    return _("This project has no participating organization of this code whose money you may enter.")


KINDS: dict[str, Callable[[list[Row], Context, Outcome], None]] = {
    INDICATOR_VALUES.kind: _indicator_values,
    MILESTONES.kind: _milestones,
    sheets.EXECUTIONS: _executions,
}
