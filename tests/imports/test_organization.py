"""One workbook for every project of the uploader's organization that they may change: each row names its project,
each is checked against that project, and a row naming any other project is refused at its first column."""

import io

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from openpyxl import load_workbook

from imports import services, workbook
from imports.selectors import organization_projects
from imports.sheets import HEADER_ROWS, INDICATOR_VALUES
from projects.models import IndicatorValue
from tests import DEMO_DAY
from tests.factories import IndicatorFactory
from tests.imports.helpers import as_upload, fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(users, own_project):
    IndicatorFactory(project=own_project)
    projects = list(organization_projects(users["member"]))
    return load_workbook(io.BytesIO(workbook.template(projects, users["member"], DEMO_DAY)))


def offered_rows(book, code: str) -> list[int]:
    """The rows offering this month's value of an indicator of the project ``code``."""
    sheet = book[INDICATOR_VALUES.title]
    return [row for row in range(HEADER_ROWS + 1, sheet.max_row + 1)
            if sheet.cell(row, 1).value == code and sheet.cell(row, 5).value == "2026-11"]  # fmt: skip


def test_the_workbook_holds_every_project_of_the_organization_they_may_change(book, users):
    codes = {row[0] for sheet in book.worksheets for row in sheet.iter_rows(min_row=HEADER_ROWS + 1, values_only=True)}

    assert codes == set(organization_projects(users["member"]).values_list("code", flat=True))
    assert len(book.sheetnames) == 3


def test_an_unchanged_workbook_has_nothing_to_change(book, users):
    found = services.preview_upload(None, users["member"], as_upload(book), "all.xlsx")

    assert found.errors == [] and found.writes == 0 and found.unchanged > 0


def test_each_row_is_written_to_the_project_it_names(book, users, own_project):
    row = offered_rows(book, own_project.code)[-1]
    fill(book, INDICATOR_VALUES, row, value=7)

    found = services.preview_upload(None, users["member"], as_upload(book), "all.xlsx")
    services.apply_preview(found, users["member"])

    assert found.errors == [] and [entry["row"] for entry in found.created] == [row]
    written = IndicatorValue.objects.get(indicator__project=own_project, actual_value=7)
    assert written.history.get().history_user == users["member"]


def test_a_row_naming_a_project_of_another_organization_is_refused(book, users, own_project, foreign_project, english):
    row = offered_rows(book, own_project.code)[-1]
    fill(book, INDICATOR_VALUES, row, project=foreign_project.code, value=7)

    found = services.preview_upload(None, users["member"], as_upload(book), "all.xlsx")

    assert found.errors == [{
        "sheet": INDICATOR_VALUES.title, "row": row, "column": "A (Project)",
        "message": "Your organization takes part in no project of this code that you may change.",
    }]  # fmt: skip


def test_the_page_and_the_api_offer_the_organizations_workbook(client, api, users):
    client.force_login(users["member"])
    assert client.get(reverse("organization_import")).status_code == 200
    download = client.get(reverse("organization_import_template"))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    reader = api("member")
    assert reader.get("/api/v1/imports/templates/").status_code == 200
    upload = as_upload(load_workbook(io.BytesIO(download.content)))
    answer = api("member:write").post("/api/v1/imports/", {"file": upload}, format="multipart")
    assert answer.status_code == 201 and answer.json()["project"] is None
    preview = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]["Preview"]
    assert preview["properties"]["project"]["nullable"] is True  # the documented answer allows that null (Schemathesis)


def test_ministry_staff_have_no_organizations_workbook(client, users):
    client.force_login(users["ministry"])

    assert client.get(reverse("organization_import")).status_code == 404
