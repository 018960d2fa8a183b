"""Every form of the portal posted with hypothesis-generated values — Korean, emoji, control characters, huge
strings — in every field it shows: never a server error, and a refused form changes nothing (no history record,
so no "data changed" line in the audit log). Marked ``fuzz``: it takes minutes."""

import datetime
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from members.models import AuditEvent
from projects.models import PolicyBarrier

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


@pytest.mark.parametrize("form", sorted(FORMS))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
@example(data=None)  # every field at 1 MB, first
def test_no_form_fails_or_half_saves_on_odd_input(client, users, submitted_project, form, data):
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
    changes_before = AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE).count()

    response = client.post(url, posted)

    assert response.status_code < 500, (url, response.status_code)
    if response.status_code != 302:  # refused: the form shows its errors and nothing was written
        assert AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE).count() == changes_before, url
