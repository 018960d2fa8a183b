"""The approved minutes of the working groups that publish them join the monthly publication (minutes.csv, the
open API's publication, its page) through the field map's public columns; nothing else of the groups does."""

import csv
import io

import pytest
from django.db import connection

from core import periods
from core.reviewed import ReviewState
from groups.models import Minutes
from opendata import files, services
from tests.opendata.stored import stored
from tests.opendata.test_nothing_confidential import bodies

pytestmark = pytest.mark.django_db


def expected_minutes(publication):
    end = periods.month(publication.period).end
    return Minutes.objects.filter(
        state=ReviewState.ACCEPTED, meeting__group__publishes_minutes=True, meeting__starts_at__date__lte=end
    )


def test_the_publication_carries_exactly_the_approved_minutes_of_publishing_groups(published):
    rows = list(csv.DictReader(io.StringIO(stored(published)["minutes.csv"].decode("utf-8-sig"))))
    expected = expected_minutes(published)
    assert expected.exists() and Minutes.objects.exclude(pk__in=expected).exists()
    assert sorted(int(row["id"]) for row in rows) == sorted(expected.values_list("pk", flat=True))
    assert set(rows[0]) == {"id", "group_name_ko", "group_name_en", "meeting_title", "meeting_starts_at", "summary",
                            "decisions"}  # fmt: skip


def test_the_open_api_gives_the_published_minutes_in_the_summary(published, anonymous):
    answer = anonymous.get(f"/api/open/v1/publications/{published.key}/").json()
    minutes = answer["summary"]["minutes"]
    assert sorted(m["id"] for m in minutes) == sorted(expected_minutes(published).values_list("pk", flat=True))
    assert not {"review_comment", "item_notes", "author", "reviewer"} & set(minutes[0])


PUBLIC_SUMMARY = "published-minutes-summary"  # public: the search for what is not can fail
PLANTED = {
    "closed": "planted-closed-group-summary",  # approved minutes of a group that publishes nothing
    "unapproved": "planted-unapproved-decisions",  # minutes of the publishing group awaiting approval
    "comment": "planted-published-minutes-comment",  # the review comment of published minutes
    "note": "planted-published-item-note",  # a note per agenda item of published minutes
}


def test_no_confidential_value_of_the_groups_reaches_the_public(users, published, anonymous):
    shown, unapproved = expected_minutes(published).order_by("pk")[:2]
    with connection.cursor() as cursor:  # approved minutes are frozen by a trigger: switched off for the planting
        cursor.execute("SET LOCAL session_replication_role = replica")
    closed = Minutes.objects.filter(state=ReviewState.ACCEPTED, meeting__group__publishes_minutes=False)
    assert closed.update(summary=PLANTED["closed"], decisions=PLANTED["closed"])
    Minutes.objects.filter(pk=unapproved.pk).update(state=ReviewState.SUBMITTED, decisions=PLANTED["unapproved"])
    Minutes.objects.filter(pk=shown.pk).update(
        summary=PUBLIC_SUMMARY, review_comment=PLANTED["comment"], item_notes={"1": PLANTED["note"]}
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    publication = services.publish(published.period, users["ministry"], ratings=True, note="planted")
    files.build(publication.pk)

    answers = bodies(anonymous, publication)
    assert any(PUBLIC_SUMMARY in text for text in answers.values())  # the published minutes are there
    leaks = {(url, value) for url, text in answers.items() for value in PLANTED.values() if value in text}
    assert leaks == set()
