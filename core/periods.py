"""Periods, in one module for every app: the reporting month a day falls in, month arithmetic, and the keys jobs and
reports are named by — a day ``2026-11-27``, an ISO week ``2026-W48``, a month ``2026-11``. One parser, so the
command, the "Generate now" form and the tasks agree on what is valid."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after ``day``'s month (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def reporting_period(day: datetime.date) -> datetime.date:
    """The reporting period (month) a day falls in, as its first day."""
    return day.replace(day=1)


DAY, WEEK, MONTH = "day", "week", "month"
_PATTERNS = {
    DAY: re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII),
    WEEK: re.compile(r"^(\d{4})-W(\d{2})$", re.ASCII),
    MONTH: re.compile(r"^(\d{4})-(\d{2})$", re.ASCII),
}
_EXAMPLES = {DAY: "2026-11-27", WEEK: "2026-W48", MONTH: "2026-11"}


@dataclass(frozen=True)
class Period:
    key: str
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def day(value: datetime.date) -> Period:
    return Period(value.isoformat(), value, value)


def week(any_day: datetime.date) -> Period:
    """The ISO week (Monday to Sunday) ``any_day`` falls in."""
    year, number, weekday = any_day.isocalendar()
    start = any_day - datetime.timedelta(days=weekday - 1)
    return Period(f"{year}-W{number:02d}", start, start + datetime.timedelta(days=6))


def month(any_day: datetime.date) -> Period:
    start = reporting_period(any_day)
    return Period(start.strftime("%Y-%m"), start, add_months(start, 1) - datetime.timedelta(days=1))


def parse(unit: str, key: str) -> Period:
    """The period ``key`` names, or a ValidationError saying what a valid key looks like."""
    match = _PATTERNS[unit].match(key.strip())
    invalid = ValidationError(
        _("“%(key)s” is not a valid period; write it like %(example)s."),
        params={"key": key[:40], "example": _EXAMPLES[unit]},
        code="invalid_period",
    )
    if not match:
        raise invalid
    numbers = [int(part) for part in match.groups()]
    try:
        if unit == DAY:
            return day(datetime.date(*numbers))
        if unit == WEEK:
            return week(datetime.date.fromisocalendar(numbers[0], numbers[1], 1))
        return month(datetime.date(numbers[0], numbers[1], 1))
    except ValueError:
        raise invalid from None


def latest_complete(unit: str, today: datetime.date) -> Period:
    """What a scheduled run on ``today`` reports on: today's snapshot, last week, last month."""
    if unit == DAY:
        return day(today)
    if unit == WEEK:
        return week(today - datetime.timedelta(days=7))
    return month(add_months(reporting_period(today), -1))


def chosen(unit: str, key: str | None, today: datetime.date) -> Period:
    """The period a job run covers: ``key`` if given (it must have begun by ``today``), else the scheduled default."""
    if not key:
        return latest_complete(unit, today)
    period = parse(unit, key)
    if period.start > today:
        raise ValidationError(
            _("%(key)s has not begun yet; choose a period up to today."), params={"key": period.key}, code="future"
        )
    return period
