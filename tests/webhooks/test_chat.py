"""Chat channels: an endpoint in Slack, Microsoft Teams or plain JSON format receives each event as a message in that
chat's documented shape, on a real HTTP receiver on loopback, in its owner's language, written only from what its
owner may see; an organization's people see its channels listed."""

import importlib
import json
import re

import jsonschema
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from core import reviewed
from core.events import EventType
from projects import services as project_services
from projects.models import Project, Visibility
from tests.factories import OrganizationFactory, UserFactory, submitted_result
from tests.webhooks.test_delivery import (
    assert_nothing_confidential,
    bodies_of,
    deliver,
    everything_happens_with_planted_confidential_values,
    slip,
)
from webhooks import payloads, services
from webhooks.models import Delivery, Endpoint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Format = Endpoint.Format
LINK = {"type": "string", "pattern": "^https?://"}
TEXT = {"type": "string", "minLength": 1}

# The shapes each chat documents for its incoming webhooks.
SHAPES = {
    # Slack, "Sending messages using incoming webhooks": ``text`` (the notification's fallback) and Block Kit
    # ``blocks``; a section block's text object is ``mrkdwn`` or ``plain_text`` (at most 3,000 characters).
    Format.SLACK: {
        "type": "object",
        "required": ["text", "blocks"],
        "properties": {
            "text": TEXT,
            "blocks": {
                "type": "array",
                "minItems": 1,
                "maxItems": 50,
                "items": {
                    "type": "object",
                    "required": ["type", "text"],
                    "properties": {
                        "type": {"const": "section"},
                        "text": {
                            "type": "object",
                            "required": ["type", "text"],
                            "properties": {
                                "type": {"enum": ["mrkdwn", "plain_text"]},
                                "text": {"type": "string", "minLength": 1, "maxLength": 3000},
                            },
                        },
                    },
                },
            },
        },
    },
    # Microsoft Teams, "Create incoming webhooks with Workflows": a ``message`` whose attachment is an Adaptive Card
    # (``application/vnd.microsoft.card.adaptive``, schema version 1.4 or older, TextBlocks, Action.OpenUrl).
    Format.TEAMS: {
        "type": "object",
        "required": ["type", "attachments"],
        "properties": {
            "type": {"const": "message"},
            "attachments": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["contentType", "content"],
                    "properties": {
                        "contentType": {"const": "application/vnd.microsoft.card.adaptive"},
                        "content": {
                            "type": "object",
                            "required": ["type", "version", "body"],
                            "properties": {
                                "type": {"const": "AdaptiveCard"},
                                "version": {"enum": ["1.0", "1.1", "1.2", "1.3", "1.4"]},
                                "body": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["type", "text"],
                                        "properties": {"type": {"const": "TextBlock"}, "text": TEXT},
                                    },
                                },
                                "actions": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["type", "title", "url"],
                                        "properties": {"type": {"const": "Action.OpenUrl"}, "url": LINK},
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
    # KakaoWork's incoming webhook takes ``text``; JANDI's takes ``body``: the plain format carries both.
    Format.PLAIN: {
        "type": "object",
        "required": ["text", "body", "event"],
        "properties": {"text": TEXT, "body": TEXT, "event": {"type": "string"}, "url": LINK},
    },
}


def channel(owner, url, chat_format, event_types=(EventType.MILESTONE_SLIPPED,), language="en") -> Endpoint:
    """A chat channel of ``owner``, who reads in ``language``."""
    type(owner).objects.filter(pk=owner.pk).update(preferred_language=language)
    owner.preferred_language = language
    endpoint = Endpoint(owner=owner, url=url, format=chat_format, event_types=list(event_types))
    services.create_endpoint(endpoint)
    return endpoint


@pytest.mark.parametrize("chat_format", [Format.SLACK, Format.TEAMS, Format.PLAIN])
def test_each_chat_gets_its_documented_shape_naming_the_object_and_linking_to_it(
    users, own_project, receiver, chat_format
):
    channel(users["member"], receiver.url, chat_format)
    milestone = own_project.milestones.order_by("pk").first()
    slip(milestone)
    assert deliver() == 1

    (received,) = receiver.received
    message = received.payload
    jsonschema.validate(message, SHAPES[chat_format])
    assert received.headers["content-type"].startswith("application/json")
    assert "webhook-signature" in received.headers  # signed all the same: a receiver that checks may
    said = json.dumps(message, ensure_ascii=False)
    assert milestone.title_en in said and own_project.code in said
    assert "Milestone slipped" in said
    assert reverse("project_detail", kwargs={"code": own_project.code}) in said


def test_a_message_is_in_its_owners_language(users, own_project, receiver):
    channel(users["member"], receiver.url, Format.PLAIN, language="ko")
    milestone = own_project.milestones.order_by("pk").first()
    slip(milestone)
    deliver()

    with translation.override("ko"):
        korean = str(EventType.MILESTONE_SLIPPED.label)
    assert korean != "Milestone slipped"
    text = receiver.received[0].payload["text"]
    assert text.startswith(korean) and milestone.title_ko in text


def test_an_accepted_result_is_told_by_its_single_language_title(users, own_project, receiver):
    channel(users["member"], receiver.url, Format.PLAIN, [EventType.RESULT_ACCEPTED])
    result = submitted_result(own_project, users["member"], kind="jobs", title="Inspectors hired", details={"jobs": 5})
    reviewed.decide(result, users["ministry"], accept=True, expected_version=result.version)
    deliver()

    (received,) = receiver.received
    assert received.payload["body"] == f"Result accepted: {own_project.code} Inspectors hired"


def test_slack_control_characters_in_a_title_are_escaped(users, own_project, receiver):
    Project.objects.filter(pk=own_project.pk).update(title_en="Scrap & <b>sort</b>")
    channel(users["member"], receiver.url, Format.SLACK, [EventType.PROJECT_UPDATED])
    project = Project.objects.get(pk=own_project.pk)
    project_services.update_project(project, expected_version=project.version)
    deliver()

    message = receiver.received[0].payload
    shown = message["blocks"][0]["text"]["text"]
    assert "Scrap &amp; &lt;b&gt;sort&lt;/b&gt;" in shown and "<b>" not in shown
    assert "<b>" not in message["text"]


@pytest.mark.parametrize("chat_format", [Format.SLACK, Format.TEAMS, Format.PLAIN])
def test_a_partners_channel_never_carries_a_confidential_value(users, own_project, receiver, chat_format):
    everything = payloads.offered_types(users["partner"])
    partner_channel = channel(users["partner"], receiver.url, chat_format, everything)
    ministry_channel = channel(users["ministry"], receiver.url.replace("/hook", "/ministry"), chat_format, everything)
    everything_happens_with_planted_confidential_values(users, own_project)

    assert_nothing_confidential(bodies_of(partner_channel))
    # what the ministry's channel was made from includes the planted fields (the partner's never does)
    carried = set().union(*Delivery.objects.filter(endpoint=ministry_channel).values_list("carried", flat=True))
    assert {"government_budget_krw", "risks_and_issues"} <= carried
    partner_carried = set().union(*Delivery.objects.filter(endpoint=partner_channel).values_list("carried", flat=True))
    assert not partner_carried & {"government_budget_krw", "private_budget_krw", "risks_and_issues"}


def test_a_message_made_while_its_owner_saw_more_is_withheld(users, own_project, receiver):
    """A redelivery of a message made from the participants' fields is withheld once its owner sees fewer, even
    though the chat text itself shows none of them: what counts is what it was made from."""
    endpoint = channel(users["member"], receiver.url, Format.SLACK, [EventType.PROJECT_UPDATED])
    project = Project.objects.get(pk=own_project.pk)
    project_services.update_project(project, expected_version=project.version)
    assert deliver() == 1
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert "government_budget_krw" in delivery.carried

    type(users["member"]).objects.filter(pk=users["member"].pk).update(organization=OrganizationFactory())
    services.redeliver(delivery)
    assert deliver() == 0 and len(receiver.received) == 1
    assert Delivery.objects.get(pk=delivery.pk).state == Delivery.State.WITHHELD


def test_an_alliance_only_project_never_reaches_a_partners_channel(users, own_project, receiver):
    Project.objects.filter(pk=own_project.pk).update(visibility=Visibility.ALLIANCE)
    channel(users["partner"], receiver.url, Format.TEAMS)
    slip(own_project.milestones.order_by("pk").first())
    assert deliver() == 0 and receiver.received == []


def test_deliveries_made_before_get_the_fields_of_their_envelope(users, own_project, receiver):
    """The migration that brought chat channels reads what earlier deliveries were made from out of their bodies."""
    endpoint = channel(users["member"], receiver.url, Format.STANDARD)
    slip(own_project.milestones.order_by("pk").first())
    deliver()
    delivery = Delivery.objects.get(endpoint=endpoint)
    made_from = sorted(json.loads(delivery.payload)["data"])
    Delivery.objects.filter(pk=delivery.pk).update(carried=[])

    migration = importlib.import_module("webhooks.migrations.0011_chat_channels")
    with connection.cursor() as cursor:
        cursor.execute(migration.CARRIED_FROM_BODIES)
    assert Delivery.objects.get(pk=delivery.pk).carried == made_from


def test_an_organizations_people_see_its_channels_masked_and_only_theirs(client, users, receiver):
    member = users["member"]
    colleague = UserFactory(role=member.role, organization=member.organization, preferred_language="en")
    outsider = UserFactory(role=member.role, organization=OrganizationFactory(), preferred_language="en")
    ours = channel(member, receiver.url + "/secret-token", Format.SLACK)
    channel(outsider, receiver.url, Format.TEAMS)
    channel(member, receiver.url.replace("/hook", "/api"), Format.STANDARD)  # a webhook, not a chat channel
    page = reverse("organization_channels", kwargs={"slug": member.organization.slug})

    client.force_login(colleague)
    html = client.get(page).content.decode()
    assert str(ours) in html and "secret-token" not in html
    assert html.count("<tr>") == 2  # the heading and our one channel
    assert reverse("webhook_detail", kwargs={"pk": ours.pk}) not in html  # only its owner opens it
    assert "Add a channel" in html

    client.force_login(outsider)
    assert client.get(page).status_code == 404


def test_an_organization_without_channels_says_so(client, users):
    type(users["member"]).objects.filter(pk=users["member"].pk).update(preferred_language="en")
    client.force_login(users["member"])
    html = client.get(reverse("organization_channels", kwargs={"slug": users["member"].organization.slug})).content
    assert b"No chat channels yet." in html


def test_add_a_channel_opens_the_form_with_its_format_chosen(client, users):
    client.force_login(users["member"])
    html = client.get(reverse("webhook_create") + "?format=teams").content.decode()
    assert re.search(r'<input[^>]*value="teams"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="standard"[^>]*checked', html)
    standard = client.get(reverse("webhook_create") + "?format=bogus").content.decode()
    assert re.search(r'<input[^>]*value="standard"[^>]*checked', standard)
