"""Webhook deliveries to a real HTTP receiver on loopback: signatures the Standard Webhooks library accepts, payloads
cut by the field map, the retry schedule, 410, order and redelivery."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from core import reviewed
from core.events import PORTAL_ONLY, EventType
from core.reviewed import ReviewState
from members.models import Role
from projects import services as project_services
from projects.models import Milestone, Project, StatusUpdate, Visibility
from tests.factories import OrganizationFactory, StatusUpdateFactory, UserFactory
from webhooks import outbox, sending, services
from webhooks.models import Delivery, Endpoint, Event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

EVERYTHING = [t.value for t in EventType if t not in (EventType.PING, EventType.REPORT_READY, *PORTAL_ONLY)]


def subscribe(owner, url, event_types=EVERYTHING) -> tuple[Endpoint, str]:
    endpoint = Endpoint(owner=owner, url=url, event_types=list(event_types))
    return endpoint, services.create_endpoint(endpoint)


def deliver() -> int:
    """What the tasks do after commit (a test's transaction never commits): dispatch, then send per endpoint."""
    _dispatched, endpoints = outbox.sweep()
    return sum(sending.send_pending(endpoint_id) for endpoint_id in endpoints)


def slip(milestone: Milestone, days: int = 30) -> None:
    project_services.update_milestone(
        milestone,
        forecast_date=milestone.forecast_date + datetime.timedelta(days=days),
        status=milestone.status,
        completed_date=milestone.completed_date,
        reason="supplier late",
        expected_version=milestone.version,
    )


def test_deliveries_verify_with_the_standard_webhooks_library(users, own_project, receiver):
    endpoint, secret = subscribe(users["member"], receiver.url)
    slip(own_project.milestones.order_by("pk").first())
    assert deliver() == 1

    (request,) = receiver.received
    payload = Webhook(secret).verify(request.body, request.headers)
    assert payload["type"] == "milestone.slipped" and payload["sequence"] == 1
    assert payload["data"]["project"] == own_project.code
    assert request.headers["webhook-id"] == Delivery.objects.get(endpoint=endpoint).event.message_id
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(request.body.replace("slipped", "updated"), request.headers)


def test_a_rotated_secret_signs_beside_the_new_one_for_a_day(users, own_project, receiver):
    endpoint, old = subscribe(users["member"], receiver.url)
    new = services.rotate_secret(endpoint)
    slip(own_project.milestones.order_by("pk").first())
    deliver()
    request = receiver.received[-1]
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    for secret in (old, new):
        Webhook(secret).verify(request.body, request.headers)

    with freeze_time(endpoint.previous_secret_until + datetime.timedelta(seconds=1)):
        services.send_test_event(endpoint)
        deliver()
        request = receiver.received[-1]
        Webhook(new).verify(request.body, request.headers)
        with pytest.raises(WebhookVerificationError):
            Webhook(old).verify(request.body, request.headers)


def test_each_endpoint_numbers_its_deliveries_and_gets_them_in_order(users, own_project, receiver):
    subscribe(users["member"], receiver.url)
    milestones = list(own_project.milestones.order_by("pk")[:3])
    for milestone in milestones:
        slip(milestone)
    assert deliver() == 3
    sent = [r.payload for r in receiver.received]
    assert [p["sequence"] for p in sent] == [1, 2, 3]
    assert [p["data"]["id"] for p in sent] == [m.pk for m in milestones]


def test_an_event_is_dispatched_in_the_same_statements_to_one_or_to_five_endpoints_of_one_owner(
    users, own_project, receiver
):
    """What an owner sees of an event is asked once, however many of their endpoints hear of it, and the deliveries
    and the endpoints' numbers are written at once; each endpoint still gets its own numbered body."""

    def dispatched(endpoints: int) -> int:
        made = [subscribe(users["member"], receiver.url)[0] for _i in range(endpoints)]
        slip(own_project.milestones.order_by("pk").first(), days=endpoints)
        event = Event.objects.filter(dispatched_at=None).get()
        with CaptureQueriesContext(connection) as statements:
            assert sorted(outbox.dispatch(event.pk)) == [e.pk for e in made]
        for endpoint in made:
            endpoint.refresh_from_db()
            assert Delivery.objects.get(endpoint=endpoint, event=event).sequence == endpoint.sequence == 1
        Endpoint.objects.filter(pk__in=[e.pk for e in made]).delete()
        return len(statements)

    assert dispatched(1) == dispatched(5)


def test_a_sender_writes_its_lease_again_only_when_what_is_left_may_not_outlast_a_try(
    users, own_project, receiver, settings
):
    endpoint, _secret = subscribe(users["member"], receiver.url)
    for milestone in own_project.milestones.order_by("pk")[:3]:
        slip(milestone)
    outbox.sweep()

    def lease_writes(lease_seconds: int) -> int:
        settings.WEBHOOK_LEASE_SECONDS = lease_seconds
        Delivery.objects.filter(endpoint=endpoint).update(state=Delivery.State.PENDING)
        with CaptureQueriesContext(connection) as statements:
            assert sending.send_pending(endpoint.pk) == 3
        leased = [q["sql"] for q in statements if q["sql"].startswith("UPDATE") and '"leased_until" =' in q["sql"]]
        return len(leased)

    assert lease_writes(600) == 2  # taken and given back
    assert lease_writes(2) == 2 + 3  # and renewed after every try: two seconds may not outlast the next one


PLANTED = "PLANTED-CONFIDENTIAL-7d1f"
CONFIDENTIAL_FIELDS = (
    "government_budget_krw", "private_budget_krw", "risks_and_issues", "support_requested", "review_comment",
    "reviewer",
)  # fmt: skip


def everything_happens_with_planted_confidential_values(users, own_project) -> None:
    """Everything one may subscribe to happens to ``own_project``, with a planted value in every confidential field."""
    project = Project.objects.get(pk=own_project.pk)
    project.government_budget_krw, project.private_budget_krw = 987_654_321_001, 987_654_321_002
    project_services.update_project(project, expected_version=project.version)
    update = StatusUpdateFactory(
        project=own_project, period=datetime.date(2031, 1, 1), state=ReviewState.SUBMITTED, author=users["member"],
        risks_and_issues=PLANTED, support_requested=PLANTED,
    )  # fmt: skip
    reviewed.decide(update, users["ministry"], accept=True, comment=PLANTED, expected_version=update.version)
    draft = StatusUpdateFactory(
        project=own_project, period=datetime.date(2031, 2, 1), state=ReviewState.DRAFT, author=users["member"]
    )
    project_services.save_status_draft(
        own_project, users["member"], {"risks_and_issues": PLANTED}, today=draft.period, update=draft,
        expected_version=draft.version,
    )  # fmt: skip
    deliver()
    assert StatusUpdate.objects.filter(pk=draft.pk, state=ReviewState.DRAFT).exists()  # a draft tells no one


def assert_nothing_confidential(bodies: list[str]) -> None:
    assert bodies
    for body in bodies:
        assert PLANTED not in body and "987654321" not in body
        for field in CONFIDENTIAL_FIELDS:
            assert f'"{field}"' not in body


def bodies_of(endpoint) -> list[str]:
    return list(Delivery.objects.filter(endpoint=endpoint).values_list("payload", flat=True))


def test_a_partner_never_receives_money_risks_support_requests_reviews_or_drafts(users, own_project, receiver):
    """The partner's payloads never carry a confidential value, while the ministry's carry them all."""
    partner_hook, _secret = subscribe(users["partner"], receiver.url)
    ministry_hook, _secret = subscribe(users["ministry"], receiver.url.replace("/hook", "/ministry"))
    everything_happens_with_planted_confidential_values(users, own_project)

    partner_bodies = bodies_of(partner_hook)
    partner_types = sorted(b.split('"type":"')[1].split('"')[0] for b in partner_bodies)
    assert partner_types == ["project.updated", "status_update.accepted"]
    assert_nothing_confidential(partner_bodies)
    assert any(PLANTED in body for body in bodies_of(ministry_hook))
    assert any("987654321001" in body for body in bodies_of(ministry_hook))


def test_a_member_of_an_organization_not_taking_part_gets_no_budgets_and_no_risks(users, own_project, receiver):
    """An alliance member whose organization is not a participant hears of the project, without its confidential
    fields; a participant's payloads of the same events carry them (the field map's participant audience)."""
    outsider = UserFactory(role=Role.MEMBER_EDITOR, organization=OrganizationFactory())
    assert own_project.lead_organization != outsider.organization
    assert not own_project.participants.filter(pk=outsider.organization.pk).exists()
    outsider_hook, _secret = subscribe(outsider, receiver.url)
    participant_hook, _secret = subscribe(users["member"], receiver.url.replace("/hook", "/participant"))
    everything_happens_with_planted_confidential_values(users, own_project)

    assert_nothing_confidential(bodies_of(outsider_hook))
    assert any(PLANTED in body for body in bodies_of(participant_hook))


def test_a_partner_hears_nothing_of_an_alliance_only_project(users, own_project, receiver):
    Project.objects.filter(pk=own_project.pk).update(visibility=Visibility.ALLIANCE)
    subscribe(users["partner"], receiver.url)
    member_hook, _secret = subscribe(users["member"], receiver.url)
    slip(own_project.milestones.order_by("pk").first())
    assert deliver() == 1
    assert Delivery.objects.get().endpoint == member_hook


def test_failures_wait_out_the_schedule_then_disable_the_endpoint_and_tell_its_owner(
    users, own_project, receiver, django_capture_on_commit_callbacks
):
    receiver.answer = lambda request: 503
    endpoint, _secret = subscribe(users["member"], receiver.url)
    slip(own_project.milestones.order_by("pk").first())
    outbox.sweep()
    waits = []
    with freeze_time(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC)) as clock:
        for _schedule in sending.RETRY_SCHEDULE:
            assert sending.send_pending(endpoint.pk) == 0
            endpoint.refresh_from_db()
            waits.append(endpoint.retry_at - clock.time_to_freeze.replace(tzinfo=datetime.UTC))
            assert sending.send_pending(endpoint.pk) == 0  # too early: not tried
            clock.move_to(endpoint.retry_at)
        with django_capture_on_commit_callbacks(execute=True):  # the owner is told once the failure is recorded
            assert sending.send_pending(endpoint.pk) == 0  # the last try
    for wait, planned in zip(waits, sending.RETRY_SCHEDULE, strict=True):
        assert planned * 0.9 <= wait <= planned * 1.1
    endpoint.refresh_from_db()
    assert not endpoint.is_active and "a day" in endpoint.disabled_reason
    assert len(receiver.received) == len(sending.RETRY_SCHEDULE) + 1
    assert Delivery.objects.get().state == Delivery.State.PENDING  # kept for when it is switched back on
    assert [m.to for m in mail.outbox] == [[users["member"].email]]


def test_410_gone_disables_the_endpoint_at_once(users, own_project, receiver):
    receiver.answer = lambda request: 410
    endpoint, _secret = subscribe(users["member"], receiver.url)
    slip(own_project.milestones.order_by("pk").first())
    deliver()
    endpoint.refresh_from_db()
    assert not endpoint.is_active and "410" in endpoint.disabled_reason


def test_a_redelivery_and_a_replay_repeat_the_webhook_id(users, own_project, receiver):
    endpoint, _secret = subscribe(users["member"], receiver.url)
    slip(own_project.milestones.order_by("pk").first())
    deliver()
    delivery = Delivery.objects.get(endpoint=endpoint)
    services.redeliver(delivery)
    deliver()
    services.replay_since(endpoint, delivery.event.occurred_at - datetime.timedelta(minutes=1))
    deliver()
    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert ids == [delivery.event.message_id] * 3
    assert len({r.body for r in receiver.received}) == 1


def test_a_replay_sends_what_happened_while_the_endpoint_was_off(users, own_project, receiver):
    endpoint, _secret = subscribe(users["member"], receiver.url)
    services.disable_endpoint(endpoint, "maintenance")
    before = Event.objects.count()
    slip(own_project.milestones.order_by("pk").first())
    assert deliver() == 0 and Event.objects.count() == before + 1
    endpoint.refresh_from_db()
    endpoint.is_active = True
    services.change_endpoint(endpoint, expected_version=endpoint.version)
    assert services.replay_since(endpoint, Event.objects.latest("occurred_at").occurred_at) == 1
    assert deliver() == 1 and receiver.received[0].payload["type"] == "milestone.slipped"


def test_old_deliveries_are_forgotten_after_30_days(users, own_project, receiver):
    subscribe(users["member"], receiver.url)
    slip(own_project.milestones.order_by("pk").first())
    deliver()
    now = Delivery.objects.get().created_at
    assert outbox.trim(now + datetime.timedelta(days=29)) == 0
    assert outbox.trim(now + datetime.timedelta(days=31)) > 0
    assert not Delivery.objects.exists()
