"""The notification centre: the header's count, the list with links, marking read, preferences and unsubscribing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.events import EventType
from notifications import mails
from notifications.models import Delivery, DigestTime, Notification, Preference
from tests import factories


def notify(user, n: int = 1, **fields) -> list[Notification]:
    project = factories.ProjectFactory()
    return [
        Notification.objects.create(
            recipient=user, kind=EventType.PROJECT_UPDATED, subject_type="projects.project",
            subject_id=str(project.pk), details={"code": project.code}, path=f"/projects/{project.code}/",
            occurred_at=timezone.now() - datetime.timedelta(minutes=i), delivery=Delivery.PORTAL, **fields,
        )
        for i in range(n)
    ]  # fmt: skip


@pytest.fixture
def member(db):
    return factories.UserFactory(role="member_editor", preferred_language="en")


def test_the_header_counts_unread_notifications(client, member):
    notify(member, 3)
    client.force_login(member)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'id="notification-bell"' in page
    assert '3<span class="visually-hidden"> unread</span>' in page


def test_the_header_count_costs_no_query_once_counted(client, member, django_assert_max_num_queries):
    notify(member, 2)
    client.force_login(member)
    client.get(reverse("notification_preferences"))
    with django_assert_max_num_queries(50) as first:
        client.get(reverse("notification_preferences"))
    counting = [q["sql"] for q in first.captured_queries if "notifications_notification" in q["sql"]]
    assert counting == []


def test_the_list_shows_ones_own_notifications_with_their_links(client, member):
    mine = notify(member)[0]
    notify(factories.UserFactory(role="member_editor"))
    client.force_login(member)
    page = client.get(reverse("notification_list")).content.decode()
    assert f'href="{mine.path}"' in page
    assert page.count("list-group-item d-flex") == 1
    assert f"Project {mine.details['code']} was updated" in page


def test_the_list_has_a_fixed_query_count(client, member, django_assert_max_num_queries):
    notify(member, 30)
    client.force_login(member)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("notification_list")).status_code == 200


def test_marking_one_read_lowers_the_count(client, member):
    first, _second = notify(member, 2)
    client.force_login(member)
    client.get(reverse("dashboard"))  # counted: 2
    response = client.post(reverse("notification_read", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert '1<span class="visually-hidden"> unread</span>' in client.get(reverse("dashboard")).content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(client, member):
    notification = notify(member)[0]
    client.force_login(member)
    response = client.post(reverse("notification_read", args=[notification.pk]), {"open": "1"})
    assert response["Location"] == notification.path


def test_marking_all_read(client, member):
    notify(member, 4)
    client.force_login(member)
    client.post(reverse("notification_read_all"))
    assert not Notification.objects.filter(recipient=member, read_at=None).exists()
    assert "unread</span>" not in client.get(reverse("dashboard")).content.decode()


def test_nobody_marks_someone_elses_notification(client, member):
    theirs = notify(factories.UserFactory(role="member_editor"))[0]
    client.force_login(member)
    assert client.post(reverse("notification_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_preferences_are_saved_per_kind_with_the_digest_time(client, member):
    client.force_login(member)
    form = client.get(reverse("notification_preferences")).context["form"]
    data = {name: field.initial or form.initial.get(name) for name, field in form.fields.items()}
    data |= {f"kind_{EventType.MILESTONE_SLIPPED}": Delivery.WEEKLY, "hour": "18", "weekday": "4"}
    assert client.post(reverse("notification_preferences"), data).status_code == 302
    assert Preference.objects.get(user=member, kind=EventType.MILESTONE_SLIPPED).delivery == Delivery.WEEKLY
    assert (DigestTime.objects.get(user=member).hour, DigestTime.objects.get(user=member).weekday) == (18, 4)


def test_a_bad_preference_changes_nothing(client, member):
    client.force_login(member)
    response = client.post(reverse("notification_preferences"), {"hour": "25", "weekday": "9"})
    assert response.status_code == 400
    assert not Preference.objects.filter(user=member).exists()
    assert not DigestTime.objects.filter(user=member).exists()


def test_a_one_click_unsubscribe_turns_the_kind_off_without_signing_in(client, member):
    url = reverse("notification_unsubscribe", args=[mails.unsubscribe_token(member.pk, [EventType.PROJECT_CREATED])])
    assert client.get(url).status_code == 200
    assert not Preference.objects.filter(user=member).exists()  # a link checker's GET changes nothing
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Preference.objects.get(user=member, kind=EventType.PROJECT_CREATED).delivery == Delivery.OFF


@pytest.mark.parametrize("token", ["nonsense", "e30:1tQ:forged", mails.unsubscribe_token(1, ["no.such.kind"])])
def test_a_forged_unsubscribe_link_is_refused(client, db, token):
    assert client.post(reverse("notification_unsubscribe", args=[token])).status_code == 404
    assert not Preference.objects.exists()
