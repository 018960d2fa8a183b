"""Each event reaches exactly the people it concerns and may see, carrying only what their audience sees."""

import datetime
import json

from django.utils import timezone, translation

from core import reviewed
from core.events import EventType
from notifications import fanout, kinds
from notifications.models import Delivery, Notification, Preference
from projects import services as project_services
from tests import factories

WHEN = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=datetime.UTC)
PLANTED = "PLANTED-CONFIDENTIAL-7731"


def told(kind, subject) -> dict:
    """Who was told of ``subject`` (username -> notification)."""
    fanout.fan_out(kind, subject._meta.label_lower, str(subject.pk), WHEN)
    rows = Notification.objects.filter(kind=kind, subject_id=str(subject.pk)).select_related("recipient")
    return {n.recipient.username: n for n in rows}


def names(people, *keys) -> set:
    return {people[k].username for k in keys}


def submitted(project, author):
    update = factories.StatusUpdateFactory(project=project, author=author, state="draft", submitted_at=None)
    return reviewed.submit(update, by=author, expected_version=update.version)


def test_a_submitted_update_waits_for_the_ministry_administrators_only(cast):
    project, people = cast
    update = submitted(project, people["author"])
    got = told(EventType.STATUS_UPDATE_SUBMITTED, update)
    assert set(got) == names(people, "admin", "admin2")
    assert got[people["admin"].username].path == f"/review/{update.pk}/"
    assert got[people["admin"].username].delivery == Delivery.IMMEDIATE  # the ministry administrators' default


def test_a_reviewer_who_wrote_the_update_is_not_asked_to_review_it(cast):
    project, people = cast
    update = submitted(project, people["admin"])
    assert set(told(EventType.STATUS_UPDATE_SUBMITTED, update)) == names(people, "admin2")


def test_a_returned_update_tells_the_participants_its_comment_and_nobody_else(cast):
    project, people = cast
    update = submitted(project, people["author"])
    reviewed.decide(update, people["admin"], accept=False, comment=PLANTED, expected_version=update.version, tell=False)
    got = told(EventType.STATUS_UPDATE_RETURNED, update)
    assert set(got) == names(people, "author", "colleague")
    assert PLANTED in kinds.describe(EventType.STATUS_UPDATE_RETURNED, got[people["author"].username].details)


def test_a_planted_budget_reaches_only_those_the_field_map_shows_it_to(cast):
    project, people = cast
    Preference.objects.create(user=people["partner"], kind=EventType.PROJECT_CREATED, delivery=Delivery.PORTAL)
    got = told(EventType.PROJECT_CREATED, project)
    # partners never see an alliance-only project, whatever they chose
    assert set(got) == names(people, "author", "colleague", "outsider", "admin", "admin2", "viewer")
    with translation.override("en"):
        for username, notification in got.items():
            text = kinds.describe(notification.kind, notification.details)
            stored = json.dumps(notification.details)
            if username == people["outsider"].username:  # a member of the alliance: no budget
                assert "987" not in text and "987654321" not in stored, text
            else:
                assert "987,654,321" in text, (username, text)


def test_a_partner_hears_of_nothing_by_default(cast):
    project, people = cast
    project.visibility = "open"
    project.save()
    assert people["partner"].username not in told(EventType.PROJECT_CREATED, project)


def test_someone_who_turned_a_kind_off_is_not_told(cast):
    project, people = cast
    Preference.objects.create(user=people["colleague"], kind=EventType.MILESTONE_SLIPPED, delivery=Delivery.OFF)
    milestone = factories.MilestoneFactory(project=project)
    project_services.update_milestone(
        milestone, forecast_date=milestone.forecast_date + datetime.timedelta(days=30), status=milestone.status,
        completed_date=None, reason="late", expected_version=milestone.version,
    )  # fmt: skip
    got = told(EventType.MILESTONE_SLIPPED, milestone)
    assert set(got) == names(people, "author", "admin", "admin2", "viewer")
    assert got[people["viewer"].username].delivery == Delivery.DAILY


def test_a_barrier_tells_the_ministry_and_the_participants_of_the_projects_it_blocks(cast):
    project, people = cast
    barrier = factories.PolicyBarrierFactory()
    barrier.projects.set([project])
    got = told(EventType.BARRIER_RAISED, barrier)
    assert set(got) == names(people, "author", "colleague", "admin", "admin2", "viewer")
    assert got[people["author"].username].path == f"/barriers/{barrier.pk}/"


def test_an_event_fanned_out_twice_tells_each_person_once(cast):
    project, people = cast
    update = submitted(project, people["author"])
    told(EventType.STATUS_UPDATE_SUBMITTED, update)
    assert fanout.fan_out(EventType.STATUS_UPDATE_SUBMITTED, "projects.statusupdate", str(update.pk), WHEN) == []
    assert Notification.objects.filter(kind=EventType.STATUS_UPDATE_SUBMITTED).count() == 2


def test_a_subject_gone_before_the_fan_out_tells_nobody(cast):
    assert fanout.fan_out(EventType.PROJECT_UPDATED, "projects.project", "999999", WHEN) == []


def test_hearing_an_event_costs_the_request_one_insert(
    cast, django_assert_num_queries, django_capture_on_commit_callbacks
):
    project, _people = cast
    with django_capture_on_commit_callbacks() as queued, django_assert_num_queries(1):  # kept for the sweep
        fanout.heard(sender=type(project), event_type=EventType.PROJECT_UPDATED, subject=project)
    assert len(queued) == 1


def test_a_committed_change_fans_out_through_the_task(
    cast, eager_tasks, django_capture_on_commit_callbacks, mailoutbox
):
    project, people = cast
    with django_capture_on_commit_callbacks(execute=True):
        update = submitted(project, people["author"])
    assert set(
        Notification.objects.filter(kind=EventType.STATUS_UPDATE_SUBMITTED).values_list(
            "recipient__username", flat=True
        )
    ) == names(people, "admin", "admin2")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([people["admin"].email, people["admin2"].email])
    assert str(update.project.code) in mailoutbox[0].subject
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_fan_out_of_a_change_that_concerns_400_people_asks_per_organization(cast, django_assert_max_num_queries):
    project, _people = cast
    organizations = [factories.OrganizationFactory() for _ in range(4)]
    for organization in organizations:
        factories.UserFactory.create_batch(100, role="member_viewer", organization=organization)
    with django_assert_max_num_queries(30):
        rows = fanout.fan_out(EventType.PROJECT_CREATED, "projects.project", str(project.pk), timezone.now())
    assert len(rows) >= 400


def test_a_comment_over_several_lines_mails_at_once_under_a_one_line_subject(
    cast, eager_tasks, django_capture_on_commit_callbacks, mailoutbox
):
    project, people = cast
    Preference.objects.create(user=people["author"], kind=EventType.STATUS_UPDATE_RETURNED, delivery="immediate")
    update = submitted(project, people["author"])
    with django_capture_on_commit_callbacks(execute=True):
        reviewed.decide(
            update, people["admin"], accept=False, comment="First line.\nSecond line.", expected_version=update.version,
            tell=False,
        )  # fmt: skip
    mail = next(m for m in mailoutbox if m.to == [people["author"].email])
    assert "\n" not in mail.subject and "Second line." in mail.body
