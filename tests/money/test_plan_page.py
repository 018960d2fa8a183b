"""The plan page: the project's editors enter a year's draft plan by organization and cost category (totals from the
lines, bad input refused with nothing saved, a draft changed meanwhile not overwritten and the refusal saying what
changed, a revision needs a reason) and submit it on the money page, where a ministry administrator who wrote none
of it accepts it or returns it with a comment; nobody else reaches either."""

import pytest
from django.test import Client
from django.urls import reverse

from core.reviewed import ReviewState
from money import services
from money.models import BudgetPlan
from money.services import PlanPart
from tests.factories import accept_plan

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def plan_url(m) -> str:
    return reverse("project_plan", kwargs={"code": m["project"].code}) + "?year=2026"


def money_url(m) -> str:
    return reverse("project_money", kwargs={"code": m["project"].code}) + "?year=2026"


def lines(m, **amounts) -> dict:
    """The form's fields: the lead's personnel and the other participant's equipment, unless given."""
    lead, other = m["lead"].pk, m["partner_org"].pk
    return {f"grant_{lead}_personnel": 600_000_000, f"cash_{lead}_personnel": 100_000_000,
            f"kind_{lead}_personnel": 50_000_000, f"grant_{other}_equipment": 200_000_000} | amounts  # fmt: skip


def seen(response) -> int:
    """The version the form carries: the open plan's, 0 when there was none."""
    return response.context["form"]["version"].value()


def post_row(client, m, plan, action, *, follow=False, **extra):
    data = {"action": action, "plan": plan.pk, "version": plan.version, "year": 2026} | extra
    return client.post(money_url(m), data, follow=follow)


def test_an_editor_enters_and_submits_a_draft_and_another_administrator_accepts_it(money):
    editor = client_of(money["lead_editor"])
    page = editor.get(plan_url(money))
    assert page.status_code == 200 and len(page.context["form"].rows()) == 2 * 6  # two organizations × six categories
    done = editor.post(plan_url(money), lines(money) | {"version": seen(page)})
    assert done.status_code == 302
    plan = BudgetPlan.objects.get()
    assert (plan.state, plan.revision, plan.government_grant_krw, plan.private_cash_krw,
            plan.private_in_kind_krw, plan.lines.count()) == (ReviewState.DRAFT, 1, 800_000_000, 100_000_000,
                                                              50_000_000, 2)  # fmt: skip
    admin = client_of(money["admin"])
    assert b"Accept revision 1" not in admin.get(money_url(money)).content  # a draft is not for review
    assert b"Submit revision 1" in editor.get(money_url(money)).content
    assert post_row(editor, money, plan, "submit").status_code == 302
    plan.refresh_from_db()
    assert plan.state == ReviewState.SUBMITTED
    assert b"Accept revision 1" not in editor.get(money_url(money)).content  # editors do not decide
    assert b"Accept revision 1" in admin.get(money_url(money)).content
    assert post_row(admin, money, plan, "accept").status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.reviewer, plan.author) == (ReviewState.ACCEPTED, money["admin"], money["lead_editor"])


def test_a_returned_plan_is_changed_and_submitted_again(money, django_capture_on_commit_callbacks):
    plan = services.save_plan(money["project"], 2026, [PlanPart(money["lead"].pk, "personnel", 5)],
                              money["lead_editor"])  # fmt: skip
    editor, admin = client_of(money["lead_editor"]), client_of(money["admin"])
    post_row(editor, money, plan, "submit")
    plan.refresh_from_db()
    refused = post_row(admin, money, plan, "return", follow=True)
    assert "Say what needs to change" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_row(admin, money, plan, "return", comment="Split personnel by site").status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.review_comment) == (ReviewState.RETURNED, "Split personnel by site")
    page = editor.get(plan_url(money))
    assert "Split personnel by site" in page.content.decode()
    assert editor.post(plan_url(money), lines(money) | {"version": seen(page)}).status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.government_grant_krw) == (ReviewState.RETURNED, 800_000_000)


def test_the_author_of_a_submitted_plan_cannot_save_over_it(money):
    plan = services.save_plan(money["project"], 2026, [PlanPart(money["lead"].pk, "personnel", 5)],
                              money["lead_editor"])  # fmt: skip
    editor = client_of(money["lead_editor"])
    post_row(editor, money, plan, "submit")
    page = editor.get(plan_url(money))
    assert b"Save the draft" not in page.content
    refused = editor.post(plan_url(money), lines(money) | {"version": seen(page)})
    assert "can no longer be changed" in refused.content.decode()
    assert BudgetPlan.objects.get().government_grant_krw == 5


def test_bad_input_is_refused_and_changes_nothing(money):
    editor = client_of(money["lead_editor"])
    lead = money["lead"].pk
    for bad in ({f"grant_{lead}_personnel": "-5"}, {f"grant_{lead}_personnel": "1.5"},
                {f"grant_{lead}_personnel": "ten"}, {f"grant_{lead}_personnel": str(10**16)}):  # fmt: skip
        page = editor.post(plan_url(money), lines(money, **bad) | {"version": 0})
        assert page.status_code == 200 and page.context["form"].errors, bad
    zeros = dict.fromkeys(lines(money), 0)
    empty = editor.post(plan_url(money), zeros | {"version": 0})
    assert "A plan needs at least one line." in empty.content.decode()
    assert not BudgetPlan.objects.exists()


def test_a_draft_changed_meanwhile_is_not_overwritten(money):
    first, second = client_of(money["lead_editor"]), client_of(money["admin"])
    read = seen(first.get(plan_url(money)))  # both read the page while there is no draft
    assert read == 0 and second.post(plan_url(money), lines(money) | {"version": read}).status_code == 302
    late = first.post(plan_url(money), lines(money, **{f"grant_{money['lead'].pk}_personnel": 1}) | {"version": read})
    assert late.status_code == 200 and "Someone else changed this" in late.content.decode()
    assert BudgetPlan.objects.get().government_grant_krw == 800_000_000
    read = seen(first.get(plan_url(money)))  # both read the draft; the second changes it first
    grant = f"grant_{money['lead'].pk}_personnel"
    assert second.post(plan_url(money), lines(money, **{grant: 700_000_000}) | {"version": read}).status_code == 302
    late = first.post(plan_url(money), lines(money, **{grant: 1}) | {"version": read})
    assert "government grant (KRW): 900000000" in late.content.decode()  # what the other person changed
    assert BudgetPlan.objects.get().government_grant_krw == 900_000_000


def test_a_revision_starts_from_the_plan_in_force_and_needs_a_reason(money):
    parts = [PlanPart(money["lead"].pk, "personnel", 500_000_000)]
    accept_plan(services.save_plan(money["project"], 2026, parts, money["lead_editor"]), money["admin"])
    editor = client_of(money["lead_editor"])
    page = editor.get(plan_url(money))
    assert page.context["form"][f"grant_{money['lead'].pk}_personnel"].value() == 500_000_000
    refused = editor.post(plan_url(money), lines(money) | {"version": seen(page)})
    assert "a revision needs a reason" in refused.content.decode()
    assert editor.post(plan_url(money), lines(money) | {"version": 0, "reason": "a second site"}).status_code == 302
    assert BudgetPlan.objects.get(revision=2).reason == "a second site"


def test_only_the_projects_editors_reach_the_plan_page(money):
    for name, status in (("lead_editor", 200), ("partner_editor", 200), ("admin", 200), ("viewer", 404),
                         ("outsider", 404), ("partner", 404)):  # fmt: skip
        assert client_of(money[name]).get(plan_url(money)).status_code == status, name
    services.save_plan(money["project"], 2026, [PlanPart(money["lead"].pk, "personnel", 1)], money["lead_editor"])
    draft = BudgetPlan.objects.get()
    for action in ("submit", "accept", "return"):
        refused = post_row(client_of(money["viewer"]), money, draft, action)
        assert refused.status_code == 404 and BudgetPlan.objects.get().state == ReviewState.DRAFT
