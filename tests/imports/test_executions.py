"""Quarterly executions in an import: the template holds the quarters the uploader may change and offers this quarter
for their organization; unchanged it changes nothing, filled in it writes through the money service (year to date,
over-spend reasons, frozen accepted quarters, participants only), each refusal at its row and column with the
money page's own message."""

import pytest

from imports import services
from imports.sheets import executions
from money.models import Execution
from money.services import categories_in_use
from tests.imports.helpers import as_csv, as_upload, cell, template_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet():
    return executions(categories_in_use().values())


def quarter_rows(book, sheet, year: int, quarter: int) -> list[int]:
    worksheet = book[sheet.title]
    year_column, quarter_column = sheet.keys.index("fiscal_year") + 1, sheet.keys.index("quarter") + 1
    return [
        row
        for row in range(3, worksheet.max_row + 1)
        if (worksheet.cell(row, year_column).value, worksheet.cell(row, quarter_column).value) == (year, quarter)
    ]


def fill(book, sheet, row: int, **cells) -> None:
    for key, value in cells.items():
        book[sheet.title].cell(row, sheet.keys.index(key) + 1).value = value


def q3(own_project, member) -> Execution:
    return Execution.objects.get(project=own_project, organization=member.organization, fiscal_year=2026, quarter=3)


def fourth_quarter(own_project, member, sheet, **cells):
    """The template with Q4 2026 filled in as the Q3 figures plus the given ones (year to date: never less)."""
    book = template_of(own_project, member)
    (row,) = quarter_rows(book, sheet, 2026, 4)
    before = q3(own_project, member)
    spent = {line.category.code: line.spent_krw for line in before.lines.all()}
    filled = {
        "received": before.government_received_krw,
        "cash": before.private_cash_krw,
        "in_kind": before.private_in_kind_krw,
    } | {key: spent.get(key.removeprefix("spent_"), 0) for key in sheet.keys if key.startswith("spent_")}
    fill(book, sheet, row, **(filled | cells))
    return book, row


def the_error(project, user, book) -> dict:
    before = list(Execution.objects.values_list("pk", "version"))
    found = services.preview_upload(project, user, as_upload(book), "filled.xlsx")
    assert list(Execution.objects.values_list("pk", "version")) == before and not found.applicable
    (error,) = found.errors
    return error


def test_the_template_has_the_members_quarters_and_offers_this_one(own_project, users, sheet):
    book = template_of(own_project, users["member"])

    mine = Execution.objects.filter(project=own_project, organization=users["member"].organization)
    worksheet = book[sheet.title]
    assert worksheet.max_row - 2 == mine.count() + 1  # every stored quarter of theirs, and Q4 2026 offered
    (offered,) = quarter_rows(book, sheet, 2026, 4)
    assert cell(book, sheet, offered, "organization") == users["member"].organization.slug
    assert cell(book, sheet, offered, "received") is None
    (stored,) = quarter_rows(book, sheet, 2026, 3)
    assert cell(book, sheet, stored, "version") == q3(own_project, users["member"]).version


def test_an_unchanged_template_has_nothing_to_change_in_executions(own_project, users):
    found = services.preview_upload(own_project, users["member"], as_upload(template_of(own_project, users["member"])),
                                    "same.xlsx")  # fmt: skip

    assert found.errors == [] and found.writes == 0
    assert found.unchanged >= Execution.objects.filter(project=own_project).count() // 2


def test_a_filled_in_quarter_is_written_through_the_money_service(own_project, users, sheet, english):
    member = users["member"]
    before = q3(own_project, member)
    book, row = fourth_quarter(own_project, member, sheet, received=before.government_received_krw + 50_000_000)

    found = services.preview_upload(own_project, member, as_upload(book, "q4.xlsx"), "q4.xlsx")

    assert found.errors == [] and [entry["row"] for entry in found.created] == [row]
    assert found.created[0]["what"].endswith("2026 Q4")
    assert not Execution.objects.filter(project=own_project, fiscal_year=2026, quarter=4).exists()
    services.apply_preview(found, member)
    written = Execution.objects.get(project=own_project, organization=member.organization, fiscal_year=2026, quarter=4)
    assert written.state == "draft" and written.author == member
    assert written.government_received_krw == before.government_received_krw + 50_000_000
    assert written.spent_krw == before.spent_krw  # the total is the sum of the categories, as the service keeps it
    record = written.history.get()
    assert record.history_user == member and "q4.xlsx" in record.history_change_reason


def test_a_quarter_saved_as_csv_is_read(own_project, users, sheet):
    book, _row = fourth_quarter(own_project, users["member"], sheet)

    found = services.preview_upload(own_project, users["member"], as_csv(book, sheet, "cp949", "집행.csv"), "집행.csv")

    assert found.errors == [] and len(found.created) == 1


def test_year_to_date_figures_below_the_quarter_before_are_refused(own_project, users, sheet, english):
    book, row = fourth_quarter(own_project, users["member"], sheet, in_kind=0)

    error = the_error(own_project, users["member"], book)

    assert (error["sheet"], error["row"], error["column"]) == (sheet.title, row, "")
    assert error["message"] == "Figures are year to date: in-kind contributions (KRW) cannot be less than in Q3."


def test_spending_beyond_what_came_in_needs_a_reason(own_project, users, sheet, english):
    book, row = fourth_quarter(own_project, users["member"], sheet, spent_equipment=10**13)

    error = the_error(own_project, users["member"], book)

    column = f"{sheet.letter('reason')} (Over-spend reason)"
    assert (error["row"], error["column"]) == (row, column)
    assert "won received and put in; say why." in error["message"]


def test_an_accepted_quarter_cannot_be_changed(own_project, users, sheet, english):
    book = template_of(own_project, users["member"])
    (row,) = quarter_rows(book, sheet, 2026, 3)
    fill(book, sheet, row, reason="A late correction")

    error = the_error(own_project, users["member"], book)

    assert (error["row"], error["message"]) == (row, "This is Accepted and can no longer be changed.")


def test_an_amount_that_is_not_a_whole_number_of_won_is_refused(own_project, users, sheet, english):
    book, row = fourth_quarter(own_project, users["member"], sheet, cash="a lot")

    error = the_error(own_project, users["member"], book)

    assert (error["row"], error["column"]) == (row, f"{sheet.letter('cash')} (Private cash (YTD))")
    assert error["message"] == "Enter a whole number."


def test_a_quarter_that_is_not_one_is_refused(own_project, users, sheet, english):
    book, _row = fourth_quarter(own_project, users["member"], sheet, quarter=5)

    error = the_error(own_project, users["member"], book)

    assert error["column"] == f"{sheet.letter('quarter')} (Quarter)"
    assert "not one of the available choices" in error["message"]


def test_a_year_out_of_range_is_refused(own_project, users, sheet, english):
    book, _row = fourth_quarter(own_project, users["member"], sheet, fiscal_year=1999)

    error = the_error(own_project, users["member"], book)

    assert (error["column"], error["message"]) == (
        f"{sheet.letter('fiscal_year')} (Fiscal year)",
        "Enter a year from 2000 to 2100.",
    )


def test_another_organizations_money_is_not_theirs_to_enter(own_project, users, sheet, english):
    partner = own_project.participations.exclude(organization=users["member"].organization).first()
    book, _row = fourth_quarter(own_project, users["member"], sheet, organization=partner.organization.slug)

    error = the_error(own_project, users["member"], book)

    assert error["column"] == f"{sheet.letter('organization')} (Organization code)"
    assert error["message"] == "This project has no participating organization of this code whose money you may enter."


def test_the_same_quarter_twice_is_refused(own_project, users, sheet, english):
    book, row = fourth_quarter(own_project, users["member"], sheet)
    worksheet = book[sheet.title]
    worksheet.append([value.value for value in worksheet[row]])

    error = the_error(own_project, users["member"], book)

    assert (error["row"], error["message"]) == (row + 1, f"Row {row} has this organization's quarter already.")


def test_a_quarter_reported_in_the_portal_since_the_template_is_refused(own_project, users, sheet, english):
    from money import services as money

    member = users["member"]
    book, row = fourth_quarter(own_project, member, sheet)
    before = q3(own_project, member)
    reported = Execution(project=own_project, organization=member.organization, fiscal_year=2026, quarter=4,
                         author=member, government_received_krw=before.government_received_krw,
                         private_cash_krw=before.private_cash_krw, private_in_kind_krw=before.private_in_kind_krw,
                         overspend_reason=before.overspend_reason)  # fmt: skip
    money.save_execution(reported, {line.category.code: line.spent_krw for line in before.lines.all()}, by=member)
    fill(book, sheet, row, reason="typed twice")

    error = the_error(own_project, member, book)

    assert (error["row"], error["column"]) == (row, f"{sheet.letter('version')} (Version (do not change))")
    assert error["message"].startswith("Someone else changed this since you opened it")


def test_a_draft_quarter_changed_in_the_template_is_changed_and_nothing_else(own_project, users, sheet):
    member = users["member"]
    book, row = fourth_quarter(own_project, member, sheet)
    services.apply_preview(services.preview_upload(own_project, member, as_upload(book), "q4.xlsx"), member)
    draft = Execution.objects.get(project=own_project, organization=member.organization, fiscal_year=2026, quarter=4)
    book = template_of(own_project, member)
    (row,) = quarter_rows(book, sheet, 2026, 4)
    fill(book, sheet, row, in_kind=draft.private_in_kind_krw + 1_000_000)

    found = services.preview_upload(own_project, member, as_upload(book, "fix.xlsx"), "fix.xlsx")

    assert found.errors == [] and found.created == [] and [entry["row"] for entry in found.changed] == [row]
    assert [change["after"] for change in found.changed[0]["changes"]] == [str(draft.private_in_kind_krw + 1_000_000)]
    services.apply_preview(found, member)
    draft.refresh_from_db()
    assert str(draft.private_in_kind_krw) == found.changed[0]["changes"][0]["after"] and draft.version == 2
    assert draft.spent_krw == sum(draft.lines.values_list("spent_krw", flat=True))
