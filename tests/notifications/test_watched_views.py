"""Saved views that notify: checked every day as their owner, who hears of rows come or gone since the day before
(once a day, nothing on the first check, nothing when unchanged), in their language. The days are fixed: the check
runs on the clock the test gives it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from members.models import Role
from notifications import kinds, saved, services
from notifications.models import VIEW_CHANGED, Delivery, Notification, Preference, SavedView
from notifications.tasks import watch_views
from tests import factories

DUE = datetime.date(2026, 11, 20)  # the milestone's forecast date


def morning(day: datetime.date) -> datetime.datetime:
    """07:00 in Seoul on ``day`` (when beat runs the check)."""
    return datetime.datetime(day.year, day.month, day.day, 7, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))


@pytest.fixture
def overdue_view(db):
    """An editor's view of the projects with overdue milestones, notifying; their project's milestone falls due on
    ``DUE``."""
    lead = factories.OrganizationFactory()
    project = factories.ProjectFactory(lead_organization=lead, visibility="alliance")
    factories.MilestoneFactory(project=project, baseline_date=DUE)
    owner = factories.UserFactory(role=Role.MEMBER_EDITOR, organization=lead, preferred_language="ko")
    view = services.save_view(owner, name="Overdue", view_list="projects", query="overdue=1", shared=True, notify=True)
    return view


def checked(view: SavedView, day: datetime.date) -> Notification | None:
    return saved.check(SavedView.objects.select_related("owner").get(pk=view.pk), morning(day))


def test_a_view_on_overdue_milestones_tells_its_owner_when_one_becomes_overdue(overdue_view):
    assert checked(overdue_view, DUE - datetime.timedelta(days=1)) is None  # the first check remembers none
    told = checked(overdue_view, DUE + datetime.timedelta(days=1))
    assert told.recipient == overdue_view.owner and told.kind == VIEW_CHANGED
    assert (told.details["added"], told.details["removed"], told.delivery) == (1, 0, Delivery.PORTAL)
    assert told.path == "/projects/?overdue=1"


def test_the_owner_reads_the_change_in_their_language(overdue_view):
    checked(overdue_view, DUE - datetime.timedelta(days=1))
    told = checked(overdue_view, DUE + datetime.timedelta(days=1))
    with translation.override(told.recipient.preferred_language):
        text = kinds.describe(told.kind, told.details)
    assert text == "저장한 보기 “Overdue”가 바뀌었습니다: 새 항목 1개, 빠진 항목 0개"


def test_the_first_check_tells_nobody_even_of_rows_already_there(overdue_view):
    assert checked(overdue_view, DUE + datetime.timedelta(days=5)) is None
    assert SavedView.objects.get(pk=overdue_view.pk).seen_rows == [
        overdue_view.owner.organization.led_projects.get().pk
    ]


def test_an_unchanged_view_tells_nobody(overdue_view):
    checked(overdue_view, DUE + datetime.timedelta(days=1))
    assert checked(overdue_view, DUE + datetime.timedelta(days=2)) is None
    assert not Notification.objects.exists()


def test_a_view_is_checked_once_a_day(overdue_view):
    checked(overdue_view, DUE - datetime.timedelta(days=1))
    assert checked(overdue_view, DUE + datetime.timedelta(days=1)) is not None
    factories.MilestoneFactory(project=overdue_view.owner.organization.led_projects.get(), baseline_date=DUE)
    assert checked(overdue_view, DUE + datetime.timedelta(days=1)) is None
    assert Notification.objects.count() == 1


def test_a_completed_milestone_is_told_as_a_row_gone(overdue_view):
    checked(overdue_view, DUE + datetime.timedelta(days=1))
    milestone = overdue_view.owner.organization.led_projects.get().milestones.get()
    milestone.status, milestone.completed_date = "done", DUE
    milestone.save()  # (its project's figures follow)
    told = checked(overdue_view, DUE + datetime.timedelta(days=2))
    assert (told.details["added"], told.details["removed"]) == (0, 1)


def test_the_owner_who_comes_to_see_less_hears_of_the_rows_gone(db):
    lead = factories.OrganizationFactory()
    factories.ProjectFactory(lead_organization=lead, area="mobility", visibility="open")
    factories.ProjectFactory(lead_organization=lead, area="mobility", visibility="alliance")
    owner = factories.UserFactory(role=Role.MEMBER_EDITOR, organization=lead)
    view = services.save_view(
        owner, name="Mobility", view_list="projects", query="area=mobility", shared=True, notify=True
    )
    checked(view, DUE)
    owner.role = Role.PARTNER  # a partner sees open-data projects only
    owner.save()
    told = checked(view, DUE + datetime.timedelta(days=1))
    assert (told.details["added"], told.details["removed"]) == (0, 1)


def test_a_shared_view_run_for_someone_who_sees_less_shows_them_less(overdue_view):
    partner = factories.UserFactory(role=Role.PARTNER, organization=overdue_view.owner.organization)
    assert list(saved.visible(partner)) == [overdue_view]
    late = DUE + datetime.timedelta(days=1)
    assert len(saved.row_ids(overdue_view, overdue_view.owner, late)) == 1
    assert saved.row_ids(overdue_view, partner, late) == []  # the alliance-only project stays hidden


def test_a_view_turned_off_tells_nothing(overdue_view):
    checked(overdue_view, DUE - datetime.timedelta(days=1))
    services.set_view_notify(overdue_view, False)
    assert saved.check_all(morning(DUE + datetime.timedelta(days=1))) == 0
    assert not Notification.objects.exists()


def test_the_daily_task_checks_every_view_that_notifies(overdue_view):
    checked(overdue_view, DUE - datetime.timedelta(days=1))
    with freeze_time(morning(DUE + datetime.timedelta(days=1))):
        assert watch_views.apply().get() == 1
    assert Notification.objects.get().kind == VIEW_CHANGED


def test_an_owner_who_chose_mail_is_mailed_the_change(overdue_view, mailoutbox, django_capture_on_commit_callbacks):
    Preference.objects.create(user=overdue_view.owner, kind=VIEW_CHANGED, delivery=Delivery.IMMEDIATE)
    checked(overdue_view, DUE - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        checked(overdue_view, DUE + datetime.timedelta(days=1))
    assert [m.to for m in mailoutbox] == [[overdue_view.owner.email]]
    assert "Overdue" in mailoutbox[0].subject


def test_the_owner_starts_and_stops_the_check_from_the_list(client, overdue_view):
    client.force_login(overdue_view.owner)
    services.set_view_notify(overdue_view, False)
    client.post(reverse("saved_view_notify", args=[overdue_view.pk]), {"notify": "1"})
    assert SavedView.objects.get(pk=overdue_view.pk).notify
    page = client.get(reverse("saved_view_list")).content.decode()
    assert reverse("saved_view_notify", args=[overdue_view.pk]) in page
    client.post(reverse("saved_view_notify", args=[overdue_view.pk]))
    assert not SavedView.objects.get(pk=overdue_view.pk).notify


def test_someone_else_cannot_start_the_check_of_a_shared_view(client, overdue_view):
    colleague = factories.UserFactory(role=Role.MEMBER_EDITOR, organization=overdue_view.owner.organization)
    client.force_login(colleague)
    services.set_view_notify(overdue_view, False)
    assert client.post(reverse("saved_view_notify", args=[overdue_view.pk]), {"notify": "1"}).status_code == 404
    assert not SavedView.objects.get(pk=overdue_view.pk).notify
