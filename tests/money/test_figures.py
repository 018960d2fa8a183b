"""The stored money figures (``ProjectFigures``, kept by ``money.figures.refresh``) and what reads them: the money
rules of the computed health, the dashboard's money panel, the list's execution-rate filter and sort, the exports.
Only viewers who see every project's money (the ministry) get the money rules, the panel and the filter."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from core import reviewed
from members.models import Role
from money import figures, services
from money.models import Execution
from money.services import PlanPart
from projects.models import Phase, Project, ProjectFigures, Visibility
from tests import DEMO_DAY
from tests.factories import ParticipantFactory, ProjectFactory, UserFactory, accept_plan

# The module runs on a fixed day (noon of DEMO_DAY, the clock running): "this year", the last complete week and the
# year's quarters are the same on every run, whatever the calendar says (on the real clock, the weekly report's test
# failed in the first days of every January, when the last complete week ends in the year before).
YEAR = DEMO_DAY.year
pytestmark = pytest.mark.usefixtures("on_demo_day")


def accepted_plan(project, editor, admin, year, grant):
    plan = services.save_plan(project, year, [PlanPart(editor.organization_id, "personnel", grant)], editor)
    return accept_plan(plan, admin)


def report(project, editor, admin, year, quarter, received, spent, *, accept=True, cash=0):
    execution = Execution.objects.filter(project=project, organization_id=editor.organization_id,
                                         fiscal_year=year, quarter=quarter).first()  # fmt: skip
    execution = execution or Execution(project=project, organization_id=editor.organization_id, fiscal_year=year,
                                       quarter=quarter, author=editor)  # fmt: skip
    execution.government_received_krw, execution.private_cash_krw = received, cash
    services.save_execution(execution, {"personnel": spent})
    reviewed.submit(execution, expected_version=execution.version)
    if accept is not None:
        reviewed.decide(execution, admin, accept=accept, comment="" if accept else "fix",
                                  expected_version=execution.version)  # fmt: skip
    return execution


def stored(project) -> dict:
    return {name: getattr(ProjectFigures.objects.get(project=project), name) for name in figures.MONEY_FIGURES}


def by_the_rule(project, years) -> dict:
    """The page's rule (``year_to_date``) for the latest year, and its spending added up over the years."""
    points = {year: figures.year_to_date(project, year) for year in years}
    latest = points[max(years)]
    return {
        "money_year": max(years), "year_planned_krw": latest.planned_krw, "year_funds_krw": latest.funds_krw,
        "year_spent_krw": latest.spent_krw, "execution_rate": latest.execution_rate,
        "spent_to_date_krw": sum(p.spent_krw for p in points.values()),
    }  # fmt: skip


def test_the_stored_figures_equal_the_rule_after_each_acceptance(money):
    project, lead, other, admin = money["project"], money["lead_editor"], money["partner_editor"], money["admin"]
    parts = [PlanPart(lead.organization_id, "personnel", 900_000_000),
             PlanPart(other.organization_id, "equipment", 300_000_000)]  # fmt: skip
    services.save_plan(project, YEAR - 1, parts, lead)
    accept_plan(project.budget_plans.get(fiscal_year=YEAR - 1), admin)
    report(project, lead, admin, YEAR - 1, 4, 700_000_000, 650_000_000)
    report(project, other, admin, YEAR - 1, 2, 100_000_000, 90_000_000)
    assert stored(project) == by_the_rule(project, [YEAR - 1])
    accepted_plan(project, lead, admin, YEAR, 1_000_000_000)
    report(project, lead, admin, YEAR, 1, 400_000_000, 100_000_000)
    report(project, lead, admin, YEAR, 2, 500_000_000, 333_333_333)
    report(project, other, admin, YEAR, 1, 50_000_000, 10_000_000, accept=False)  # returned: does not count
    report(project, other, admin, YEAR, 2, 60_000_000, 20_000_000, accept=None)  # submitted: does not count yet
    rule = by_the_rule(project, [YEAR - 1, YEAR])
    assert stored(project) == rule
    assert rule["year_funds_krw"] == 500_000_000 and rule["spent_to_date_krw"] == 740_000_000 + 333_333_333
    assert rule["execution_rate"] == Decimal("66.7")
    ProjectFigures.objects.filter(project=project).update(money_year=None, year_spent_krw=0, execution_rate=None)
    assert figures.refresh() == Project.objects.count()  # the bulk path gives the same
    assert stored(project) == rule


def test_a_project_without_money_keeps_empty_figures(money):
    figures.refresh([money["project"].pk])
    assert stored(money["project"]) == {
        "money_year": None, "year_planned_krw": 0, "year_funds_krw": 0, "year_spent_krw": 0, "execution_rate": None,
        "spent_to_date_krw": 0,
    }  # fmt: skip


@pytest.fixture
def spender(money):
    """An open-data project with a 1,000 million won budget, no progress, green otherwise (in planning: no reporting
    due), that reports an accepted quarter when ``spend`` is called."""
    project = money["project"]
    Project.objects.filter(pk=project.pk).update(government_budget_krw=1_000_000_000, private_budget_krw=0,
                                                 visibility=Visibility.OPEN, phase=Phase.PLANNING)  # fmt: skip
    accepted_plan(project, money["lead_editor"], money["admin"], YEAR, 1_000_000_000)

    def spend(received, spent, quarter=1):
        report(project, money["lead_editor"], money["admin"], YEAR, quarter, received, spent)
        return Project.objects.filter(pk=project.pk)

    return spend


def test_spending_ahead_of_progress_rates_amber_then_red_for_the_ministry(money, spender):
    today = datetime.date(YEAR, 6, 1)
    projects = spender(400_000_000, 300_000_000)  # 30 % of the budget spent at 0 % progress
    plain = projects.with_health(today).get()
    assert plain.health == "green" and not hasattr(plain, "spend_ahead")
    with_money = projects.with_health(today, money=True).get()
    assert (with_money.spend_ahead, with_money.health) == (30, "amber")
    assert "spent 30% of its budget at 0% progress" in " ".join(_reasons(with_money))
    assert list(Project.objects.ratings_to_check(today, money=True)) == [with_money]
    assert list(Project.objects.ratings_to_check(today)) == []
    projects = spender(600_000_000, 550_000_000, quarter=2)  # 55 % spent
    assert projects.with_health(today, money=True).get().health == "red"


def test_money_left_unspent_counts_in_the_last_quarter_only(money, spender):
    projects = spender(800_000_000, 200_000_000)  # 75 % of the money in unspent
    assert projects.with_health(datetime.date(YEAR, 9, 30), money=True).get().unspent_share == 0
    late = projects.with_health(datetime.date(YEAR, 10, 1), money=True).get()
    assert (late.unspent_share, late.health) == (75, "amber")
    assert f"75% of the money received in {YEAR} unspent" in " ".join(_reasons(late))
    assert projects.with_health(datetime.date(YEAR + 1, 11, 1), money=True).get().unspent_share == 0  # a past year


def _reasons(project):
    from django.utils import translation

    from projects import health

    with translation.override("en"):
        return health.reasons(project)


def _page(user, url):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client.get(url)


def test_only_the_ministry_sees_the_money_in_health_lists_and_the_dashboard(money, spender):
    spender(900_000_000, 600_000_000)  # 60 %: red for the ministry
    code = money["project"].code
    ministry, outsider, participant = money["viewer"], money["outsider"], money["lead_editor"]
    assert "spent 60% of its budget" in _page(ministry, f"/projects/{code}/").content.decode()
    for user in (outsider, participant):  # the participant sees the money on the money page, not in the health
        assert "of its budget" not in _page(user, f"/projects/{code}/").content.decode()
    listing = _page(ministry, "/projects/?ordering=-execution")
    assert listing.status_code == 200 and "66.7%" in listing.content.decode()
    assert listing.context["page"].object_list[0].code == code
    refused = _page(outsider, "/projects/?ordering=-execution")  # not a sort members have: the form refuses it
    assert list(refused.context["page"].object_list) == [] and "66.7%" not in refused.content.decode()
    dashboard = _page(ministry, "/").content.decode()
    assert 'id="money-panel"' in dashboard and "66.7%" in dashboard and code in dashboard
    for user in (outsider, participant, money["partner"]):
        page = _page(user, "/")
        assert page.status_code == 200 and 'id="money-panel"' not in page.content.decode()
    token_user = money["partner"]
    from members.tokens import issue_token

    token = issue_token(token_user, name="t", scopes=["read"])[1]
    body = Client().get(f"/api/v1/projects/{code}/", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["health"] == "green" and not any("budget" in r for r in body["health_reasons"])


def test_the_execution_rate_filter_picks_this_years_projects_below_it(money, spender):
    spender(1_000_000_000, 300_000_000)  # 30 %
    other = ProjectFactory()
    editor = UserFactory(organization=other.lead_organization, role=Role.MEMBER_EDITOR)
    accepted_plan(other, editor, money["admin"], YEAR, 500_000_000)
    report(other, editor, money["admin"], YEAR, 1, 100_000_000, 90_000_000)  # 90 %
    ParticipantFactory(project=other)
    codes = lambda url: [p.code for p in _page(money["viewer"], url).context["page"].object_list]  # noqa: E731
    assert codes("/projects/?execution_below=50") == [money["project"].code]
    assert codes("/projects/?execution_below=95&ordering=execution") == [money["project"].code, other.code]
    assert list(_page(money["viewer"], "/projects/?execution_below=abc").context["page"].object_list) == []


def test_the_dashboard_follows_an_accepted_quarter(money, spender):
    spender(1_000_000_000, 300_000_000)
    before = _page(money["viewer"], "/").context["money"]
    assert (before["rate"], before["unspent"]) == (30.0, 700_000_000)
    spender(1_000_000_000, 800_000_000, quarter=2)
    after = _page(money["viewer"], "/").context["money"]  # the cached copy was replaced
    assert (after["rate"], after["unspent"]) == (80.0, 200_000_000)


def test_the_weekly_report_has_the_years_money_and_its_checks(money, spender):
    from core import periods
    from reports.content import weekly_content

    spender(900_000_000, 600_000_000)  # 60 % of the budget at 0 % progress
    today = timezone.localdate()
    content = weekly_content(periods.latest_complete(periods.WEEK, today), today)["sections"]
    (row,) = content["money"]
    assert row[0] == money["project"].code and row[2:] == [1_000_000_000, 900_000_000, 600_000_000, "66.7", 60, 0]
    (check,) = [c for c in content["ratings_to_check"] if c[0] == money["project"].code]
    assert "spent 60% of its budget" in check[4]["en"]


def test_projects_without_money_come_last_either_way(money, spender):
    spender(1_000_000_000, 300_000_000)
    ProjectFactory()  # no money figures
    for ordering in ("execution", "-execution"):
        listed = _page(money["viewer"], f"/projects/?ordering={ordering}").context["page"].object_list
        assert listed[0].code == money["project"].code and listed[len(listed) - 1].execution_rate is None


def test_the_monthly_report_has_the_years_quarters_for_all_its_readers(money, spender, monkeypatch):
    from access.fields import FIELDS, MINISTRY
    from core import periods
    from reports.content import monthly_content

    spender(400_000_000, 100_000_000)
    spender(700_000_000, 350_000_000, quarter=2)
    today = timezone.localdate()
    month = periods.parse(periods.MONTH, f"{YEAR}-06")  # the second quarter's last month

    def money_rows():
        return monthly_content(money["project"], month, today)["sections"]["money"]

    assert money_rows() == [
        [f"{YEAR} Q1", 250_000_000, 400_000_000, 100_000_000, "25.0"],
        [f"{YEAR} Q2", 500_000_000, 700_000_000, 350_000_000, "50.0"],
    ]
    monkeypatch.setitem(FIELDS["projects.projectfigures"], "year_spent_krw", frozenset({MINISTRY}))
    assert money_rows() == []  # participants read the report too


def test_migrate_fills_the_money_figures_a_project_lacks(money, spender):
    from money.apps import fill_missing_figures

    spender(400_000_000, 100_000_000)
    rule = stored(money["project"])
    ProjectFigures.objects.filter(project=money["project"]).update(money_year=None, year_spent_krw=0)
    fill_missing_figures(None)  # as after the migration that added the columns to a database with money in it
    assert stored(money["project"]) == rule and rule["money_year"] == YEAR
