"""Publishing a month: what it carries, versions and corrections, frozen rows, files built once, the schedule."""

import datetime
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from freezegun import freeze_time

from core import periods
from core.reviewed import ReviewState
from opendata import files, services, tasks
from opendata.models import Publication, PublicationFile, PublishedProject
from projects.choices import Area, Visibility
from projects.models import Project, StatusUpdate
from tests.factories import StatusUpdateFactory
from tests.opendata.stored import content, expected_names

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_its_latest_reviewed_month_with_its_files(published):
    last_accepted = StatusUpdate.objects.filter(state=ReviewState.ACCEPTED).order_by("-period").first().period
    assert (published.period, published.version, published.ratings) == (last_accepted, 1, True)
    assert published.files_ready_at is not None
    assert set(published.files.values_list("name", flat=True)) == expected_names(published)


def test_only_open_data_projects_are_named_and_the_others_are_counted(published):
    open_codes = set(
        Project.objects.filter(
            visibility=Visibility.OPEN, start_date__lte=periods.month(published.period).end
        ).values_list("code", flat=True)
    )
    closed = Project.objects.filter(start_date__lte=periods.month(published.period).end).exclude(
        visibility=Visibility.OPEN
    )
    assert set(published.projects.values_list("code", flat=True)) == open_codes
    assert published.summary["withheld"] == closed.count() > 0
    barrier_codes = {code for b in published.summary["barriers"] for code in b["projects"]}
    assert barrier_codes <= open_codes


def test_the_summary_counts_the_records_it_was_published_with(published):
    """The summary, counted while the records streamed into the publication, agrees with its stored records."""
    records = [p.record for p in published.projects.all()]
    statuses = [r["status"] for r in records if r["status"]]
    milestones = [m for r in records for m in r["milestones"]]
    assert len(records) > 1 and statuses and milestones
    expected = {
        "projects": len(records),
        "by_area": dict(Counter(r["project"]["area"] for r in records)),
        "by_phase": dict(Counter(r["project"]["phase"] for r in records)),
        "average_progress": round(sum(s["progress_percent"] for s in statuses) / len(statuses)),
        "milestones_done": sum(m["status"] == "done" for m in milestones),
        "milestones": len(milestones),
        "indicators": sum(len(r["indicators"]) for r in records),
        "by_rating": dict(Counter(s["rag"] for s in statuses)),
    }
    assert {key: published.summary[key] for key in expected} == expected


def test_the_status_is_the_latest_accepted_update_up_to_the_month(users, published):
    """Updates around the latest accepted one, made before the month is published (again): an older accepted one,
    an accepted one after the month and a submitted one after that; the publication names the latest accepted."""
    month = published.period
    project = Project.objects.get(code=published.projects.exclude(record__status=None).first().code)
    updates = project.status_updates.order_by("period")
    latest = updates.filter(state=ReviewState.ACCEPTED, period__lte=month).last()
    StatusUpdateFactory(project=project, period=periods.add_months(updates.first().period, -1),
                        state=ReviewState.ACCEPTED, rag="red", progress_percent=1)  # fmt: skip
    after = periods.add_months(max(updates.last().period, month), 1)
    StatusUpdateFactory(project=project, period=after, state=ReviewState.ACCEPTED, rag="red", progress_percent=2)
    StatusUpdateFactory(project=project, period=periods.add_months(after, 1), state=ReviewState.SUBMITTED,
                        rag="red", progress_percent=3)  # fmt: skip
    corrected = services.publish(month, users["ministry"], ratings=True, note="statuses checked")
    assert corrected.projects.get(code=project.code).record["status"] == {
        "period": latest.period.isoformat(), "progress_percent": latest.progress_percent, "rag": latest.rag,
    }  # fmt: skip


def test_a_correction_needs_a_note_and_keeps_the_first_version(users, published):
    with pytest.raises(ValidationError) as refused:
        services.publish(published.period, users["ministry"], ratings=False)
    assert refused.value.code == "note_required"
    assert Publication.objects.count() == 1
    second = services.publish(published.period, users["ministry"], ratings=False, note="MOB-03 progress corrected")
    assert (second.version, second.note) == (2, "MOB-03 progress corrected")
    assert Publication.objects.filter(period=published.period).count() == 2
    assert published.projects.count() == second.projects.count()


def test_without_ratings_no_rating_is_published(users, published):
    second = services.publish(published.period, users["ministry"], ratings=False, note="ratings withdrawn")
    assert all("rag" not in (r.record["status"] or {}) for r in second.projects.all())
    assert "by_rating" not in second.summary
    files.build(second.pk)
    header = content(second.files.get(name="projects.csv")).decode().splitlines()[0]
    assert "rag" not in header.split(",") and "progress_percent" in header.split(",")


def test_a_month_that_has_not_ended_is_not_published(users):
    this_month = periods.reporting_period(timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        services.publish(this_month, users["ministry"], ratings=True)
    assert refused.value.code == "not_ended"
    assert Publication.objects.count() == 1


def truncate(table: str) -> None:
    """TRUNCATE as any connection but the test suite's would run it (opendata.allow_truncate unset)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL opendata.allow_truncate TO 'off'")
        cursor.execute(f"TRUNCATE {table} CASCADE")


@pytest.mark.parametrize(
    "change",
    [
        lambda p: Publication.objects.filter(pk=p.pk).update(note="rewritten"),
        lambda p: Publication.objects.filter(pk=p.pk).update(summary={}),  # only by the transaction creating it
        lambda p: Publication.objects.filter(pk=p.pk).update(files_ready_at=timezone.now()),  # set once already
        lambda p: Publication.objects.filter(pk=p.pk).delete(),
        lambda p: PublishedProject.objects.filter(publication=p).update(record={}),
        lambda p: PublishedProject.objects.filter(publication=p).delete(),
        lambda p: PublicationFile.objects.filter(publication=p).update(sha256="0" * 64),
        lambda p: PublicationFile.objects.filter(publication=p).delete(),
        lambda p: PublishedProject.objects.create(publication=p, code="ADDED-01", area=Area.values[0], record={}),
        lambda p: PublicationFile.objects.create(publication=p, name="added.csv", media_type="text/csv", size=1,
                                                 sha256="0" * 64),
        lambda p: truncate("opendata_publishedproject"),
        lambda p: truncate("opendata_publicationfile"),
        lambda p: truncate("opendata_publication"),
    ],
)  # fmt: skip
@pytest.mark.services
def test_the_database_refuses_to_change_what_was_published(published, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        change(published)


def test_files_are_built_exactly_once(users, published):
    second = services.publish(published.period, users["ministry"], ratings=True, note="again")
    assert files.build(second.pk) is True
    made = list(second.files.values_list("name", "sha256"))
    assert files.build(second.pk) is False
    assert list(second.files.values_list("name", "sha256")) == made
    assert files.build(10**9) is False  # a publication that is not there: nothing to build


def test_the_daily_job_builds_files_a_broker_outage_left_unbuilt(users, published):
    second = services.publish(published.period, users["ministry"], ratings=True, note="broker was down")
    assert second.files_ready_at is None
    assert tasks.daily.apply().get() == {"built": [second.pk], "published": None}
    second.refresh_from_db()
    assert second.files_ready_at is not None


def test_the_schedule_publishes_last_month_once_the_days_after_its_due_date_have_passed(users, settings):
    settings.OPEN_DATA_PUBLISH_DAYS_AFTER_REVIEW = 5
    for day, published in (("2026-12-04", False), ("2026-12-05", True), ("2026-12-06", False)):
        with freeze_time(f"{day} 12:00"):  # November is reviewed by its last day, the 30th; + 5 days is the 5th
            scheduled = services.publish_due(timezone.localdate())
            assert (scheduled is not None) == published, day
    november = Publication.objects.get(period=datetime.date(2026, 11, 1))
    assert (november.version, november.published_by, november.ratings) == (1, None, False)


def test_the_schedule_is_off_unless_configured(users, settings):
    settings.OPEN_DATA_PUBLISH_DAYS_AFTER_REVIEW = None
    assert services.publish_due(datetime.date(2027, 1, 30)) is None
