"""The import's pages and API: template, upload, preview, apply — and the refusals each door gives."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from imports.models import ImportPreview
from imports.sheets import INDICATOR_VALUES
from projects.models import IndicatorValue
from tests.factories import IndicatorFactory
from tests.imports.helpers import as_upload, fill, rows_of, template_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(own_project):
    return IndicatorFactory(project=own_project)


def filled(project, user, indicator, value=4):
    book = template_of(project, user)
    fill(book, INDICATOR_VALUES, rows_of(book, INDICATOR_VALUES, indicator.pk)[-1], value=value)
    return as_upload(book)


def november(indicator):
    return IndicatorValue.objects.filter(indicator=indicator, period=datetime.date(2026, 11, 1))


def test_an_editor_downloads_the_template_uploads_it_and_applies_it(client, users, own_project, indicator):
    client.force_login(users["member"])
    template = client.get(reverse("import_template", args=[own_project.code]))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(template.content)).sheetnames == [
        "지표 값 Indicator values",
        "마일스톤 Milestones",
        "집행 Executions",
    ]

    sent = client.post(
        reverse("project_import", args=[own_project.code]), {"file": filled(own_project, users["member"], indicator)}
    )
    preview = ImportPreview.objects.get()
    assert sent["Location"] == reverse("import_preview", args=[preview.pk])
    page = client.get(sent["Location"])
    assert "Apply" in page.content.decode() or "적용" in page.content.decode()
    assert not november(indicator).exists()

    applied = client.post(sent["Location"])

    assert applied["Location"] == reverse("project_detail", args=[own_project.code])
    assert november(indicator).get().actual_value == 4


def test_an_unreadable_file_is_the_forms_error_in_the_users_language(client, users, own_project):
    client.force_login(users["member"])

    page = client.post(reverse("project_import", args=[own_project.code]), {"file": SimpleUploadedFile("x.csv", b"\0")})

    assert page.status_code == 200
    assert "XLSX 통합 문서도 CSV 파일도 아닙니다." in page.content.decode()
    assert not ImportPreview.objects.exists()


def test_a_preview_is_its_uploaders_only(client, users, own_project, indicator):
    client.force_login(users["member"])
    client.post(
        reverse("project_import", args=[own_project.code]), {"file": filled(own_project, users["member"], indicator)}
    )
    preview = ImportPreview.objects.get()
    client.force_login(users["ministry"])

    assert client.get(reverse("import_preview", args=[preview.pk])).status_code == 404
    assert client.post(reverse("import_preview", args=[preview.pk])).status_code == 404
    assert not november(indicator).exists()


def test_a_read_token_fetches_the_template_but_does_not_import(api, own_project, users, indicator):
    template = api("member").get(f"/api/v1/imports/templates/{own_project.code}/")
    assert template.status_code == 200

    refused = api("member").post(
        "/api/v1/imports/", {"project": own_project.code, "file": filled(own_project, users["member"], indicator)},
        format="multipart",
    )  # fmt: skip

    assert refused.status_code == 403
    assert not ImportPreview.objects.exists()


def test_the_api_previews_and_applies_by_the_previews_id(api, own_project, users, indicator):
    writer = api("member:write")
    upload = filled(own_project, users["member"], indicator)

    preview = writer.post("/api/v1/imports/", {"project": own_project.code, "file": upload}, format="multipart")

    assert preview.status_code == 201, preview.content
    body = preview.json()
    assert body["applicable"] and body["errors"] == [] and len(body["created"]) == 1
    assert writer.get(f"/api/v1/imports/{body['id']}/").json()["id"] == body["id"]
    applied = writer.post(f"/api/v1/imports/{body['id']}/apply/")
    assert applied.status_code == 200 and applied.json()["applied_at"]
    assert november(indicator).get().actual_value == 4
    again = writer.post(f"/api/v1/imports/{body['id']}/apply/")
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"


def test_the_api_answers_a_bad_file_with_problem_details(api, own_project):
    old_excel = SimpleUploadedFile("x.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    answer = api("member:write").post(
        "/api/v1/imports/", {"project": own_project.code, "file": old_excel}, format="multipart"
    )

    assert answer.status_code == 400 and answer["Content-Type"] == "application/problem+json"
    assert answer.json()["detail"].startswith("이전 형식의 Excel 파일(.xls)입니다.")


def test_the_api_refuses_another_companys_project(api, foreign_project, users, indicator, own_project):
    answer = api("member:write").post(
        "/api/v1/imports/", {"project": foreign_project.code, "file": filled(own_project, users["member"], indicator)},
        format="multipart",
    )  # fmt: skip

    assert answer.status_code == 404
