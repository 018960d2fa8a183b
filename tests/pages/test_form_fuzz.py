"""Every form of the portal posted with hypothesis-generated values — Korean, emoji, control characters, huge
strings — in every field it shows: never a server error; a refused form adds or removes no row in any table; an
accepted one leads to a page that shows what was saved, with the project's stored figures still equal to their
rules. Marked ``fuzz``: it takes minutes."""

import datetime
import re

import pytest
from django.apps import apps
from django.db import connection, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from projects import figures
from projects.models import PolicyBarrier, Project, ProjectFigures

pytestmark = pytest.mark.fuzz

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

# (role, URL of a page with a form) — every form the pages offer; the URL builders get the demo fixtures
FORMS = {
    "status update": ("member", lambda p, b: f"/projects/{p.code}/update/"),
    "milestone": ("member", lambda p, b: f"/projects/{p.code}/milestones/{p.milestones.order_by('pk').first().pk}/"),
    "indicator value": (
        "member",
        lambda p, b: f"/projects/{p.code}/indicators/{p.indicators.order_by('pk').first().pk}/",
    ),
    "raise a barrier": ("member", lambda p, b: "/barriers/new/"),
    "barrier status": ("ministry", lambda p, b: f"/barriers/{b.pk}/"),
    "review": ("ministry", lambda p, b: f"/review/{p.status_updates.filter(state='submitted').first().pk}/"),
    "generate a report": ("ministry", lambda p, b: "/reports/generate/"),
    "report subscription": ("ministry", lambda p, b: "/reports/subscription/"),
    "profile": ("member", lambda p, b: "/accounts/profile/"),
    "API token": ("member", lambda p, b: "/accounts/tokens/"),
    "password change": ("member", lambda p, b: "/accounts/password_change/"),
    "sign-in": (None, lambda p, b: "/accounts/login/"),
    "password reset": (None, lambda p, b: "/accounts/password_reset/"),
}
FORM_PAGES = {"/reports/generate/": "/reports/", "/reports/subscription/": "/reports/"}  # forms shown elsewhere


def field_names(html: str) -> list[str]:
    """The names of the inputs of the page's forms that post (the language switcher's aside)."""
    forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.DOTALL | re.IGNORECASE)
    chosen = [f for f in forms if 'name="csrfmiddlewaretoken"' in f and 'name="language"' not in f]
    names = set()
    for form in chosen:
        names |= set(re.findall(r"<(?:input|select|textarea)[^>]*\bname=\"([^\"]+)\"", form))
    return sorted(names - {"csrfmiddlewaretoken", "next", "language"})


@pytest.fixture
def submitted_project(own_project, users):
    from tests.factories import StatusUpdateFactory

    StatusUpdateFactory(
        project=own_project, period=datetime.date(2031, 1, 1), state="submitted", author=users["member"]
    )
    return own_project


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


@pytest.mark.parametrize("form", sorted(FORMS))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
@example(data=None)  # every field at 1 MB, first
def test_no_form_fails_or_half_saves_on_odd_input(client, users, submitted_project, form, data):
    """Each example starts from the same database: its writes are rolled back when it ends."""
    with transaction.atomic():
        post_odd_values(client, users, submitted_project, form, data)
        transaction.set_rollback(True)


def post_odd_values(client, users, submitted_project, form, data):
    role, url_of = FORMS[form]
    url = url_of(submitted_project, PolicyBarrier.objects.order_by("pk").first())
    client.logout()
    if role:
        client.force_login(users[role])
    page = client.get(FORM_PAGES.get(url, url))
    assert page.status_code == 200, url
    names = field_names(page.content.decode())
    assert names, f"no form fields found on {url}"
    posted = {name: ("x" * 1_000_000 if data is None else data.draw(values, label=name)) for name in names}
    before = row_counts()

    response = client.post(url, posted)

    assert response.status_code < 500, (url, response.status_code)
    if response.status_code == 302:  # accepted: what was saved shows where the form leads, and the figures hold
        assert client.get(response["Location"]).status_code == 200, url
        project = Project.objects.filter(pk=submitted_project.pk)
        stored = ProjectFigures.objects.filter(project__in=project).values(*figures.FIGURES).get()
        assert stored == project.computed_figures().values(*figures.FIGURES).get(), url
    else:  # refused: the form shows its errors and no table gained or lost a row
        may_change = ALWAYS | RECORDS_OF_REFUSALS.get(form, set())
        after = row_counts()
        assert {t: (before[t], after[t]) for t in before if before[t] != after[t] and t not in may_change} == {}, url
