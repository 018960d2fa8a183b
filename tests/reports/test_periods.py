import datetime

import pytest
from django.core.exceptions import ValidationError

from core import periods

TODAY = datetime.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("unit", "key", "start", "end"),
    [
        (periods.DAY, "2026-11-27", datetime.date(2026, 11, 27), datetime.date(2026, 11, 27)),
        (periods.WEEK, "2026-W48", datetime.date(2026, 11, 23), datetime.date(2026, 11, 29)),
        (periods.WEEK, "2026-W01", datetime.date(2025, 12, 29), datetime.date(2026, 1, 4)),  # ISO week 1 starts in 2025
        (periods.MONTH, "2026-02", datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
        (periods.MONTH, "2026-12", datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)),
    ],
)
def test_a_period_key_names_its_days(unit, key, start, end):
    period = periods.parse(unit, key)
    assert (period.key, period.start, period.end) == (key, start, end)


@pytest.mark.parametrize(
    ("unit", "key"),
    [
        (periods.DAY, "2026-02-30"),
        (periods.DAY, "27.11.2026"),
        (periods.WEEK, "2026-W54"),
        (periods.WEEK, "2026-48"),
        (periods.MONTH, "2026-13"),
        (periods.MONTH, ""),
        (periods.MONTH, "２０２６-11"),
    ],
)
def test_a_malformed_key_says_what_a_valid_one_looks_like(unit, key, english):
    with pytest.raises(ValidationError, match="is not a valid period; write it like"):
        periods.parse(unit, key)


def test_a_period_that_has_not_begun_is_refused(english):
    with pytest.raises(ValidationError, match="has not begun yet"):
        periods.chosen(periods.MONTH, "2026-12", TODAY)
    assert periods.chosen(periods.MONTH, "2026-11", TODAY).key == "2026-11"


def test_without_a_key_a_job_covers_today_last_week_or_last_month():
    assert periods.chosen(periods.DAY, None, TODAY).key == "2026-11-27"
    assert periods.chosen(periods.WEEK, "", TODAY).key == "2026-W47"
    assert periods.chosen(periods.MONTH, None, datetime.date(2026, 1, 2)).key == "2025-12"
