import csv
import io

import pytest
from openpyxl import load_workbook

from projects.models import PolicyBarrier, Project


def test_member_raises_a_barrier_for_their_own_projects(client, users, own_project):
    client.force_login(users["member"])
    response = client.post(
        "/barriers/new/",
        {"title_ko": "실증 부지 인허가 지연", "title_en": "", "description": "설명", "regulation": "산업집적법",
         "responsible_agency": "산업통상자원부", "projects": [own_project.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    barrier = PolicyBarrier.objects.get(title_ko="실증 부지 인허가 지연")
    assert (barrier.raised_by, barrier.status, list(barrier.projects.all())) == (
        users["member"].organization, "raised", [own_project],
    )  # fmt: skip


def test_member_cannot_link_a_barrier_to_another_companys_project(client, users, foreign_project):
    client.force_login(users["member"])
    before = PolicyBarrier.objects.count()
    response = client.post(
        "/barriers/new/",
        {
            "title_ko": "x",
            "description": "x",
            "regulation": "x",
            "responsible_agency": "x",
            "projects": [foreign_project.pk],
        },
    )
    assert response.status_code == 200 and "projects" in response.context["form"].errors
    assert PolicyBarrier.objects.count() == before


def test_resolving_a_barrier_needs_a_note_and_stamps_the_date(client, users):
    barrier = PolicyBarrier.objects.exclude(status__in=PolicyBarrier.CLOSED_STATUSES).first()
    client.force_login(users["ministry"])
    url = f"/barriers/{barrier.pk}/"
    response = client.post(url, {"status": "resolved", "resolution_note": "", "version": barrier.version})
    assert response.status_code == 200 and "resolution_note" in response.context["form"].errors
    assert (
        client.post(
            url, {"status": "resolved", "resolution_note": "샌드박스 승인", "version": barrier.version}
        ).status_code
        == 302
    )
    barrier.refresh_from_db()
    assert (barrier.status, barrier.resolved_on is not None) == ("resolved", True)


@pytest.mark.parametrize("role", ["viewer", "member", "partner"])
def test_only_ministry_admins_change_barrier_status(client, users, role):
    barrier = PolicyBarrier.objects.exclude(status="rejected").order_by("pk").first()  # the post would change it
    decision = {"status": "rejected", "resolution_note": "x", "version": barrier.version}
    client.force_login(users[role])
    assert client.post(f"/barriers/{barrier.pk}/", decision).status_code == 404
    assert PolicyBarrier.objects.get(pk=barrier.pk).status == barrier.status
    client.force_login(users["ministry"])  # the same post from a ministry administrator does change it
    assert client.post(f"/barriers/{barrier.pk}/", decision).status_code == 302
    assert PolicyBarrier.objects.get(pk=barrier.pk).status == "rejected"


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_csv_export_contains_exactly_the_filtered_projects(client, users):
    client.force_login(users["ministry"])
    rows = read_csv(client.get("/projects/export.csv", {"area": "waste"}))
    expected = set(Project.objects.filter(area="waste").values_list("code", flat=True))
    assert {row[0] for row in rows[1:]} == expected
    assert all(row[-1] for row in rows[1:])  # ministry sees budgets


def test_partner_export_leaves_budgets_out(client, users):
    client.force_login(users["partner"])
    rows = read_csv(client.get("/projects/export.csv"))
    open_data = set(Project.objects.filter(visibility="open").values_list("code", flat=True))
    assert {row[0] for row in rows[1:]} == open_data and len(rows) > 1  # alliance-only projects left out
    assert all(row[-1] == "" and row[-2] == "" for row in rows[1:])


def test_xlsx_export_opens_with_real_cells(client, users):
    client.force_login(users["ministry"])
    response = client.get("/projects/export.xlsx", {"phase": "in_progress"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) - 1 == Project.objects.filter(phase="in_progress").count()
    assert isinstance(rows[1][8], int)  # progress is a number cell, not text


def test_invalid_filter_is_a_clear_400_for_exports(client, users):
    client.force_login(users["ministry"])
    response = client.get("/projects/export.csv", {"area": "space"})
    assert response.status_code == 400


def test_invalid_filter_on_the_list_shows_the_error_and_no_results(client, users):
    client.force_login(users["ministry"])
    response = client.get("/projects/", {"area": "space"})
    assert response.status_code == 200
    assert response.context["filter"].errors and response.context["page"].paginator.count == 0


def test_htmx_request_gets_only_the_results_fragment(client, users):
    client.force_login(users["ministry"])
    response = client.get("/projects/", {"area": "mobility"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and "MOB-01" in body and "MAC-01" not in body


def test_language_choice_is_saved_on_the_user(client, users):
    client.force_login(users["member"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/projects/"})
    users["member"].refresh_from_db()
    assert users["member"].preferred_language == "en"
    client.cookies.clear()
    client.force_login(users["member"])  # a new device: no language cookie
    assert "Projects" in client.get("/projects/").content.decode()


def test_a_language_chosen_before_signing_in_overrides_the_saved_one(client, users):
    assert users["member"].preferred_language == "ko"
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    client.post("/accounts/login/", {"username": "member", "password": "alliance-demo-2026"})
    users["member"].refresh_from_db()
    assert users["member"].preferred_language == "en"
    assert "Projects" in client.get("/projects/").content.decode()


def test_language_switch_refuses_an_offsite_redirect(client, users):
    client.force_login(users["member"])
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"
