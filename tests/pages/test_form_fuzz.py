"""Every form of the portal posted with hypothesis-generated values — Korean, emoji, control characters, huge
strings — in every field it shows: never a server error; a refused form adds or removes no row in any table; an
accepted one leads to a page that shows what was saved, with the project's stored figures still equal to their
rules. The forms are found, not listed: every Form class of the project's apps must have a case here
(``test_every_form_of_the_portal_is_fuzzed``). The fuzz is marked ``fuzz``: it takes minutes."""

import datetime
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from html import unescape

import pytest
from django import forms
from django.apps import apps
from django.db import connection, transaction
from django.utils.module_loading import import_string
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from projects import figures
from projects.models import PolicyBarrier, Project, ProjectFigures

NASTY = [
    "",
    " ",
    "\x00",
    "\u202e\u0000\r\n\t",
    "'; DROP TABLE projects_project; --",
    "<script>alert(1)</script>",
    "😀" * 300,
    "가" * 5000,
    "x" * 1_000_000,  # 1 MB, below the 2 MB request body limit
    "-1",
    "99999999999999999999999",
    "2026-02-30",
    "NaN",
]
values = st.one_of(
    st.sampled_from(NASTY), st.text(max_size=300), st.text(alphabet="가나다라마바사😀\x01\x7f", max_size=50)
)


@dataclass(frozen=True)
class Case:
    """A form as a browser meets it: who opens which page (built from the test's ``objects``), the Form class it
    posts (it must be in the page's context: a case cannot name a form its page does not show), which of the
    page's forms that is (the one whose action contains ``action`` sharing most fields with the class), and what a
    browser sends that is not typed (the button pressed)."""

    role: str | None
    page: Callable[[dict], str]
    form: str  # the Form class's dotted name; "" for a form that is not a Form class (Django's own, a plain one)
    action: str = ""
    fixed: dict = dc_field(default_factory=dict)


# Every form of the portal. A Form class of the project's apps with no case here, and not in NOT_FUZZED_HERE,
# fails test_every_form_of_the_portal_is_fuzzed.
FORMS = {
    "status update": Case(
        "member", lambda o: f"/projects/{o['project'].code}/update/", "projects.forms.StatusUpdateForm"
    ),
    "milestone": Case(
        "member",
        lambda o: f"/projects/{o['project'].code}/milestones/{o['project'].milestones.order_by('pk').first().pk}/",
        "projects.forms.MilestoneForm",
    ),
    "indicator value": Case(
        "member",
        lambda o: f"/projects/{o['project'].code}/indicators/{o['project'].indicators.order_by('pk').first().pk}/",
        "projects.forms.IndicatorValueForm",
    ),
    "raise a barrier": Case("member", lambda o: "/barriers/new/", "projects.forms.PolicyBarrierForm"),
    "barrier status": Case("ministry", lambda o: f"/barriers/{o['barrier'].pk}/", "projects.forms.BarrierStatusForm"),
    "review": Case(
        "ministry",
        lambda o: f"/review/{o['project'].status_updates.filter(state='submitted').first().pk}/",
        "core.pages.ReviewForm",
    ),
    "generate a report": Case("ministry", lambda o: "/reports/", "reports.forms.GenerateForm", action="/generate/"),
    "report subscription": Case("ministry", lambda o: "/reports/", "", action="/subscription/"),
    "profile": Case("member", lambda o: "/accounts/profile/", "members.views.ProfileForm"),
    "API token": Case("member", lambda o: "/accounts/tokens/", "members.token_views.TokenForm"),
    "password change": Case("member", lambda o: "/accounts/password_change/", ""),
    "sign-in": Case(None, lambda o: "/accounts/login/", "members.forms.SignInForm"),
    "company sign-in": Case(None, lambda o: "/accounts/login/", "members.forms.CompanyEmailForm", action="/sso/"),
    "password reset": Case(None, lambda o: "/accounts/password_reset/", ""),
    "attach a document": Case(
        "member", lambda o: f"/projects/{o['project'].code}/documents/", "documents.forms.AttachForm",
        action="/documents/attach/",
    ),
    "new document version": Case(
        "member", lambda o: f"/documents/{o['document'].pk}/", "documents.forms.NewVersionForm"
    ),
    "remove a document": Case(
        "member", lambda o: f"/documents/{o['document'].pk}/", "documents.forms.RemoveForm", action="/delete/"
    ),
    "money report": Case(
        "member", lambda o: f"/projects/{o['project'].code}/money/", "money.forms.ExecutionForm",
        fixed={"action": "save"},
    ),
    "import upload": Case(
        "member", lambda o: f"/projects/{o['project'].code}/import/", "imports.forms.UploadForm"
    ),
    "organization import upload": Case("member", lambda o: "/imports/", "imports.forms.UploadForm"),
    "money plan": Case("member", lambda o: f"/projects/{o['project'].code}/money/plan/", "money.forms.PlanForm"),
    "ethics answers": Case(
        "member", lambda o: f"/projects/{o['project'].code}/ethics/{o['draft check'].pk}/",
        "assessments.forms.AnswersForm", fixed={"action": "save"},
    ),
    "ethics review": Case(
        "ministry", lambda o: f"/projects/{o['submitted check'].project.code}/ethics/{o['submitted check'].pk}/",
        "assessments.forms.AssessmentReviewForm", fixed={"action": "review"},
    ),
    "result": Case(
        "member", lambda o: f"/projects/{o['project'].code}/results/new/commercialization/", "results.forms.ResultForm",
        fixed={"action": "save"},
    ),
    "lesson": Case(
        "member", lambda o: f"/projects/{o['project'].code}/lessons/new/", "results.forms.LessonForm",
        fixed={"action": "save"},
    ),
    "ask about a result": Case(
        "member", lambda o: f"/projects/{o['shared result'].project.code}/results/{o['shared result'].pk}/",
        "results.forms.AskForm", action="/ask/",
    ),
    "answer a contact request": Case("member", lambda o: "/contacts/", "results.forms.AnswerForm", action="/answer/"),
    "publish open data": Case("ministry", lambda o: "/publications/", "opendata.forms.PublishForm"),
    "webhook endpoint": Case("member", lambda o: "/webhooks/new/", "webhooks.forms.EndpointForm"),
    "notification preferences": Case(
        "member", lambda o: "/notifications/preferences/", "notifications.forms.PreferencesForm"
    ),
    "schedule a meeting": Case("member", lambda o: "/groups/regulation/meetings/new/", "groups.forms.MeetingForm"),
    "meeting minutes": Case(
        "member", lambda o: f"/meetings/{o['meeting'].pk}/", "groups.forms.MinutesForm", fixed={"action": "save"}
    ),
    "action item": Case(
        "member", lambda o: f"/meetings/{o['meeting'].pk}/", "groups.forms.ActionItemForm", fixed={"action": "action"}
    ),
    "meeting attendance": Case(
        "member", lambda o: f"/meetings/{o['meeting'].pk}/", "groups.forms.AttendanceForm",
        fixed={"action": "attendance"},
    ),
    "action item status": Case("member", lambda o: "/groups/regulation/", "", action="/status/"),
    "calendar feed": Case("member", lambda o: "/calendar/", "groups.forms.FeedForm"),
    "webhook replay": Case(
        "member", lambda o: f"/webhooks/{o['endpoint'].pk}/", "webhooks.forms.ReplayForm", action="/replay/"
    ),
}  # fmt: skip

# Form classes of the project's apps that no page of the portal posts, each with where it is tested instead
NOT_FUZZED_HERE = {
    "core.pages.VersionedForm": "a base class: each of its subclasses has a case",
    "results.forms._WorkForm": "a base class: the result and lesson forms have cases",
    "money.views.RowActionForm": "the money table's submit/accept/return buttons (no page shows it as a form to "
    "type in; malformed versions: tests/core/test_doors.py)",
    "core.versioned_admin.VersionedAdminForm": "the admin site's base form (tests/test_admin.py)",
    "projects.admin.ProjectAdminForm": "the admin site (tests/test_admin.py, the access matrix)",
    "members.admin.InvitationForm": "the admin site's invitation (tests/members/test_users.py)",
    "members.admin.IdentityProviderForm": "the admin site's identity provider (tests/members/test_sso.py)",
    "notifications.forms.SavedViewForm": "the lists' save-a-view form, rendered by the notifications app's include "
    "on pages whose views are the projects app's (fuzzed: tests/notifications/test_saved_views.py)",
    "groups.forms.ActionStatusForm": "the status select beside each action item, written out in the template (fuzzed "
    "as the plain form 'action item status')",
    "members.two_factor_views.CodeForm": "the second factor's code, mid sign-in (tests/members/test_two_factor.py)",
}


def portal_form_classes() -> set[str]:
    """Every Form class defined in the project's own apps (not Django's, not a library's), by dotted name."""
    import alliance_portal.urls  # noqa: F401  every view module, and the forms they use
    import members.admin  # noqa: F401
    import projects.admin  # noqa: F401

    ours = {c.name.split(".")[0] for c in apps.get_app_configs() if not c.path.startswith(sys.prefix)}
    found, stack = set(), [forms.BaseForm]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in ours | {"alliance_portal"}:
            found.add(f"{cls.__module__}.{cls.__qualname__}")
    return found


def test_every_form_of_the_portal_is_fuzzed():
    covered = {case.form for case in FORMS.values() if case.form}
    assert sorted(portal_form_classes() - covered - set(NOT_FUZZED_HERE)) == []
    assert sorted((covered | set(NOT_FUZZED_HERE)) - portal_form_classes()) == []  # a case for a form that is gone


def page_forms(html: str) -> list[tuple[str, list[str]]]:
    """(action, input names) of each form of the page that posts, but the language switcher."""
    found = []
    for opening, body in re.findall(r"(<form[^>]*method=\"post\"[^>]*>)(.*?)</form>", html, re.DOTALL | re.I):
        if 'name="csrfmiddlewaretoken"' not in body or 'name="language"' in body:
            continue
        action = re.search(r'action="([^"]*)"', opening)
        names = set(re.findall(r"<(?:input|select|textarea)[^>]*\bname=\"([^\"]+)\"", body))
        found.append((unescape(action.group(1)) if action else "", sorted(names - {"csrfmiddlewaretoken", "next"})))
    return found


def the_form(page, case: Case) -> tuple[str, list[str]]:
    """The page's form for ``case``, its class checked against what the page shows."""
    form_class = import_string(case.form) if case.form else None
    if form_class is not None:
        shown = {type(value) for context in page.context for value in context.flatten().values()}
        assert any(issubclass(cls, form_class) for cls in shown), f"{case.form} is not on the page"
    candidates = [form for form in page_forms(page.content.decode()) if case.action in form[0]]
    assert candidates, f"no form posting to *{case.action}* on the page"
    fields = set(form_class.base_fields) if form_class else set()
    return max(candidates, key=lambda form: (len(set(form[1]) & fields), len(form[1])))  # not the sign-out button


@pytest.fixture
def objects(own_project, foreign_project, users):
    """What the forms are opened on: the member's own project with a submitted status update, a barrier, a
    document, an AI-ethics check in progress there, a submitted one on another project, a webhook endpoint."""
    from assessments import services as assessment_services
    from core import reviewed
    from groups.models import WorkingGroup
    from members.models import User
    from results import services as result_services
    from tests.factories import (
        StatusUpdateFactory,
        attached_document,
        scheduled_meeting,
        submitted_assessment,
        submitted_result,
    )
    from webhooks import services as webhook_services
    from webhooks.models import Endpoint

    StatusUpdateFactory(
        project=own_project, period=datetime.date(2031, 1, 1), state="submitted", author=users["member"]
    )
    endpoint = Endpoint(owner=users["member"], url="https://hooks.example.org/fuzz", event_types=["project.updated"])
    webhook_services.create_endpoint(endpoint)
    other_author = User.objects.filter(organization__led_projects=foreign_project).first()
    shared = submitted_result(foreign_project, other_author, title="Shared result")
    reviewed.decide(shared, users["ministry"], accept=True, expected_version=shared.version, tell=False)
    own_result = submitted_result(own_project, users["member"], title="Own result")
    reviewed.decide(own_result, users["ministry"], accept=True, expected_version=own_result.version, tell=False)
    return {
        "shared result": shared,
        "contact": result_services.ask(own_result, other_author, "May we talk?"),
        "project": own_project,
        "barrier": PolicyBarrier.objects.order_by("pk").first(),
        "document": attached_document(own_project, users["member"]),
        "draft check": assessment_services.open_assessment(own_project)
        or assessment_services.start_assessment(own_project, users["member"]),
        "submitted check": submitted_assessment(foreign_project, other_author),
        "endpoint": endpoint,
        "meeting": scheduled_meeting(WorkingGroup.objects.get(slug="regulation")),  # no minutes yet
    }


def row_counts() -> dict[str, int]:
    """The number of rows of every table of the portal, in one query."""
    tables = sorted(model._meta.db_table for model in apps.get_models() if model._meta.managed)
    counts = ", ".join(f"(SELECT count(*) FROM {connection.ops.quote_name(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


# What a refused post may still write: a refused sign-in is recorded (django-axes, the audit log); a session row
# comes and goes with every request of a signed-in client.
RECORDS_OF_REFUSALS = {"sign-in": {"axes_accessattempt", "axes_accessfailurelog", "members_auditevent"}}
ALWAYS = {"django_session"}


@pytest.mark.fuzz
@pytest.mark.parametrize("form", sorted(FORMS))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
@example(data=None)  # every field at 1 MB, first
def test_no_form_fails_or_half_saves_on_odd_input(client, users, objects, form, data):
    """Each example starts from the same database: its writes are rolled back when it ends."""
    with transaction.atomic():
        post_odd_values(client, users, objects, form, data)
        transaction.set_rollback(True)


def post_odd_values(client, users, objects, form, data):
    case = FORMS[form]
    url = case.page(objects)
    client.logout()
    if case.role:
        client.force_login(users[case.role])
    page = client.get(url)
    assert page.status_code == 200, url
    action, names = the_form(page, case)
    names = [name for name in names if name not in case.fixed]
    assert names, f"no form fields found on {url}"
    posted = {name: ("x" * 1_000_000 if data is None else data.draw(values, label=name)) for name in names}
    before = row_counts()

    response = client.post(action or url, {**posted, **case.fixed})

    assert response.status_code < 500, (url, response.status_code)
    if response.status_code == 302:  # accepted: what was saved shows where the form leads, and the figures hold
        assert client.get(response["Location"]).status_code == 200, url
        project = Project.objects.filter(pk=objects["project"].pk)
        stored = ProjectFigures.objects.filter(project__in=project).values(*figures.FIGURES).get()
        assert stored == project.computed_figures().values(*figures.FIGURES).get(), url
    else:  # refused: the form shows its errors and no table gained or lost a row
        may_change = ALWAYS | RECORDS_OF_REFUSALS.get(form, set())
        if response.status_code in (403, 404):  # a refusal of access is recorded (the audit log's access_denied)
            may_change = may_change | {"members_auditevent"}
        after = row_counts()
        assert {t: (before[t], after[t]) for t in before if before[t] != after[t] and t not in may_change} == {}, url
