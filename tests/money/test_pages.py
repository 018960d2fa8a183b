"""The project's money page: who sees it, a member editor reports a quarter (errors shown, nothing saved on bad
input, stale edits refused), submits it, a ministry administrator accepts it; amounts as readers read budgets."""

import pytest
from django.test import Client
from django.urls import reverse

from core import reviewed
from core.reviewed import ReviewState
from money import display, services
from money.models import Execution
from money.services import PlanPart
from tests.factories import accept_plan

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def url(m, **query) -> str:
    return reverse("project_money", kwargs={"code": m["project"].code}) + "?" + "&".join(
        f"{k}={v}" for k, v in ({"year": 2026} | query).items())  # fmt: skip


def quarter(m, **values) -> dict:
    return {"action": "save", "year": 2026, "quarter": 1, "government_received_krw": 100_000_000,
            "private_cash_krw": 20_000_000, "private_in_kind_krw": 0, "spent_personnel": 60_000_000,
            "spent_equipment": 0, "spent_materials": 5_000_000, "spent_commissioned": 0, "spent_indirect": 0,
            "spent_other": 0} | values  # fmt: skip


def test_the_ministry_and_participants_see_the_page_and_nobody_else(money):
    for name, status in (("lead_editor", 200), ("partner_editor", 200), ("viewer", 200), ("admin", 200),
                         ("outsider", 404), ("partner", 404)):  # fmt: skip
        assert client_of(money[name]).get(url(money)).status_code == status, name
    assert client_of(money["viewer"]).get(url(money, year="12")).status_code == 404


def test_the_project_page_links_to_money_for_those_who_see_it(money):
    detail = reverse("project_detail", kwargs={"code": money["project"].code})
    link = reverse("project_money", kwargs={"code": money["project"].code})
    assert link in client_of(money["partner_editor"]).get(detail).content.decode()
    assert link not in client_of(money["outsider"]).get(detail).content.decode()


def test_a_member_editor_reports_edits_and_submits_a_quarter_and_the_ministry_accepts_it(money):
    editor = client_of(money["partner_editor"])
    assert editor.post(url(money), quarter(money)).status_code == 302
    execution = Execution.objects.get()
    assert (execution.organization, execution.spent_krw, execution.state) == (money["partner_org"], 65_000_000, "draft")
    page = editor.get(url(money, edit=execution.pk)).content.decode()
    assert 'value="60000000"' in page  # the form holds the draft's figures
    again = editor.post(url(money), quarter(money, spent_personnel=70_000_000))
    assert "already reported" in again.content.decode()  # a second report of the quarter, not an edit
    edited = editor.post(url(money), quarter(money, spent_personnel=70_000_000, version=execution.version))
    assert edited.status_code == 302
    stale = editor.post(url(money), quarter(money, spent_personnel=80_000_000, version=execution.version))
    assert "Someone else changed this" in stale.content.decode()
    execution.refresh_from_db()
    assert execution.spent_krw == 75_000_000
    editor.post(url(money), {"action": "submit", "year": 2026, "execution": execution.pk, "version": execution.version})
    execution.refresh_from_db()
    assert execution.state == ReviewState.SUBMITTED
    client_of(money["admin"]).post(url(money), {"action": "accept", "year": 2026, "execution": execution.pk,
                                                "version": execution.version})  # fmt: skip
    execution.refresh_from_db()
    assert execution.state == ReviewState.ACCEPTED


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"government_received_krw": -1}, "greater than or equal to 0"),
        ({"government_received_krw": "lots"}, "Enter a whole number"),
        ({"spent_personnel": 10**16}, "less than or equal to"),
        ({"quarter": 5}, "Select a valid choice"),
        ({"spent_equipment": 500_000_000}, "say why"),
    ],
)
def test_bad_figures_show_an_error_and_save_nothing(money, values, message):
    response = client_of(money["partner_editor"]).post(url(money), quarter(money, **values))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Execution.objects.exists()


def test_a_viewer_or_another_organizations_editor_cannot_act_on_a_quarter(money):
    execution = services.save_execution(
        Execution(project=money["project"], organization=money["lead"], fiscal_year=2026, quarter=1,
                  author=money["lead_editor"], government_received_krw=100), {"personnel": 50})  # fmt: skip
    for name in ("partner_editor", "viewer"):
        response = client_of(money[name]).post(
            url(money), {"action": "submit", "year": 2026, "execution": execution.pk, "version": execution.version}
        )
        assert response.status_code == 404, name
    assert Execution.objects.get().state == "draft"


def test_the_page_shows_the_plan_and_the_execution_rate_of_accepted_quarters(money, django_assert_max_num_queries):
    plan = services.save_plan(money["project"], 2026, [PlanPart(money["lead"].pk, "personnel", 800_000_000,
                                                                200_000_000)], money["lead_editor"])  # fmt: skip
    accept_plan(plan, money["admin"])
    for org, spent in (("lead", 30_000_000), ("partner_org", 10_000_000)):
        e = services.save_execution(Execution(project=money["project"], organization=money[org], fiscal_year=2026,
                                              quarter=1, author=money["lead_editor"],
                                              government_received_krw=100_000_000), {"personnel": spent})  # fmt: skip
        e = reviewed.submit(e, expected_version=e.version)
        reviewed.decide(e, money["admin"], accept=True, expected_version=e.version)
    viewer = client_of(money["viewer"])
    with django_assert_max_num_queries(16):
        page = viewer.get(url(money)).content.decode()
    assert "KRW 1,000.0m" in page and "20.0%" in page  # plan 10억; 40m spent of 200m in


@pytest.mark.parametrize(
    ("amount", "ko", "en"),
    [
        (1_234_500_000, "12.3억원", "KRW 1,234.5m"),
        (100_000_000, "1.0억원", "KRW 100.0m"),
        (45_600_000, "46백만원", "KRW 45.6m"),
        (0, "0백만원", "KRW 0.0m"),
        (None, "—", "—"),
    ],
)
def test_amounts_read_in_eok_or_millions_of_won(amount, ko, en):
    assert (display.won(amount, "ko"), display.won(amount, "en")) == (ko, en)
