"""Every URL pattern of the portal (pages, API, admin) × every role × own / other organization's object × every
method, against the expectation table below. A URL pattern without an entry fails the test, so a new page or
endpoint cannot arrive without someone deciding who may use it.

Outcomes are coarse on purpose: *allowed* (the view did its work: a page, a redirect onward, a form or validation
error), *denied* (401 / 403 / 404, or sent to sign in), *second factor* (sent to type the authenticator's code first)
and 405 (method not offered). A 5xx fails every check.

The role *unverified* is a ministry administrator who has typed the password but not yet the authenticator's code:
that session may only finish signing in (or leave); every other page sends it to the second factor and every API
call is refused.

The same world serves one more sweep of every page, as every role in both languages: no error wherever it leads, the
page's language declared and kept, no number shown bare (see "what people read" below).
"""

import datetime
import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.test.client import ClientMixin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from core import periods, reviewed
from core.events import EventType
from core.reviewed import ReviewState
from documents import services as document_services
from documents.models import Document
from groups import services as group_services
from groups.models import WorkingGroup
from imports.models import ImportPreview
from members.models import Role, User
from members.tokens import issue_token
from notifications.mails import unsubscribe_token
from notifications.models import Delivery, Notification, SavedView
from opendata.models import Publication
from projects.models import PolicyBarrier, Project
from reports.services import build_report
from results import services as result_services
from tests.conftest import DEMO_NOON
from tests.demo_copy import load_demo
from tests.factories import (
    StatusUpdateFactory,
    UserFactory,
    attached_document,
    scheduled_meeting,
    submitted_assessment,
    submitted_execution,
    submitted_lesson,
    submitted_minutes,
    submitted_result,
)
from webhooks import outbox as webhook_outbox
from webhooks import services as webhook_services
from webhooks.models import Endpoint

ROLES = ["anonymous", "unverified", "ministry", "viewer", "member", "partner"]
UNVERIFIED_MAY = {"two_factor_verify", "logout", "set_language"}  # all a session half signed in may use
SECOND_FACTOR = "second factor"
sign_in_without_second_factor = ClientMixin.force_login  # as Django has it, before tests/conftest.py marks it verified
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
OWN, OTHER, NONE = "own", "other", "-"

Audience = Callable[[str, str], bool]  # (role, whose) -> may use


def public(role, whose):
    return True


def signed_in(role, whose):
    return role != "anonymous"


def ministry(role, whose):
    return role in ("ministry", "viewer")


def ministry_admin(role, whose):
    return role == "ministry"


def editors(role, whose):
    """Ministry administrators edit every project; member editors their own organization's."""
    return role == "ministry" or (role == "member" and whose == OWN)


def participants(role, whose):
    """Ministry staff and the organizations taking part (unaccepted status updates, project reports)."""
    return role in ("ministry", "viewer") or (role == "member" and whose == OWN)


def alliance(role, whose):
    """Ministry staff and members: working groups are none of partners' business."""
    return role in ("ministry", "viewer", "member")


def owner(role, whose):
    """One's own things (API tokens), whatever the role."""
    return role != "anonymous" and whose == OWN


def api_writers(role, whose):
    return role in ("ministry", "member")


def organization_editor(role, whose):
    """A member editor, for their organization's projects (ministry staff belong to none)."""
    return role == "member"


def uploader(role, whose):
    """One's own import, while one may change its project."""
    return whose == OWN and role in ("ministry", "member")


def owner_or_overseer(role, whose):
    """One's own webhook endpoints; ministry administrators see everyone's (and switch them off)."""
    return owner(role, whose) or role == "ministry"


def organization_or_overseer(role, whose):
    """The people of one's own organization (its chat channels); ministry administrators oversee every one."""
    return role == "ministry" or (role == "member" and whose == OWN)


def another_overseer(role, whose):
    """A ministry administrator lifts another administrator's switch-off of someone else's endpoint."""
    return role == "ministry" and whose != OWN


@dataclass
class Rule:
    methods: dict[str, Audience]
    kwargs: Callable[[dict], dict] | None = None  # objects of one side -> URL kwargs; None: no object in the URL
    extra: dict = field(default_factory=dict)


def project(o):
    return {"code": o["project"].code}


EXPECTATIONS: dict[str, Rule] = {
    # health, sign-in, language: open to all
    "healthz": Rule({"GET": public}),
    "readyz": Rule({"GET": public}),
    "metrics": Rule({"GET": ministry_admin}),  # and the monitoring system's key (tests/test_metrics.py)
    # Django's own form views (sign-in, passwords) take PUT like POST
    "login": Rule({"GET": public, "POST": public, "PUT": public}),
    # single sign-on: the e-mail address (an empty one: the form's error) and the provider's answer (none: refused)
    "sso_start": Rule({"GET": public, "POST": public}),
    "sso_callback": Rule({"GET": public}),
    "logout": Rule({"POST": public}),
    "set_language": Rule({"POST": public}),
    "password_reset": Rule({"GET": public, "POST": public, "PUT": public}),
    "password_reset_done": Rule({"GET": public}),
    # a wrong or used reset link shows its "link no longer valid" page whatever the method
    "password_reset_confirm": Rule(dict.fromkeys(METHODS, public), lambda o: {"uidb64": "MQ", "token": "x-y"}),
    "password_reset_complete": Rule({"GET": public}),
    # one's own account
    "profile": Rule({"GET": signed_in, "POST": signed_in}),
    "password_change": Rule({"GET": signed_in, "POST": signed_in, "PUT": signed_in}),
    "password_change_done": Rule({"GET": signed_in}),
    "two_factor_setup": Rule({"GET": signed_in, "POST": signed_in}),
    "two_factor_verify": Rule({"GET": signed_in, "POST": signed_in}),
    "two_factor_recovery_codes": Rule({"POST": signed_in}),
    "token_list": Rule({"GET": signed_in, "POST": signed_in}),
    "token_revoke": Rule({"POST": owner}, lambda o: {"pk": o["token"].pk}),
    # the portfolio, for every signed-in user
    "dashboard": Rule({"GET": signed_in}),
    "project_list": Rule({"GET": signed_in}),
    "project_export_csv": Rule({"GET": signed_in}),
    "project_export_xlsx": Rule({"GET": signed_in}),
    "portfolio_timeline": Rule({"GET": signed_in}),
    "search": Rule({"GET": signed_in}),
    "portfolio_timeline_pdf": Rule({"GET": signed_in}),
    "project_detail": Rule({"GET": signed_in}, project),
    "project_history": Rule({"GET": signed_in}, project),
    "organization_list": Rule({"GET": signed_in}),
    "organization_suggest": Rule({"GET": signed_in}),
    "organization_detail": Rule({"GET": signed_in}, lambda o: {"slug": o["project"].lead_organization.slug}),
    "barrier_list": Rule({"GET": signed_in}),
    "barrier_detail": Rule({"GET": signed_in, "POST": ministry_admin}, lambda o: {"pk": o["barrier"].pk}),
    # editing a project
    "status_update_edit": Rule({"GET": editors, "POST": editors}, project),
    "milestone_edit": Rule({"GET": editors, "POST": editors}, lambda o: {**project(o), "pk": o["milestone"].pk}),
    "indicator_value_add": Rule({"GET": editors, "POST": editors}, lambda o: {**project(o), "pk": o["indicator"].pk}),
    # imports: a project's template and upload for its editors (an empty upload: the form's error); a preview is its
    # uploader's (an empty one: "nothing to change")
    "project_import": Rule({"GET": editors, "POST": editors}, project),
    "import_template": Rule({"GET": editors}, project),
    "import_preview": Rule({"GET": uploader, "POST": uploader}, lambda o: {"pk": preview_of(o).pk}),
    # an organization's workbook of all its projects that one may change
    "organization_import": Rule({"GET": organization_editor, "POST": organization_editor}),
    "organization_import_template": Rule({"GET": organization_editor}),
    # AI-ethics checks: the project's participants fill them in, the ministry reviews; the checklist is for all
    "project_checks": Rule({"GET": signed_in}, project),
    "assessment_start": Rule({"POST": editors}, project),
    "assessment_detail": Rule(
        {"GET": participants, "POST": ministry_admin},  # submitted: reviewed, no longer edited
        lambda o: {**project(o), "pk": o["assessment"].pk},
    ),
    "ethics_checklist": Rule({"GET": signed_in}),
    "ethics_answers_csv": Rule({"GET": signed_in}),  # the rows: what the policy shows (tests/assessments)
    "ethics_answers_xlsx": Rule({"GET": signed_in}),
    "ethics_overview": Rule({"GET": ministry}),
    # documents: a confidential one in each side's project library (own: uploaded by the member)
    "project_documents": Rule({"GET": signed_in}, project),
    "document_attach": Rule({"POST": editors}, lambda o: {"kind": "project", "pk": o["project"].pk}),
    "document_detail": Rule({"GET": participants, "POST": editors}, lambda o: {"pk": o["document"].pk}),
    "document_download": Rule({"GET": participants}, lambda o: {"pk": o["document"].pk}),
    "document_version_download": Rule({"GET": participants}, lambda o: {"pk": o["document"].pk, "number": 1}),
    "document_delete": Rule({"POST": editors}, lambda o: {"pk": o["document"].pk}),  # no version sent: kept
    "document_restore": Rule({"POST": editors}, lambda o: {"pk": binned_document(o).pk}),
    "barrier_raise": Rule({"GET": lambda role, whose: role == "member", "POST": lambda role, whose: role == "member"}),
    # review and the audit log, for ministry staff
    "audit_log": Rule({"GET": ministry}),
    "audit_log_csv": Rule({"GET": ministry}),
    "review_queue": Rule({"GET": ministry}),
    "review_update": Rule({"GET": ministry, "POST": ministry_admin}, lambda o: {"pk": o["submitted"].pk}),
    # reports
    "report_list": Rule({"GET": signed_in}),
    "job_runs": Rule({"GET": ministry}),
    "report_generate": Rule({"POST": ministry_admin}),
    "report_subscription": Rule({"POST": ministry}),
    "report_detail": Rule({"GET": participants}, lambda o: {"pk": o["report"].pk}),
    "report_download": Rule({"GET": participants}, lambda o: {"pk": o["report"].pk, "fmt": "pdf"}),
    # open data: the public pages, files, feed and API for everyone, signed in or not; publishing for the ministry
    "open_portfolio": Rule({"GET": public}),
    "open_changelog": Rule({"GET": public}),
    "open_licence": Rule({"GET": public}),
    "open_feed": Rule({"GET": public}),
    "open_period": Rule({"GET": public}, lambda o: {"period": o["publication"].key}),
    "open_period_version": Rule({"GET": public}, lambda o: published(o)),
    "open_project": Rule({"GET": public}, lambda o: {**published(o), "code": o["publication"].projects.first().code}),
    "open_file": Rule({"GET": public}, lambda o: {**published(o), "name": "projects.csv"}),
    "open-publication-list": Rule({"GET": public}),
    "open-publication-detail": Rule({"GET": public}, lambda o: {"period": o["publication"].key}),
    "open-project-list": Rule({"GET": public}),
    "open-project-detail": Rule({"GET": public}, lambda o: {"code": o["publication"].projects.first().code}),
    "publication_list": Rule({"GET": ministry, "POST": ministry_admin}),  # an empty form: errors shown, nothing made
    # the API: everyone with a token reads the portfolio; writes need a write token and the same rights as pages
    "schema": Rule({"GET": public}),
    "swagger-ui": Rule({"GET": public}),
    "redoc": Rule({"GET": public}),
    "me": Rule({"GET": signed_in}),
    "portfolio-summary": Rule({"GET": signed_in}),
    "organization-list": Rule({"GET": signed_in}),
    "organization-detail": Rule({"GET": signed_in}, lambda o: {"slug": o["project"].lead_organization.slug}),
    "project-list": Rule({"GET": signed_in}),
    "project-detail": Rule({"GET": signed_in}, project),
    "milestone-list": Rule({"GET": signed_in}),
    "milestone-detail": Rule({"GET": signed_in, "PATCH": editors}, lambda o: {"pk": o["milestone"].pk}),
    "statusupdate-list": Rule({"GET": signed_in, "POST": api_writers}),
    "statusupdate-detail": Rule({"GET": participants, "PATCH": editors}, lambda o: {"pk": o["submitted"].pk}),
    "statusupdate-review": Rule({"POST": ministry_admin}, lambda o: {"pk": o["submitted"].pk}),
    "statusupdate-submit": Rule({"POST": editors}, lambda o: {"pk": o["submitted"].pk}),
    "checklist-list": Rule({"GET": signed_in}),
    "checklist-detail": Rule({"GET": signed_in}, lambda o: {"number": o["assessment"].checklist.number}),
    "assessment-list": Rule({"GET": signed_in, "POST": api_writers}),  # the list: what the policy shows
    "assessment-detail": Rule({"GET": participants, "PATCH": editors}, lambda o: {"pk": o["assessment"].pk}),
    "assessment-submit": Rule({"POST": editors}, lambda o: {"pk": o["assessment"].pk}),
    "assessment-review": Rule({"POST": ministry_admin}, lambda o: {"pk": o["assessment"].pk}),
    "indicator-list": Rule({"GET": signed_in}),
    "indicator-detail": Rule({"GET": signed_in}, lambda o: {"pk": o["indicator"].pk}),
    "indicator-values": Rule({"POST": editors}, lambda o: {"pk": o["indicator"].pk}),
    "policybarrier-list": Rule({"GET": signed_in}),
    "policybarrier-detail": Rule({"GET": signed_in}, lambda o: {"pk": o["barrier"].pk}),
    # webhooks: one's own endpoints (a spare one where a method deletes it); ministry administrators oversee all
    "webhook_list": Rule({"GET": signed_in}),
    "organization_channels": Rule(
        {"GET": organization_or_overseer}, lambda o: {"slug": o["project"].lead_organization.slug}
    ),
    "webhook_create": Rule({"GET": signed_in, "POST": signed_in}),
    "webhook_detail": Rule({"GET": owner_or_overseer, "POST": owner}, lambda o: {"pk": o["endpoint"].pk}),
    "webhook_ping": Rule({"POST": owner}, lambda o: {"pk": o["endpoint"].pk}),
    "webhook_rotate_secret": Rule({"POST": owner}, lambda o: {"pk": o["endpoint"].pk}),
    "webhook_disable": Rule({"POST": owner_or_overseer}, lambda o: {"pk": o["endpoint"].pk}),
    "webhook_lift": Rule({"POST": another_overseer}, lambda o: {"pk": o["endpoint"].pk}),
    "webhook_delete": Rule({"POST": owner}, lambda o: {"pk": spare_endpoint(o).pk}),
    "webhook_replay": Rule({"POST": owner}, lambda o: {"pk": o["endpoint"].pk}),
    "webhook_redeliver": Rule({"POST": owner}, lambda o: {"pk": o["endpoint"].pk, "delivery": o["delivery"].pk}),
    # money: the ministry's and the participants' only; an organization's editors enter its own executions
    "project_money": Rule({"GET": participants}, project),  # a POST without an action: 404 for everyone
    "project_plan": Rule({"GET": editors, "POST": editors}, project),  # an empty plan: the form's error
    "budgetplan-list": Rule({"GET": signed_in, "POST": api_writers}),  # an empty body: 400 for those who may write
    "budgetplan-detail": Rule({"GET": participants}, lambda o: {"pk": planned(o).pk}),
    "budgetplan-submit": Rule({"POST": editors}, lambda o: {"pk": planned(o).pk}),  # no If-Match: 428
    "budgetplan-review": Rule({"POST": ministry_admin}, lambda o: {"pk": planned(o).pk}),  # no decision: 400
    "execution-list": Rule({"GET": signed_in, "POST": api_writers}),
    "execution-detail": Rule({"GET": participants, "PATCH": editors}, lambda o: {"pk": o["execution"].pk}),  # 428
    "execution-submit": Rule({"POST": editors}, lambda o: {"pk": o["execution"].pk}),  # no If-Match: 428
    "execution-review": Rule({"POST": ministry_admin}, lambda o: {"pk": o["execution"].pk}),  # no decision: 400
    "document-list": Rule({"GET": signed_in, "POST": api_writers}),  # an empty upload: 400 for those who may
    "document-detail": Rule({"GET": participants, "DELETE": editors}, lambda o: {"pk": o["document"].pk}),  # 428
    "document-versions": Rule({"POST": editors}, lambda o: {"pk": o["document"].pk}),  # no If-Match: 428
    "document-download": Rule({"GET": participants}, lambda o: {"pk": o["document"].pk}),
    "import-list": Rule({"POST": api_writers}),  # a JSON body: 415 for those who may upload
    "import-template": Rule({"GET": editors}, project),
    "import-organization-template": Rule({"GET": organization_editor}),
    "import-detail": Rule({"GET": uploader}, lambda o: {"pk": preview_of(o).pk}),
    "import-apply": Rule({"POST": uploader}, lambda o: {"pk": preview_of(o).pk}),
    # results and lessons: participants write, the ministry reviews; once accepted, the library shares them; members
    # of another organization ask about a result, its owner's editors answer
    "project_results": Rule({"GET": signed_in}, project),
    "result_new": Rule({"GET": editors, "POST": editors}, lambda o: {**project(o), "kind": "patent"}),
    "result_detail": Rule(
        {"GET": participants, "POST": ministry_admin}, lambda o: {**project(o), "pk": o["result"].pk}
    ),
    "lesson_new": Rule({"GET": editors, "POST": editors}, project),
    "lesson_detail": Rule(
        {"GET": participants, "POST": ministry_admin}, lambda o: {**project(o), "pk": o["lesson"].pk}
    ),
    "library": Rule({"GET": signed_in}),
    "library_lessons": Rule({"GET": signed_in}),
    "results_review": Rule({"GET": ministry}),
    "results_report": Rule({"GET": ministry}),  # no year: 400, nothing written
    "result_ask": Rule(
        {"POST": lambda role, whose: role == "member" and whose == OTHER}, lambda o: {"pk": o["shared result"].pk}
    ),  # an empty question: the message, nothing sent
    "contact_list": Rule({"GET": signed_in}),
    "contact_answer": Rule(
        {"POST": lambda role, whose: role == "member" and whose == OWN}, lambda o: {"pk": o["contact"].pk}
    ),  # no decision: the message, nothing changed
    "result-list": Rule({"GET": signed_in, "POST": api_writers}),
    "result-detail": Rule({"GET": participants, "PATCH": editors}, lambda o: {"pk": o["result"].pk}),  # 428
    "result-submit": Rule({"POST": editors}, lambda o: {"pk": o["result"].pk}),  # no If-Match: 428
    "result-review": Rule({"POST": ministry_admin}, lambda o: {"pk": o["result"].pk}),  # no decision: 400
    "lesson-list": Rule({"GET": signed_in, "POST": api_writers}),
    "lesson-detail": Rule({"GET": participants, "PATCH": editors}, lambda o: {"pk": o["lesson"].pk}),
    "lesson-submit": Rule({"POST": editors}, lambda o: {"pk": o["lesson"].pk}),
    "lesson-review": Rule({"POST": ministry_admin}, lambda o: {"pk": o["lesson"].pk}),
    "webhook-list": Rule({"GET": signed_in, "POST": signed_in}),
    "webhook-detail": Rule(
        {"GET": owner_or_overseer, "PATCH": owner, "DELETE": owner}, lambda o: {"pk": spare_endpoint(o).pk}
    ),  # a ministry administrator's PATCH of someone else's endpoint may only switch it off (test_webhook_api.py)
    "webhook-ping": Rule({"POST": owner}, lambda o: {"pk": o["endpoint"].pk}),
    "webhook-rotate-secret": Rule({"POST": owner}, lambda o: {"pk": o["endpoint"].pk}),
    "webhook-replay": Rule({"POST": owner}, lambda o: {"pk": o["endpoint"].pk}),
    "webhookdelivery-list": Rule({"GET": signed_in}),
    "webhookdelivery-detail": Rule({"GET": owner_or_overseer}, lambda o: {"pk": o["delivery"].pk}),
    "webhookdelivery-redeliver": Rule({"POST": owner}, lambda o: {"pk": o["delivery"].pk}),
    # notifications: one's own (the side's is the member's: others are refused it); unsubscribing by signed link
    "notification_list": Rule({"GET": signed_in}),
    "notification_read": Rule({"POST": owner}, lambda o: {"pk": o["notification"].pk}),
    "notification_read_all": Rule({"POST": signed_in}),
    "notification_preferences": Rule({"GET": signed_in, "POST": signed_in}),  # an empty form: errors shown
    "notification_unsubscribe": Rule({"GET": public, "POST": public}, lambda o: {"token": o["unsubscribe"]}),
    "saved_view_list": Rule({"GET": signed_in, "POST": signed_in}),  # an empty form: errors shown, nothing saved
    "saved_view_notify": Rule({"POST": owner}, lambda o: {"pk": spare_view(o).pk}),
    "saved_view_delete": Rule({"POST": owner}, lambda o: {"pk": spare_view(o).pk}),
    # working groups: closed groups (own: chaired by the member's organization; other: one it is not in) to their
    # members and the ministry; scheduling and approving by the chair's editors and ministry administrators
    "group_list": Rule({"GET": alliance}),
    "group_detail": Rule({"GET": participants}, lambda o: {"slug": o["group"].slug}),
    "meeting_schedule": Rule({"GET": editors, "POST": editors}, lambda o: {"slug": o["group"].slug}),
    "meeting_detail": Rule({"GET": participants}, lambda o: {"pk": o["meeting"].pk}),  # a POST without an action: 404
    "meeting_ics": Rule({"GET": participants}, lambda o: {"pk": o["meeting"].pk}),
    "action_item_status": Rule({"POST": editors}, lambda o: {"pk": o["action item"].pk}),  # no status: a message
    "calendar_feeds": Rule({"GET": alliance, "POST": alliance}),
    "calendar_feed": Rule({"GET": public}, lambda o: {"token": o["feed token"]}),  # the secret address is the key
    "workinggroup-list": Rule({"GET": signed_in}),  # partners: an empty list
    "workinggroup-detail": Rule({"GET": participants}, lambda o: {"slug": o["group"].slug}),
    "meeting-list": Rule({"GET": signed_in}),
    "meeting-detail": Rule({"GET": participants}, lambda o: {"pk": o["meeting"].pk}),
    "minutes-list": Rule({"GET": signed_in}),
    "minutes-detail": Rule({"GET": participants}, lambda o: {"pk": o["minutes"].pk}),
    "minutes-submit": Rule({"POST": editors}, lambda o: {"pk": o["minutes"].pk}),  # no If-Match: 428
    "minutes-review": Rule({"POST": editors}, lambda o: {"pk": o["minutes"].pk}),  # the chair's editors too
    "actionitem-list": Rule({"GET": signed_in}),
    "actionitem-detail": Rule({"GET": participants, "PATCH": editors}, lambda o: {"pk": o["action item"].pk}),  # 428
}

# Documents on the meetings of closed groups (a confidential one on each side's meeting; own: uploaded by the member),
# through the documents' own URLs: they go with the group (its members and the ministry), attached by its writers.
MEETING_DOCUMENTS: dict[str, Rule] = {
    "document_attach": Rule({"POST": editors}, lambda o: {"kind": "meeting", "pk": o["meeting"].pk}),  # no file
    "document_detail": Rule({"GET": participants, "POST": editors}, lambda o: {"pk": o["meeting document"].pk}),
    "document_download": Rule({"GET": participants}, lambda o: {"pk": o["meeting document"].pk}),
    "document-detail": Rule({"GET": participants, "DELETE": editors}, lambda o: {"pk": o["meeting document"].pk}),
    "document-download": Rule({"GET": participants}, lambda o: {"pk": o["meeting document"].pk}),
}


def planned(o):
    """The submitted budget plan beside the side's submitted execution."""
    return o["execution"].project.budget_plans.get(fiscal_year=o["execution"].fiscal_year)


def published(o) -> dict:
    return {"period": o["publication"].key, "version": o["publication"].version}


def preview_of(o) -> ImportPreview:
    """An empty import preview of the side's project, uploaded by the token's holder (the role itself on its own
    side, someone else on the other)."""
    expires = timezone.now() + datetime.timedelta(hours=1)
    return ImportPreview.objects.create(
        project=o["project"], uploaded_by=o["token"].user, file_name="matrix.xlsx", expires_at=expires
    )


def spare_endpoint(o) -> Endpoint:
    """A new endpoint of the same owner, for a method that deletes what it is given."""
    endpoint = Endpoint(owner=o["endpoint"].owner, url="https://hooks.example.org/spare")
    endpoint.event_types = [EventType.PROJECT_UPDATED]
    webhook_services.create_endpoint(endpoint)
    return endpoint


def spare_view(o) -> SavedView:
    """A new private saved view of the side's notification's recipient, for a method that deletes what it is given."""
    owner = o["notification"].recipient
    return SavedView.objects.create(owner=owner, name=f"spare {SavedView.objects.count()}", list="projects")


def binned_document(o) -> Document:
    """A new document of the side's project, deleted by its uploader, for a method that restores what it is given."""
    document = attached_document(o["project"], o["document"].uploaded_by)
    return document_services.delete_document(document, document.uploaded_by, expected_version=document.version)


def url_patterns(patterns=None, prefix="", namespace=""):
    """(name, route) of every URL pattern, walking included URL confs."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern), pattern


PORTAL_PATTERNS = sorted({name for name, _route, _p in url_patterns() if not name.startswith("admin:")})
API_PATTERNS = {name for name, route, _p in url_patterns() if route.startswith("api/")}
ADMIN_PATTERNS = [(name, route, pattern) for name, route, pattern in url_patterns() if name.startswith("admin:")]


def admin_url(name: str, route: str, pattern: URLPattern) -> str:
    """A URL for an admin pattern: reversed with placeholder arguments, or for the unnamed ones (the catch-all and
    the object shortcut) the route with every argument filled in."""
    if pattern.name:
        regex = pattern.pattern.regex
        if not regex.groupindex:
            return reverse(name, args=["1"] * regex.groups)
        return reverse(name, kwargs={key: "members" if key == "app_label" else "1" for key in regex.groupindex})
    route = re.sub(r"<[^>]+>|\(\?P<\w+>[^)]*\)", "1", route)
    return "/" + route.replace("^", "").replace("$", "")


def test_every_url_pattern_has_an_expectation():
    assert all(name != "None" for name in PORTAL_PATTERNS), "every URL pattern needs a name"
    assert sorted(set(PORTAL_PATTERNS) - set(EXPECTATIONS)) == []
    assert sorted(set(EXPECTATIONS) - set(PORTAL_PATTERNS)) == []  # no expectation for a URL that is gone


# -- the objects each role is tried on ----------------------------------------------------------------------------


def build_world() -> dict:
    """The demo portfolio plus, for the member's organization (own) and one it has no part in (other): a submitted
    status update, a ready project report; and one API token per user (reports go to ``settings.REPORTS_DIR``)."""
    today = timezone.localdate()
    load_demo()
    unverified = UserFactory(username="unverified", role=Role.MINISTRY_ADMIN)
    TOTPDevice.objects.create(user=unverified, name="authenticator", confirmed=True)  # enrolled, not yet typed
    users = {u.username: u for u in User.objects.filter(username__in=ROLES)}
    member_org = users["member"].organization
    open_data = Project.objects.filter(visibility="open")  # partners see them; alliance-only: test_policy.py
    own = open_data.filter(lead_organization=member_org, phase="in_progress").order_by("code").first()
    other = (
        open_data.filter(phase="in_progress").exclude(participations__organization=member_org).order_by("code").first()
    )
    month = periods.latest_complete(periods.MONTH, today)
    asker = UserFactory(username="asker", role=Role.MEMBER_EDITOR)  # of an organization in neither project
    sides = {}
    for whose, p in ((OWN, own), (OTHER, other)):
        author = users["member"] if whose == OWN else other_uploader(p)
        shared = submitted_result(p, author, title="Shared result")
        reviewed.decide(shared, users["ministry"], accept=True, expected_version=shared.version, tell=False)
        sides[whose] = {
            "result": submitted_result(p, author),
            "lesson": submitted_lesson(p, author),
            "shared result": shared,
            "contact": result_services.ask(shared, asker, "May we talk?"),
            "project": p,
            "milestone": p.milestones.order_by("pk").first(),
            "indicator": p.indicators.order_by("pk").first(),
            "barrier": PolicyBarrier.objects.order_by("pk").first(),
            "publication": Publication.objects.get(),  # the demo's
            "submitted": StatusUpdateFactory(
                project=p, period=datetime.date(2031, 1, 1), state=ReviewState.SUBMITTED, author=users["member"]
            ),
            "report": build_report("monthly", month, today, project=p)[0],
            "document": attached_document(p, users["member"] if whose == OWN else other_uploader(p)),
            "execution": submitted_execution(p, users["member"] if whose == OWN else other_uploader(p)),
            "assessment": submitted_assessment(
                p, users["member"] if whose == OWN else User.objects.filter(organization__led_projects=p).first()
            ),
        }
    for whose, slug in ((OWN, "regulation"), (OTHER, "manufacturing-data")):
        sides[whose].update(group_side(WorkingGroup.objects.get(slug=slug), users))
    tokens, endpoints = {}, {}
    for name, user in users.items():
        scopes = ["read", "write", "webhooks"] if name in ("ministry", "member") else ["read", "webhooks"]
        tokens[name] = issue_token(user, name="matrix", scopes=scopes)
        endpoint = Endpoint(owner=user, url=f"https://hooks.example.org/{name}", event_types=["project.updated"])
        webhook_services.create_endpoint(endpoint)
        webhook_outbox.dispatch(webhook_services.send_test_event(endpoint).pk)
        endpoints[name] = (endpoint, endpoint.deliveries.get())
    notifications = {name: own_notification(user, sides[OWN]["project"]) for name, user in users.items()}
    return {"users": users, "sides": sides, "tokens": tokens, "endpoints": endpoints, "notifications": notifications}


def own_notification(user: User, project: Project) -> tuple[Notification, str]:
    """A notification of ``user``'s, and a signed link unsubscribing them from its kind."""
    notification = Notification.objects.create(
        recipient=user, kind=EventType.PROJECT_UPDATED, subject_type="projects.project", subject_id=str(project.pk),
        details={"code": project.code}, path=reverse("project_detail", kwargs={"code": project.code}),
        occurred_at=timezone.now(), delivery=Delivery.PORTAL,
    )  # fmt: skip
    return notification, unsubscribe_token(user.pk, [EventType.PROJECT_UPDATED])


def group_side(group: WorkingGroup, users: dict) -> dict:
    """A closed group's new meeting with minutes submitted by one of its members' editors who is not the member and a
    confidential agenda paper (the member's on their own group's), an open action item of the group, and the member's
    calendar address (the same on both sides)."""
    meeting = scheduled_meeting(group)
    member2 = User.objects.get(username="member2")  # lg-electronics: in the regulation group
    author = member2 if group.members.filter(pk=member2.organization_id).exists() else None
    author = author or User.objects.filter(organization=group.chair, role=Role.MEMBER_EDITOR).order_by("pk").first()
    uploader = users["member"] if group.chair_id == users["member"].organization_id else author
    _feed, token = group_services.open_feed(users["member"])
    return {
        "group": group,
        "meeting": meeting,
        "meeting document": attached_document(meeting, uploader, name="agenda.pdf"),
        "minutes": submitted_minutes(meeting, author),
        "action item": group.action_items.filter(status="open").order_by("pk").first(),
        "feed token": token,
    }


def other_uploader(project: Project) -> User:
    """A member editor of the lead organization of a project the member takes no part in."""
    username = f"editor-{project.code.lower()}"
    return User.objects.filter(username=username).first() or UserFactory(
        username=username, role=Role.MEMBER_EDITOR, organization=project.lead_organization
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built and asked on the demo's day (noon of ``DEMO_DAY`` on, the clock running): what each role
    sees of the demo's projects does not drift as the calendar moves on."""
    reports_dir = tmp_path_factory.mktemp("reports")
    with django_db_blocker.unblock(), override_settings(REPORTS_DIR=reports_dir), freeze_time(DEMO_NOON, tick=True):
        yield build_world()
        call_command("flush", interactive=False, verbosity=0)


def page_urls(world, role: str) -> list[tuple[str, str]]:
    """(name, URL) of every page (not the API) the role may GET, on each side: what a browser shows that role."""
    urls = []
    for name in sorted(EXPECTATIONS):
        rule = EXPECTATIONS[name]
        if name in API_PATTERNS or "GET" not in rule.methods:
            continue
        for whose in (OTHER, OWN) if rule.kwargs else (NONE,):
            if expected(role, name)[whose, "GET"] == "allowed":
                kwargs = rule.kwargs(objects_for(world, role, whose)) if rule.kwargs else None
                urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def objects_for(world, role: str, whose: str) -> dict:
    side = dict(world["sides"][OWN if whose == NONE else whose])
    token_of = role if whose == OWN and role != "anonymous" else "viewer" if role != "viewer" else "partner"
    side["token"] = world["tokens"][token_of][0]
    side["endpoint"], side["delivery"] = world["endpoints"][token_of]
    side["notification"], side["unsubscribe"] = world["notifications"][token_of]
    return side


# -- asking -------------------------------------------------------------------------------------------------------


def sign_in(client: Client, world, role: str) -> None:
    if role == "unverified":
        sign_in_without_second_factor(client, world["users"][role])
    elif role != "anonymous":
        client.force_login(world["users"][role])  # ministry staff: verified (tests/conftest.py)


def outcome(response) -> str:
    status = response.status_code
    assert status < 500 and status != 429, f"{status}: {response.content[:500]!r}"
    if status == 405:
        return "405"
    if status in (401, 403, 404):
        return "denied"
    if status == 302:  # sent to sign in first (a redirect to the sign-in page without ``next`` is a sign-out)
        path, _sep, query = response["Location"].partition("?")
        if path in (reverse("login"), reverse("admin:login")) and "next=" in query:
            return "denied"
        if path == reverse("two_factor_verify"):
            return SECOND_FACTOR
    return "allowed"


def ask(world, role: str, name: str, rules: dict[str, Rule] = EXPECTATIONS) -> dict:
    """Every method on every side of one URL pattern, as the role: {(whose, method): outcome}."""
    cache.clear()  # no API throttle carried over from the tests before
    rule = rules[name]
    client = Client()
    headers = {}
    sign_in(client, world, role)
    if role not in ("anonymous", "unverified"):  # a half signed-in session has no token: tokens need a verified one
        headers["HTTP_AUTHORIZATION"] = f"Bearer {world['tokens'][role][1]}"
    got = {}
    for whose in (OTHER, OWN) if rule.kwargs else (NONE,):
        url = reverse(name, kwargs=rule.kwargs(objects_for(world, role, whose)) if rule.kwargs else None)
        api = url.startswith("/api/")
        for method in METHODS:
            send = getattr(client, method.lower())
            response = send(url, content_type="application/json", **headers) if api else send(url)
            got[whose, method] = outcome(response)
    return got


def expected(role: str, name: str, rules: dict[str, Rule] = EXPECTATIONS) -> dict:
    rule = rules[name]
    want = {}
    for whose in (OTHER, OWN) if rule.kwargs else (NONE,):
        for method in METHODS:
            audience = rule.methods.get(method)
            if role == "unverified" and name not in UNVERIFIED_MAY:
                refused = "denied" if name in API_PATTERNS else SECOND_FACTOR
                want[whose, method] = refused if audience is not None else ("405", refused)
            elif audience is not None:
                want[whose, method] = "allowed" if audience(role, whose) else "denied"
            else:  # never served; a read-only token's writes are refused before the method is looked at
                want[whose, method] = ("405", "denied")
    return want


def mismatches(got: dict, want: dict) -> dict:
    """{(side, method): (got, expected)} where the outcome is not the expected one (or one of those allowed)."""
    return {
        key: (got[key], want[key])
        for key in want
        if got[key] != want[key] and not (isinstance(want[key], tuple) and got[key] in want[key])
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_access_matches_the_expectation_table(world, db, role, name):
    got = ask(world, role, name)
    want = expected(role, name)
    wrong = mismatches(got, want)
    assert wrong == {}, f"{role} on {name}: (side, method) -> (got, expected)"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MEETING_DOCUMENTS))
def test_meeting_documents_go_with_their_group(world, db, role, name):
    got = ask(world, role, name, MEETING_DOCUMENTS)
    want = expected(role, name, MEETING_DOCUMENTS)
    wrong = mismatches(got, want)
    assert wrong == {}, f"{role} on {name}: (side, method) -> (got, expected)"


@pytest.mark.parametrize("role", ROLES)
def test_only_ministry_administrators_reach_the_admin_site(world, db, role):
    """Every admin URL pattern, with placeholder arguments: refused (or sent to the admin sign-in) for everyone
    but ministry administrators, who never get a server error."""
    client = Client()
    sign_in(client, world, role)
    for name, route, pattern in ADMIN_PATTERNS:
        if name == "admin:login":
            continue  # the administration's own sign-in page is open to all, as the portal's is
        url = admin_url(name, route, pattern)
        response = client.get(url, follow=True)
        assert response.status_code < 500, url
        signs_in = any(
            hop.split("?")[0] in (reverse("login"), reverse("admin:login"), reverse("two_factor_verify"))
            for hop, _ in response.redirect_chain
        )
        if role != "ministry":
            assert signs_in or response.status_code in (401, 403, 404, 405), f"{role} reached {url}"
    if role == "ministry":
        assert client.get(reverse("admin:index")).status_code == 200


# -- what people read -----------------------------------------------------------------------------------------------
# On every page, as each role that may see it and in both languages: the page's own language throughout, and no
# number of five digits or more shown bare (amounts carry thousands separators or a unit: 억원 on the dashboard, won
# with separators elsewhere) and no figure with a float's tail of digits. Codes, dates and identifiers (digits joined
# to letters, dashes, dots or slashes) are not quantities.
BARE_NUMBER = re.compile(r"(?<![\w\-./:#@+%])\d{5,}(?![\w\-./:@%])")
FLOAT_TAIL = re.compile(r"(?<![\w\-./:])\d+\.\d{4,}(?![\w\-./:])")


class VisibleText(HTMLParser):
    """The text a reader sees: everything outside <script>, <style> and <template>."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__()
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.depth -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def english_sentences() -> set[str]:
    """The portal's own English phrases that Korean pages must show translated: messages of two words or more,
    without placeholders, whose Korean differs."""
    with open(settings.BASE_DIR / "locale" / "ko" / "LC_MESSAGES" / "django.mo", "rb") as catalogue:
        messages = gettext.GNUTranslations(catalogue)._catalog
    phrases = set()
    for key, korean in messages.items():
        english = (key[0] if isinstance(key, tuple) else key).split("\x04")[-1]
        if " " in english and not any(mark in english for mark in "%{<") and korean != english:
            phrases.add(english)
    return phrases


def english_left(text: str, language: str, untranslated: set[str]) -> list[str]:
    if language != "ko":
        return []
    return [f"English left: {phrase!r}" for phrase in untranslated if phrase in text]


def reader(world, role: str, language: str) -> Client:
    """A client signed in as ``role`` who reads the portal in ``language`` (its browser asks for it; a person has
    chosen it)."""
    if role != "anonymous":
        user = world["users"][role]
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    sign_in(client, world, role)
    return client


# What the pages' sweeps leave to the matrix above: files, feeds and answers read by machines (health, metrics) are not
# pages; a fragment is swapped into a page (htmx: the organization filter's suggestions, the report runs' table) and
# declares no language of its own; the company provider's answer, opened with no sign-in under way, is a refusal (400).
FILES = {
    "healthz", "readyz", "metrics", "project_export_csv", "project_export_xlsx", "audit_log_csv", "report_download",
    "portfolio_timeline_pdf", "ethics_answers_csv", "ethics_answers_xlsx", "document_download",
    "document_version_download", "open_feed", "open_file", "import_template", "meeting_ics", "calendar_feed",
    "organization_import_template", "results_report",
}  # fmt: skip
FRAGMENTS = {"organization_suggest", "job_runs"}
REFUSED_ON_THEIR_OWN = {"sso_callback"}
DECLARED_LANGUAGE = re.compile(r"<html[^>]*\blang=\"([^\"]*)\"")


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_reads_in_its_language_with_no_bare_number(world, db, role, language):
    """Every page each role may open, in each language, wherever it leads: it answers without an error, a document
    declares its language, a Korean page leaves no English message of the catalogue, and no number is shown bare. The
    browser sweep (tests/e2e/test_accessibility.py) runs axe-core on each page as the role that sees the most of it."""
    client = reader(world, role, language)
    untranslated = english_sentences()
    found, read = [], 0
    for name, url in page_urls(world, role):
        if name in FILES:
            continue
        response = client.get(url, follow=True)
        assert response.status_code == (400 if name in REFUSED_ON_THEIR_OWN else 200), (name, url, response.status_code)
        read += 1
        html = response.content.decode()
        text = visible_text(html)
        problems = english_left(text, language, untranslated)
        declared = DECLARED_LANGUAGE.search(html)
        if name not in FRAGMENTS and (declared is None or declared[1] != language):
            problems.append(f"declares {declared and declared[1]!r}")
        problems += [f"bare number {bare}" for bare in BARE_NUMBER.findall(text) + FLOAT_TAIL.findall(text)]
        found += [f"{name} ({url}): {problem}" for problem in problems]
    assert read >= (1 if role == "unverified" else 10), "the sweep read almost no page"  # unverified: sign-in pages
    assert not found, "\n".join(found)
