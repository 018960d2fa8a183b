"""Each rule the forms and services enforce, broken in one row of an import: the row's error names its sheet, row,
column and the pages' own message, and nothing is written."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from imports import services
from imports.sheets import INDICATOR_VALUES, MILESTONES
from projects import services as project_services
from projects.models import IndicatorValue, Milestone
from tests.factories import IndicatorFactory, IndicatorValueFactory, MilestoneFactory
from tests.imports.helpers import as_upload, fill, rows_of, template_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def kit(own_project, english):
    indicator = IndicatorFactory(project=own_project)
    IndicatorValueFactory(indicator=indicator, period=datetime.date(2026, 10, 1), actual_value=Decimal("2.5"))
    milestone = MilestoneFactory(
        project=own_project, baseline_date=datetime.date(2026, 12, 31), forecast_date=datetime.date(2026, 12, 31)
    )
    return {"project": own_project, "indicator": indicator, "milestone": milestone}


def the_error(kit, user, book) -> dict:
    """The one error of the upload, after checking that nothing was written."""
    before = (list(IndicatorValue.objects.values_list("pk", "actual_value")), list(Milestone.objects.values()))
    found = services.preview_upload(kit["project"], user, as_upload(book), "filled.xlsx")
    assert (list(IndicatorValue.objects.values_list("pk", "actual_value")), list(Milestone.objects.values())) == before
    assert not found.applicable
    (error,) = found.errors
    return error


def value_row(kit, user, **cells):
    book = template_of(kit["project"], user)
    row = rows_of(book, INDICATOR_VALUES, kit["indicator"].pk)[-1]
    fill(book, INDICATOR_VALUES, row, **cells)
    return book, row


def milestone_row(kit, user, **cells):
    book = template_of(kit["project"], user)
    (row,) = rows_of(book, MILESTONES, kit["milestone"].pk)
    fill(book, MILESTONES, row, **cells)
    return book, row


def test_a_month_that_has_not_started_is_refused(kit, users):
    book, row = value_row(kit, users["member"], month="2027-01", value=3)

    error = the_error(kit, users["member"], book)

    assert error == {
        "sheet": INDICATOR_VALUES.title,
        "row": row,
        "column": "E (Month (YYYY-MM))",
        "message": "You cannot record a value for a month that has not started.",
    }


def test_a_month_not_written_as_one_is_refused(kit, users):
    book, row = value_row(kit, users["member"], month="November", value=3)

    error = the_error(kit, users["member"], book)

    assert (error["row"], error["column"], error["message"]) == (row, "E (Month (YYYY-MM))", "Enter a valid date.")


def test_a_value_that_is_not_a_number_is_refused(kit, users):
    book, row = value_row(kit, users["member"], value="lots")

    error = the_error(kit, users["member"], book)

    assert (error["row"], error["column"], error["message"]) == (row, "F (Actual value)", "Enter a number.")


def test_a_value_with_too_many_decimals_is_refused(kit, users):
    book, _row = value_row(kit, users["member"], value="1.23456")

    error = the_error(kit, users["member"], book)

    assert error["column"] == "F (Actual value)"
    assert error["message"] == "Ensure that there are no more than 4 decimal places."


def test_a_note_longer_than_the_forms_is_refused(kit, users):
    book, _row = value_row(kit, users["member"], value=3, note="가" * 501)

    error = the_error(kit, users["member"], book)

    assert error["column"] == "G (Note)" and "at most 500 characters" in error["message"]


def test_a_forecast_past_the_baseline_needs_a_slip_reason(kit, users):
    book, row = milestone_row(kit, users["member"], forecast=datetime.date(2027, 2, 1))

    error = the_error(kit, users["member"], book)

    assert error == {
        "sheet": MILESTONES.title,
        "row": row,
        "column": "H (Slip reason)",
        "message": "Say why the forecast moves past the baseline date.",
    }


def test_a_completion_in_the_future_is_refused(kit, users):
    book, _row = milestone_row(kit, users["member"], status="done", completed=datetime.date(2026, 12, 1))

    error = the_error(kit, users["member"], book)

    assert (error["column"], error["message"]) == ("G (Completed date)", "The completion date cannot be in the future.")


def test_a_done_milestone_needs_its_completed_date(kit, users):
    book, _row = milestone_row(kit, users["member"], status="done")

    error = the_error(kit, users["member"], book)

    assert error["column"] == ""
    assert error["message"] == "A done milestone needs a completed date, and only a done milestone has one."


def test_a_milestone_needing_a_deliverable_is_not_done_without_it(kit, users):
    Milestone.objects.filter(pk=kit["milestone"].pk).update(document_required=True)
    book, _row = milestone_row(kit, users["member"], status="done", completed=datetime.date(2026, 11, 20))

    error = the_error(kit, users["member"], book)

    assert (error["column"], error["message"]) == (
        "F (Status)",
        "Attach the deliverable as a document before marking it done.",
    )


def test_a_status_that_is_not_one_is_refused(kit, users):
    book, _row = milestone_row(kit, users["member"], status="finished-ish")

    error = the_error(kit, users["member"], book)

    assert error["column"] == "F (Status)" and "not one of the available choices" in error["message"]


def test_a_status_may_be_written_by_its_korean_name(kit, users):
    with translation.override("ko"):
        book, _row = milestone_row(kit, users["member"], status="진행 중")
    found = services.preview_upload(kit["project"], users["member"], as_upload(book), "filled.xlsx")

    assert found.errors == [] and found.outcome["changed"][0]["changes"][0]["after"] == "in_progress"


def test_a_milestone_changed_in_the_portal_since_the_template_is_refused_with_what_changed(kit, users):
    book, _row = milestone_row(kit, users["member"], forecast=datetime.date(2026, 12, 20))
    milestone = kit["milestone"]
    project_services.update_milestone(milestone, forecast_date=milestone.forecast_date, status="in_progress",
                                      completed_date=None, reason="", expected_version=milestone.version)  # fmt: skip

    error = the_error(kit, users["member"], book)

    assert error["column"] == "I (Version (do not change))"
    assert error["message"].startswith("Someone else changed this since you opened it")
    assert "status: In progress" in error["message"]


def test_a_value_changed_in_the_portal_since_the_template_is_refused_with_what_changed(kit, users):
    book = template_of(kit["project"], users["member"])
    first = rows_of(book, INDICATOR_VALUES, kit["indicator"].pk)[0]
    fill(book, INDICATOR_VALUES, first, value=2.75)
    project_services.record_indicator_value(
        kit["indicator"], period=datetime.date(2026, 10, 1), actual_value=Decimal("2.6"), note="corrected"
    )

    error = the_error(kit, users["member"], book)

    assert error["row"] == first and error["column"] == "H (Version (do not change))"
    assert "Actual value: 2.6; Note: corrected" in error["message"]


def test_an_indicator_of_another_project_is_not_found(kit, users, foreign_project):
    book, row = value_row(kit, users["member"], value=3)
    fill(book, INDICATOR_VALUES, row, indicator=IndicatorFactory(project=foreign_project).pk)

    error = the_error(kit, users["member"], book)

    assert error["column"] == "B (Indicator no.)"
    assert error["message"] == "This project has no indicator of this number you may change."


def test_the_same_month_twice_is_refused(kit, users):
    book = template_of(kit["project"], users["member"])
    first, offered = rows_of(book, INDICATOR_VALUES, kit["indicator"].pk)
    fill(book, INDICATOR_VALUES, offered, month="2026-10", value=9)

    error = the_error(kit, users["member"], book)

    assert error["row"] == offered and error["message"] == f"Row {first} has this indicator's month already."


def test_one_refused_row_keeps_the_others_from_being_applied(kit, users):
    book, _row = value_row(kit, users["member"], value=3)
    (milestone_row_number,) = rows_of(book, MILESTONES, kit["milestone"].pk)
    fill(book, MILESTONES, milestone_row_number, forecast=datetime.date(2027, 3, 1))  # no reason
    found = services.preview_upload(kit["project"], users["member"], as_upload(book), "filled.xlsx")
    assert len(found.outcome["created"]) == 1 and len(found.errors) == 1

    with pytest.raises(services.ApplyRefused):
        services.apply_preview(found, users["member"])

    assert not IndicatorValue.objects.filter(indicator=kit["indicator"], period=datetime.date(2026, 11, 1)).exists()


def test_a_viewer_changes_nothing(kit, users):
    """The policy: the template and the rows are what the uploader may change (nothing, for a viewer)."""
    book, _row = value_row(kit, users["member"], value=3)

    found = services.preview_upload(kit["project"], users["viewer"], as_upload(book), "filled.xlsx")

    assert found.writes == 0
    assert {error["message"] for error in found.errors} == {
        "This project has no indicator of this number you may change.",
        "This project has no milestone of this number you may change.",
        "This project has no participating organization of this code whose money you may enter.",
    }
