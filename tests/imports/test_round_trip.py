"""A template read back: unchanged, it changes nothing; edited, exactly the edits are written — through the services,
with the history saying who and that it came from an import."""

import datetime
from decimal import Decimal

import pytest

from imports import services
from imports.sheets import INDICATOR_VALUES, MILESTONES
from projects.models import IndicatorValue, Milestone
from tests.factories import IndicatorFactory, IndicatorValueFactory, MilestoneFactory
from tests.imports.helpers import as_csv, as_upload, cell, fill, rows_of, template_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def kit(own_project):
    """An indicator with October's value, and a milestone due at the end of the year, on the member's project."""
    indicator = IndicatorFactory(project=own_project)
    value = IndicatorValueFactory(indicator=indicator, period=datetime.date(2026, 10, 1), actual_value=Decimal("2.5"),
                                  note="-3 after the retrofit")  # fmt: skip
    milestone = MilestoneFactory(
        project=own_project, baseline_date=datetime.date(2026, 12, 31), forecast_date=datetime.date(2026, 12, 31)
    )
    return {"project": own_project, "indicator": indicator, "value": value, "milestone": milestone}


def preview(kit, user, upload):
    return services.preview_upload(kit["project"], user, upload, upload.name)


def test_an_unchanged_template_has_nothing_to_change(kit, users):
    book = template_of(kit["project"], users["member"])

    found = preview(kit, users["member"], as_upload(book))

    assert found.errors == [] and found.writes == 0
    assert found.outcome["unchanged"] >= 2  # every stored value and milestone of the project
    assert not found.applicable


def test_the_template_offers_this_month_to_report(kit, users):
    book = template_of(kit["project"], users["member"])

    first, offered = rows_of(book, INDICATOR_VALUES, kit["indicator"].pk)

    assert cell(book, INDICATOR_VALUES, first, "month") == "2026-10"
    assert cell(book, INDICATOR_VALUES, first, "note") == "'-3 after the retrofit"  # never a formula
    assert cell(book, INDICATOR_VALUES, offered, "month") == "2026-11"
    assert cell(book, INDICATOR_VALUES, offered, "value") is None


def test_an_edited_template_writes_exactly_the_edits(kit, users):
    member = users["member"]
    book = template_of(kit["project"], member)
    first, offered = rows_of(book, INDICATOR_VALUES, kit["indicator"].pk)
    fill(book, INDICATOR_VALUES, first, value=2.25)
    fill(book, INDICATOR_VALUES, offered, value=2, note="November")
    (row,) = rows_of(book, MILESTONES, kit["milestone"].pk)
    fill(book, MILESTONES, row, forecast=datetime.date(2027, 1, 31), reason="Supplier late")

    found = preview(kit, member, as_upload(book, "november.xlsx"))

    assert found.errors == []
    assert [entry["row"] for entry in found.outcome["created"]] == [offered]
    assert sorted(entry["row"] for entry in found.outcome["changed"]) == sorted([first, row])
    assert IndicatorValue.objects.filter(indicator=kit["indicator"]).count() == 1  # a preview writes nothing
    services.apply_preview(found, member)
    values = dict(IndicatorValue.objects.filter(indicator=kit["indicator"]).values_list("period", "actual_value"))
    assert values == {datetime.date(2026, 10, 1): Decimal("2.25"), datetime.date(2026, 11, 1): Decimal("2")}
    milestone = Milestone.objects.get(pk=kit["milestone"].pk)
    assert milestone.forecast_date == datetime.date(2027, 1, 31)
    record = milestone.history.order_by("-history_id").first()
    assert record.history_user == member
    assert "november.xlsx" in record.history_change_reason and "Supplier late" in record.history_change_reason
    value = IndicatorValue.objects.get(indicator=kit["indicator"], period=datetime.date(2026, 11, 1))
    assert value.history.get().history_user == member


def test_a_preview_is_applied_once(kit, users):
    book = template_of(kit["project"], users["member"])
    fill(book, INDICATOR_VALUES, rows_of(book, INDICATOR_VALUES, kit["indicator"].pk)[1], value=2)
    found = preview(kit, users["member"], as_upload(book))
    services.apply_preview(found, users["member"])

    with pytest.raises(services.ApplyRefused):
        services.apply_preview(found, users["member"])


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp949"])
def test_a_sheet_saved_as_csv_is_read_in_either_encoding(kit, users, encoding):
    book = template_of(kit["project"], users["member"])
    fill(book, MILESTONES, rows_of(book, MILESTONES, kit["milestone"].pk)[0], forecast=datetime.date(2026, 12, 15))

    found = preview(kit, users["member"], as_csv(book, MILESTONES, encoding, "마일스톤.csv"))

    assert found.errors == []
    assert [entry["what"] for entry in found.outcome["changed"]] == [str(kit["milestone"].title)]
    assert found.outcome["changed"][0]["sheet"] == "마일스톤.csv"


def test_something_changed_after_the_preview_refuses_all_of_it(kit, users):
    member = users["member"]
    book = template_of(kit["project"], member)
    fill(book, INDICATOR_VALUES, rows_of(book, INDICATOR_VALUES, kit["indicator"].pk)[1], value=7)
    fill(book, MILESTONES, rows_of(book, MILESTONES, kit["milestone"].pk)[0], forecast=datetime.date(2026, 12, 1))
    found = preview(kit, member, as_upload(book))
    assert found.errors == [] and found.writes == 2
    milestone = kit["milestone"]
    milestone.status = "in_progress"
    from projects import services as project_services

    project_services.update_milestone(milestone, forecast_date=milestone.forecast_date, status="in_progress",
                                      completed_date=None, reason="", expected_version=milestone.version)  # fmt: skip

    with pytest.raises(services.ApplyRefused) as refused:
        services.apply_preview(found, member)

    assert [error["row"] for error in refused.value.errors] == rows_of(book, MILESTONES, milestone.pk)
    assert not IndicatorValue.objects.filter(indicator=kit["indicator"], period=datetime.date(2026, 11, 1)).exists()
