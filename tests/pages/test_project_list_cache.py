"""The project list's table and filter form are kept in the cache per copy of the portfolio's data
(``portfolio.kept_drawing``): read from it, the page is byte-for-byte the one drawn without it, and a change of data,
day, audience or language draws it anew."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from members.models import Role
from projects import portfolio
from projects.models import Project
from tests import factories
from tests.drawings import page_and_drawn

LIST = "/projects/?page=2&ordering=code"
TABLE = "projects/_project_table.html"
FILTERS = "projects/_project_filters.html"


def test_the_list_read_from_the_cache_is_byte_for_byte_the_one_drawn_without_it(client, users, monkeypatch):
    client.force_login(users["ministry"])
    first, first_drawn = page_and_drawn(client, LIST, TABLE, FILTERS)
    second, second_drawn = page_and_drawn(client, LIST, TABLE, FILTERS)
    monkeypatch.setattr(portfolio, "_copy_key", lambda *args: None)  # the cache down: drawn directly
    uncached, uncached_drawn = page_and_drawn(client, LIST, TABLE, FILTERS)
    assert (first_drawn, second_drawn, uncached_drawn) == (True, False, True)
    assert second == first == uncached and "집행률" in first  # the ministry's table, with its money column


def test_the_list_from_the_cache_runs_none_of_the_tables_queries(client, users, django_assert_max_num_queries):
    client.force_login(users["member"])
    client.get(LIST)
    with CaptureQueriesContext(connection) as drawing:
        portfolio.new_copy()
        client.get(LIST)
    with django_assert_max_num_queries(len(drawing.captured_queries) - 2):  # the count and the page of projects
        assert client.get(LIST).status_code == 200


def test_the_list_is_drawn_anew_after_a_change_of_data_day_audience_or_language(client, users):
    client.force_login(users["viewer"])
    before, _drawn = page_and_drawn(client, LIST, TABLE)
    project = Project.objects.get(code=re.search(r'<a href="/projects/([^/"]+)/">', before)[1])  # a row of the page
    project.title_ko = project.title_en = "A renamed project"
    project.save()
    renamed, drawn = page_and_drawn(client, LIST, TABLE)
    assert drawn and "A renamed project" in renamed

    organization = project.lead_organization
    organization.name_ko = organization.name_en = "A renamed lead"
    organization.save()
    led, drawn = page_and_drawn(client, LIST, TABLE)
    assert drawn and "A renamed lead" in led

    with freeze_time(timezone.now() + datetime.timedelta(days=1), tick=True):
        client.force_login(users["viewer"])
        assert page_and_drawn(client, LIST, TABLE)[1]

    client.force_login(users["member"])  # no money column for members
    members, drawn = page_and_drawn(client, LIST, TABLE)
    assert drawn and "집행률" not in members

    client.force_login(factories.UserFactory(role=Role.MINISTRY_VIEWER, preferred_language="en"))
    english, drawn = page_and_drawn(client, LIST, TABLE)
    assert drawn and "Computed health" in english and "Computed health" not in renamed


def test_a_lost_data_version_never_brings_back_a_copy_kept_under_an_earlier_one(client, users):
    """The data version never expires, and when the cache loses it anyway (eviction, a flush) it starts again past
    every version an earlier copy can still be kept under: a count restarting at 1 served a dashboard whose copy was
    kept under the first version 1, stale for up to ten minutes (the copies outlive a version that expired)."""
    from django.core.cache import cache

    redis, key = cache._cache.get_client(write=True), cache.make_key(portfolio.VERSION_KEY)
    client.force_login(users["viewer"])
    cache.delete(portfolio.VERSION_KEY)
    before, drawn = page_and_drawn(client, LIST, TABLE)
    assert drawn and redis.ttl(key) == -1  # kept without an expiry
    portfolio.new_copy()
    assert redis.ttl(key) == -1

    code = re.search(r'<a href="/projects/([^/"]+)/">', before)[1]
    renamed = "잃어버린 판 뒤의 이름"
    Project.objects.filter(code=code).update(title_ko=renamed, title_en=renamed)  # no signal: only the loss tells
    cache.delete(portfolio.VERSION_KEY)
    after, drawn = page_and_drawn(client, LIST, TABLE)
    assert drawn and renamed in after
