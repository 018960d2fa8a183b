"""Every query parameter the portal reads, on every page and API list, sent with hypothesis-generated values —
numbers written with other digits (``²``), NUL, years 1 and 9999, huge numbers, Korean, emoji — never answers a
server error. The parameters are discovered (every ``GET.get``/``query_params.get``/``params.get`` in the apps'
code, every FilterSet's filters, the lists' paging and ordering), and so are the pages (every URL without an
argument, plus the pages of one project and one publication); a page that cannot be fuzzed is named below with its
reason. Marked ``fuzz``."""

import re
from pathlib import Path

import django_filters
import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle

from opendata.models import Publication
from tests.test_access_matrix import url_patterns

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
APPS = ["access", "alliance_portal", "members", "projects", "reports", "money", "documents", "webhooks", "opendata",
        "assessments", "imports", "notifications", "groups", "results"]  # fmt: skip
READ = re.compile(r"(?:GET|query_params|params)\.get\(\s*\"([A-Za-z_]+)\"")
LISTS = {"page", "page_size", "cursor", "ordering", "format", "lang", "q"}  # paging, ordering, format, language


def _filtersets(cls=django_filters.FilterSet):
    for sub in cls.__subclasses__():
        yield sub
        yield from _filtersets(sub)


def parameter_names() -> list[str]:
    read = {name for app in APPS for path in (ROOT / app).rglob("*.py") for name in READ.findall(path.read_text())}
    filtered = {name for filterset in _filtersets() for name in filterset.base_filters}
    return sorted(read | filtered | LISTS)


# Pages that are not fuzzed, with the reason: not pages one reads with parameters.
NOT_FUZZED = {
    "logout": "signs out (POST only)",
    "set_language": "POST only",
    "metrics": "the monitoring system's text, no parameters",
    "healthz": "a probe, no parameters",
    "readyz": "a probe, no parameters (503 without a running beat)",
    "schema": "the OpenAPI document (Schemathesis fuzzes the API from it)",
    "swagger-ui": "a third-party viewer of the schema",
    "redoc": "a third-party viewer of the schema",
    "two_factor_verify": "only for a session half signed in",
    "password_reset_complete": "a fixed message",
}


def page_urls() -> list[str]:
    plain = sorted(
        "/" + route.replace("^", "").replace("$", "")
        for name, route, _pattern in url_patterns()
        if not name.startswith("admin:") and "<" not in route and "(?P" not in route and name not in NOT_FUZZED
    )
    return plain


NASTY = ["²", "٣", "\x00", "1\x00", "0001-01", "9999-12", "0", "-1", "1e3", " 1", "9" * 40, "2026-13", "2026-02",
         "가나다", "😀" * 50, "x" * 5000, "'; --", "%00", "true", "", "current"]  # fmt: skip
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=40), st.integers(-(2**70), 2**70).map(str))
NAMES = parameter_names()


def test_the_discovered_parameters_include_those_that_answered_500():
    assert {"version", "year", "start", "span", "page", "page_size", "area", "q"} <= set(NAMES)


@pytest.fixture
def unthrottled(monkeypatch):
    for scope in django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]:
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, "1000000/hour")


@pytest.fixture
def fuzzed_urls(users, own_project):
    publication = Publication.objects.order_by("-period", "-version").first()
    open_period = {"period": publication.key, "version": publication.version}
    return [
        *page_urls(),
        f"/projects/{own_project.code}/",
        f"/projects/{own_project.code}/money/",
        reverse("open_period_version", kwargs=open_period),
        reverse("open_project", kwargs={**open_period, "code": publication.projects.first().code}),
    ]


ODD = ["²", "\x00", "0001-01", "9999-12", "9" * 40, "-1", "1e3"]  # the values that answered 500, and their kin


@pytest.mark.parametrize("role", ["ministry", "member"])
def test_every_parameter_of_every_page_at_once_with_each_odd_value_is_no_server_error(
    client, users, fuzzed_urls, unthrottled, role
):
    client.force_login(users[role])
    for url in fuzzed_urls:
        for odd in ODD:
            response = client.get(url, dict.fromkeys(NAMES, odd))
            assert response.status_code < 500, (url, odd, response.status_code)


@pytest.mark.parametrize("role", ["ministry", "member"])
@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(data=st.data())
def test_no_query_parameter_of_any_page_or_list_answers_a_server_error(
    client, users, fuzzed_urls, unthrottled, role, data
):
    client.force_login(users[role])
    for url in fuzzed_urls:
        odd = data.draw(st.dictionaries(st.sampled_from(NAMES), values, max_size=4), label=url)
        response = client.get(url, odd)
        assert response.status_code < 500, (url, odd, response.status_code)
