"""The money API: the same rules as the services (If-Match, problem details, write tokens); partners and members
of other organizations see none of it."""

import pytest
from django.test import Client

from members.tokens import issue_token
from money import services
from money.models import Execution

pytestmark = pytest.mark.django_db

PLANS, EXECUTIONS = "/api/v1/budget-plans/", "/api/v1/executions/"


def api(user, write=False) -> Client:
    scopes = ["read", "write"] if write else ["read"]
    token = issue_token(user, name="t", scopes=scopes)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")


def plan_body(m, **extra):
    return {"project": m["project"].code, "fiscal_year": 2026, "lines": [
        {"organization": m["lead"].slug, "category": "personnel", "government_grant_krw": 300_000_000,
         "private_cash_krw": 50_000_000},
        {"organization": m["partner_org"].slug, "category": "materials", "government_grant_krw": 100_000_000},
    ]} | extra  # fmt: skip


def execution_body(m, org="lead", **extra):
    return {"project": m["project"].code, "organization": m[org].slug, "fiscal_year": 2026, "quarter": 1,
            "government_received_krw": 100_000_000, "private_cash_krw": 10_000_000, "private_in_kind_krw": 0,
            "spent": {"personnel": 70_000_000, "materials": 5_000_000}} | extra  # fmt: skip


def test_an_editor_saves_and_submits_a_plan_and_another_ministry_administrator_accepts_it(money):
    editor, admin = api(money["lead_editor"], write=True), api(money["admin"], write=True)
    created = editor.post(PLANS, plan_body(money), content_type="application/json")
    assert created.status_code == 201, created.content
    plan = created.json()
    assert (plan["government_grant_krw"], plan["private_cash_krw"], plan["state"]) == (400_000_000, 50_000_000, "draft")
    assert {(line["organization"], line["category"]) for line in plan["lines"]} == {
        (money["lead"].slug, "personnel"), (money["partner_org"].slug, "materials"),
    }  # fmt: skip
    assert plan["author"] == money["lead_editor"].username and plan["version"] == 1
    stale = editor.post(PLANS, plan_body(money, version=0), content_type="application/json")
    assert stale.status_code == 412  # the writer saw no plan: the one made meanwhile is not overwritten
    url = f"{PLANS}{plan['id']}/"
    assert admin.post(f"{url}review/", {"decision": "accept"}, content_type="application/json",
                      HTTP_IF_MATCH=created["ETag"]).status_code == 404  # a draft is not for review  # fmt: skip
    assert editor.post(f"{url}submit/").status_code == 428
    submitted = editor.post(f"{url}submit/", HTTP_IF_MATCH=created["ETag"])
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    busy = editor.post(PLANS, plan_body(money), content_type="application/json")
    assert busy.status_code == 400  # a submitted plan waits for its decision
    refused = editor.post(f"{url}review/", {"decision": "accept"}, content_type="application/json",
                          HTTP_IF_MATCH=submitted["ETag"])  # fmt: skip
    assert refused.status_code == 404
    accepted = admin.post(f"{url}review/", {"decision": "accept"}, content_type="application/json",
                          HTTP_IF_MATCH=submitted["ETag"])  # fmt: skip
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert accepted.json()["reviewer"] == money["admin"].username
    again = editor.post(PLANS, plan_body(money), content_type="application/json")
    assert again.status_code == 400 and "reason" in again.json()["errors"]


def test_an_administrator_who_rewrote_a_plan_cannot_accept_it(money):
    editor, admin = api(money["lead_editor"], write=True), api(money["admin"], write=True)
    created = editor.post(PLANS, plan_body(money), content_type="application/json")
    url = f"{PLANS}{created.json()['id']}/"
    submitted = editor.post(f"{url}submit/", HTTP_IF_MATCH=created["ETag"])
    returned = admin.post(f"{url}review/", {"decision": "return", "comment": "Less personnel"},
                          content_type="application/json", HTTP_IF_MATCH=submitted["ETag"])  # fmt: skip
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    rewritten = admin.post(PLANS, plan_body(money, version=returned.json()["version"]), content_type="application/json")
    assert rewritten.status_code == 201 and rewritten.json()["state"] == "returned"
    resubmitted = admin.post(f"{url}submit/", HTTP_IF_MATCH=rewritten["ETag"])
    assert resubmitted.status_code == 200
    refused = admin.post(f"{url}review/", {"decision": "accept"}, content_type="application/json",
                         HTTP_IF_MATCH=resubmitted["ETag"])  # fmt: skip
    assert refused.status_code == 403 and "four eyes" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        (lambda m: plan_body(m, lines=[]), 400, "lines"),
        (lambda m: plan_body(m, fiscal_year=1999), 400, "fiscal_year"),
        (lambda m: plan_body(m, lines=[{"organization": "nobody", "category": "personnel"}]), 400, "organization"),
        (
            lambda m: plan_body(
                m, lines=[{"organization": m["lead"].slug, "category": "personnel", "government_grant_krw": -1}]
            ),
            400,
            "lines",
        ),
        (
            lambda m: plan_body(
                m, lines=[{"organization": m["lead"].slug, "category": "personnel", "government_grant_krw": "lots"}]
            ),
            400,
            "lines",
        ),
        (lambda m: plan_body(m, revision=3), 400, "revision"),
        (lambda m: plan_body(m, project="NOPE-1"), 404, None),
    ],
)
def test_a_bad_plan_is_a_clear_error_and_saves_nothing(money, body, status, field):
    response = api(money["lead_editor"], write=True).post(PLANS, body(money), content_type="application/json")
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    if field:
        assert field in response.json()["errors"]
    assert not money["project"].budget_plans.exists()


def test_a_participant_reports_a_quarter_with_if_match_and_submits_it(money):
    client = api(money["partner_editor"], write=True)
    assert client.post(EXECUTIONS, execution_body(money, "lead"), content_type="application/json").status_code == 404
    created = client.post(EXECUTIONS, execution_body(money, "partner_org"), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["spent"] == {"personnel": 70_000_000, "materials": 5_000_000}
    duplicate = client.post(EXECUTIONS, execution_body(money, "partner_org"), content_type="application/json")
    assert duplicate.status_code == 409
    url, etag = f"{EXECUTIONS}{created.json()['id']}/", created["ETag"]
    figures = {k: v for k, v in execution_body(money).items() if k in
               ("government_received_krw", "private_cash_krw", "private_in_kind_krw", "spent")}  # fmt: skip
    assert client.patch(url, figures, content_type="application/json").status_code == 428
    overspent = client.patch(url, figures | {"spent": {"equipment": 500_000_000}}, content_type="application/json",
                             HTTP_IF_MATCH=etag)  # fmt: skip
    assert overspent.status_code == 400 and "overspend_reason" in overspent.json()["errors"]
    saved = client.patch(url, figures | {"spent": {"personnel": 90_000_000}}, content_type="application/json",
                         HTTP_IF_MATCH=etag)  # fmt: skip
    assert saved.status_code == 200 and saved.json()["spent_krw"] == 90_000_000
    assert client.patch(url, figures, content_type="application/json", HTTP_IF_MATCH=etag).status_code == 412
    submitted = client.post(f"{url}submit/", HTTP_IF_MATCH=saved["ETag"])
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    reviewed = api(money["admin"], write=True).post(
        f"{url}review/", {"decision": "accept"}, content_type="application/json", HTTP_IF_MATCH=submitted["ETag"]
    )
    assert reviewed.status_code == 200 and reviewed.json()["state"] == "accepted"


def test_partners_and_other_members_see_no_money_anywhere(money):
    plan = services.save_plan(money["project"], 2026, [services.PlanPart(money["lead"].pk, "personnel", 5)],
                              money["lead_editor"])  # fmt: skip
    execution = services.save_execution(
        Execution(project=money["project"], organization=money["lead"], fiscal_year=2026, quarter=1,
                  author=money["lead_editor"], government_received_krw=10), {"personnel": 5})  # fmt: skip
    for name in ("partner", "outsider"):
        client = api(money[name], write=name == "outsider")
        assert client.get(PLANS).json()["results"] == [], name
        assert client.get(EXECUTIONS).json()["results"] == [], name
        assert client.get(f"{PLANS}{plan.pk}/").status_code == 404, name
        assert client.get(f"{EXECUTIONS}{execution.pk}/").status_code == 404, name
    outsider = api(money["outsider"], write=True)
    assert outsider.post(PLANS, plan_body(money), content_type="application/json").status_code == 404
    assert outsider.post(EXECUTIONS, execution_body(money), content_type="application/json").status_code == 404
    assert api(money["viewer"]).get(PLANS).json()["results"][0]["id"] == plan.pk


def test_lists_take_a_fixed_number_of_queries(money, django_assert_max_num_queries):
    for year in range(2026, 2030):
        services.save_plan(money["project"], year, [services.PlanPart(money["lead"].pk, "personnel", 5),
                                                    services.PlanPart(money["partner_org"].pk, "equipment", 7)],
                           money["lead_editor"])  # fmt: skip
        services.save_execution(Execution(project=money["project"], organization=money["lead"], fiscal_year=year,
                                          quarter=1, author=money["lead_editor"], government_received_krw=10),
                                {"personnel": 5, "materials": 1})  # fmt: skip
    client = api(money["viewer"])
    for url in (PLANS, EXECUTIONS):
        with django_assert_max_num_queries(8):
            assert len(client.get(url).json()["results"]) == 4
