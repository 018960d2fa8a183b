"""The search box: Korean words with particles and compounds found by their start, English partial words, results
through the access policy (nothing confidential, nothing of a project one may not see), an index scan, fixed
queries, and clear answers to empty or odd input."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.reviewed import ReviewState
from core.search import prefix_query, vector
from projects.models import UPDATE_SEARCH, Project, StatusUpdate, Visibility
from tests.factories import PolicyBarrierFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db


def hits(client, text: str) -> list[str]:
    page = client.get("/search/", {"q": text}).content.decode()
    return re.findall(r'<li class="mb-1"><a href="[^"]+">([^<]+)</a>', page)


def test_a_korean_word_finds_it_with_particles_and_in_compounds(client, users):
    PolicyBarrierFactory(title_ko="자율주행 실증 규제를 완화해 주십시오", title_en="Ease the rule")
    PolicyBarrierFactory(title_ko="규제샌드박스 특례 신청", title_en="Sandbox exemption")
    PolicyBarrierFactory(title_ko="데이터 표준 부재", title_en="No data standard")
    client.force_login(users["member"])
    found = hits(client, "규제")
    assert "자율주행 실증 규제를 완화해 주십시오" in found and "규제샌드박스 특례 신청" in found
    assert "데이터 표준 부재" not in found


def test_english_words_match_by_their_start_and_all_words_must_match(client, users):
    project = Project.objects.filter(visibility=Visibility.OPEN).order_by("code").first()
    Project.objects.filter(pk=project.pk).update(title_en="Autonomous forklift routing", title_ko="자율 지게차 경로")
    client.force_login(users["partner"])
    assert f"{project.code} 자율 지게차 경로" in hits(client, "autonom fork")  # shown in the reader's language
    assert f"{project.code} 자율 지게차 경로" not in hits(client, "autonom crane")


def test_results_go_through_the_access_policy(client, users, own_project):
    hidden = Project.objects.filter(visibility=Visibility.ALLIANCE).order_by("code").first()
    Project.objects.filter(pk=hidden.pk).update(title_en="Zeppelin hangar inspection")
    StatusUpdateFactory(
        project=own_project,
        period=datetime.date(2031, 1, 1),
        state=ReviewState.SUBMITTED,
        author=users["member"],
        achievements="Quokkaproof welding achieved",
    )
    StatusUpdateFactory(
        project=own_project,
        period=datetime.date(2031, 2, 1),
        author=users["member"],
        achievements="Quokkaproof welding accepted",
        risks_and_issues="Wombatrisk at the plant",
    )
    client.force_login(users["partner"])
    assert hits(client, "zeppelin") == []  # an alliance-only project
    assert hits(client, "quokkaproof") == [f"{own_project.code} · 2031-02"]  # the accepted update only
    client.force_login(users["ministry"])
    assert hits(client, "zeppelin") == [f"{hidden.code} {hidden.title_ko}"]
    assert hits(client, "wombatrisk") == []  # confidential fields are never searched, whoever asks


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", None),
        ("   ", None),
        ("?!*:&|", "Type a word"),
        ("가" * 101, "at most 100"),
        ("nothingmatchesthis", "Nothing"),
    ],
)
def test_odd_input_gets_a_clear_answer(client, users, english, text, message):
    users["member"].preferred_language = "en"
    users["member"].save(update_fields=["preferred_language"])
    client.force_login(users["member"])
    response = client.get("/search/", {"q": text})
    assert response.status_code == 200
    if message:
        assert message in response.content.decode()


def test_the_search_takes_a_query_per_kind_and_one_per_kind_found_whatever_matches(client, users):
    """Each kind is ranked in one query; the rows shown of a kind that matched come in one more, however many."""
    client.force_login(users["ministry"])
    client.get("/search/", {"q": "x"})
    with CaptureQueriesContext(connection) as many:
        found = client.get("/search/", {"q": "ai"}).context["groups"]
    with CaptureQueriesContext(connection) as none:
        client.get("/search/", {"q": "nothingmatchesthis"})
    assert len(found) >= 3 and any(group.more for group in found)
    assert len(many.captured_queries) == len(none.captured_queries) + len(found)
    assert len(none.captured_queries) <= 10


def test_the_match_is_an_index_scan_of_the_search_index():
    query = prefix_query("규제 ai")
    matching = StatusUpdate.objects.annotate(document=vector(*UPDATE_SEARCH)).filter(document=query)
    with connection.cursor() as cursor:  # no sequential scan, no full scan of another index: the match's own index
        cursor.execute("SET LOCAL enable_seqscan = off")  # or nothing but a disabled sequential scan
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = matching.explain()
    assert "statusupdate_search" in plan


def test_a_saved_row_is_in_its_search_index_at_once_never_in_a_pending_list_every_search_reads():
    """PostgreSQL's GIN default (``fastupdate``) queues new rows in a pending list that every search then reads in
    full until a vacuum merges it (at 10,000 projects: ~1,370 pages and half the search's time)."""
    StatusUpdateFactory(achievements="데이터 표준 실증", next_steps="품질 데이터 공유")
    PolicyBarrierFactory(title_ko="데이터 표준 부재", title_en="No data standard")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, gin_clean_pending_list(c.oid) FROM pg_class c JOIN pg_am a ON a.oid = c.relam"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.amname = 'gin' AND n.nspname = current_schema()"
        )
        pending = dict(cursor.fetchall())
    assert {"statusupdate_search", "policybarrier_search", "project_search"} <= set(pending)
    assert {name: pages for name, pages in pending.items() if pages} == {}
