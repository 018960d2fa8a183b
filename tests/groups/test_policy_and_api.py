"""Who sees what of the working groups, alike on the pages and in the API: closed groups (and their minutes) to
their members and the ministry, open groups to every alliance member, drafts to their writers, nothing to partners;
the review comment as the field map says; lists in a fixed number of queries."""

import datetime

import pytest
from django.test import Client

from core import reviewed
from groups import services
from groups.models import ActionItem
from members.tokens import issue_token
from tests.factories import WorkingGroupFactory, scheduled_meeting, submitted_minutes

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def page(user, url):
    return signed_in(user).get(url)


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user, name='t', scopes=['read'])[1]}")


def api(user, url):
    return bearer(user).get(url)


def ids(answer) -> list:
    return [row.get("id", row.get("slug")) for row in answer.json()["results"]]


def test_a_closed_group_is_404_to_an_outsider_on_the_page_and_in_the_api(people):
    slug = people["group"].slug
    assert page(people["outsider"], f"/groups/{slug}/").status_code == 404
    assert api(people["outsider"], f"/api/v1/working-groups/{slug}/").status_code == 404
    assert page(people["colleague"], f"/groups/{slug}/").status_code == 200
    assert page(people["liaison"], f"/groups/{slug}/").status_code == 200


def test_partners_see_nothing_of_groups(people):
    open_group = WorkingGroupFactory(is_open=True)
    minutes = submitted_minutes(scheduled_meeting(open_group), people["colleague"])
    assert page(people["partner"], "/groups/").status_code == 404
    assert page(people["partner"], f"/groups/{open_group.slug}/").status_code == 404
    for collection in ("working-groups", "meetings", "minutes", "action-items"):
        assert ids(api(people["partner"], f"/api/v1/{collection}/")) == []
    assert api(people["partner"], f"/api/v1/minutes/{minutes.pk}/").status_code == 404


def test_an_open_groups_submitted_minutes_are_seen_by_every_member_but_not_its_drafts(people):
    open_group = WorkingGroupFactory(is_open=True, chair=people["chair"].organization)
    submitted = submitted_minutes(scheduled_meeting(open_group), people["chair"])
    later = scheduled_meeting(open_group, starts_at=datetime.datetime(2026, 12, 20, 5, tzinfo=datetime.UTC))
    draft = services.minutes_of(later, people["chair"])
    draft.summary = "Not yet"
    services.save_minutes(draft, people["chair"])
    assert set(ids(api(people["outsider"], "/api/v1/minutes/"))) == {submitted.pk}
    assert set(ids(api(people["chair"], "/api/v1/minutes/"))) == {submitted.pk, draft.pk}


def test_the_review_comment_is_for_the_groups_people_and_the_ministry(people):
    open_group = WorkingGroupFactory(is_open=True, chair=people["chair"].organization)
    minutes = submitted_minutes(scheduled_meeting(open_group), people["chair"])
    reviewed.decide(minutes, people["admin"], accept=False, comment="planted-minutes-comment",
                    expected_version=minutes.version, tell=False)  # fmt: skip
    url = f"/meetings/{minutes.meeting_id}/"
    for user, sees in ((people["outsider"], False), (people["chair"], True), (people["liaison"], True)):
        assert ("planted-minutes-comment" in page(user, url).content.decode()) is sees
        assert ("planted-minutes-comment" in api(user, f"/api/v1/minutes/{minutes.pk}/").content.decode()) is sees


def test_an_outsider_cannot_change_an_action_item(people):
    item = ActionItem.objects.create(group=people["group"], title="Call MOLIT", owner=people["colleague"],
                                     due_date=datetime.date(2026, 12, 1))  # fmt: skip
    client = Client()
    client.force_login(people["outsider"])
    answer = client.post(f"/action-items/{item.pk}/status/", {"status": "done", "version": item.version})
    assert answer.status_code == 404
    item.refresh_from_db()
    assert item.status == "open"


def many_groups(people, n: int):
    for number in range(n):
        group = WorkingGroupFactory(chair=people["chair"].organization)
        group.members.add(people["colleague"].organization)
        meeting = scheduled_meeting(group)
        submitted_minutes(meeting, people["colleague"])
        ActionItem.objects.create(group=group, meeting=meeting, title=f"Item {number}", owner=people["colleague"],
                                  due_date=datetime.date(2026, 11, 1))  # fmt: skip


@pytest.mark.parametrize("n", [1, 6])
def test_the_group_list_takes_a_fixed_number_of_queries(people, n, django_assert_max_num_queries):
    many_groups(people, n)
    client = signed_in(people["colleague"])
    with django_assert_max_num_queries(9):
        assert client.get("/groups/").status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_a_groups_page_takes_a_fixed_number_of_queries(people, n, django_assert_max_num_queries):
    group = people["group"]
    for number in range(n):
        meeting = scheduled_meeting(group, starts_at=datetime.datetime(2026, 10, 1 + number, 5, tzinfo=datetime.UTC))
        submitted_minutes(meeting, people["colleague"])
        ActionItem.objects.create(group=group, meeting=meeting, title=f"Item {number}", owner=people["colleague"],
                                  barrier=people["barrier"], due_date=datetime.date(2026, 11, 1))  # fmt: skip
    client = signed_in(people["colleague"])
    with django_assert_max_num_queries(16):
        assert client.get(f"/groups/{group.slug}/").status_code == 200


@pytest.mark.parametrize("collection", ["working-groups", "meetings", "minutes", "action-items"])
@pytest.mark.parametrize("n", [1, 6])
def test_the_api_lists_take_a_fixed_number_of_queries(people, collection, n, django_assert_max_num_queries):
    many_groups(people, n)
    client = bearer(people["colleague"])
    with django_assert_max_num_queries(8):
        answer = client.get(f"/api/v1/{collection}/")
    assert len(ids(answer)) == n + (collection == "working-groups")  # and the fixture's group


def test_the_owner_closes_an_action_item_through_the_api_with_its_etag(people):
    item = ActionItem.objects.create(group=people["group"], title="Call MOLIT", owner=people["colleague"],
                                     due_date=datetime.date(2026, 12, 1))  # fmt: skip
    token = issue_token(people["colleague"], name="t", scopes=["read", "write"])[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/v1/action-items/{item.pk}/"
    assert client.patch(url, {"status": "done"}, content_type="application/json").status_code == 428
    stale = client.patch(url, {"status": "done"}, content_type="application/json", HTTP_IF_MATCH=f'"{item.pk}-v9"')
    assert stale.status_code == 412
    answer = client.patch(url, {"status": "done"}, content_type="application/json",
                          HTTP_IF_MATCH=f'"{item.pk}-v{item.version}"')  # fmt: skip
    assert answer.status_code == 200 and answer.json()["status"] == "done"
    outsider = Client(
        HTTP_AUTHORIZATION=f"Bearer {issue_token(people['outsider'], name='t', scopes=['read', 'write'])[1]}"
    )
    refused = outsider.patch(url, {"status": "open"}, content_type="application/json",
                             HTTP_IF_MATCH=f'"{item.pk}-v{item.version + 1}"')  # fmt: skip
    assert refused.status_code == 404
