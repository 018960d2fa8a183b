"""Documents on meetings (agenda papers, slides), through the documents app: attached by the group's writers, seen as
the meeting's group is (a closed group's only by its members and the ministry; a confidential one of an open group
only by its members and the ministry), downloaded through the policy."""

import pytest
from django.test import Client

from documents.models import Document
from members.models import Role
from tests.factories import PDF_BYTES, UserFactory, attached_document, scheduled_meeting, upload

pytestmark = pytest.mark.django_db
QUERIES_MEETING_PAGE = 19  # the same with one document or six


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def attach(user, meeting, **fields):
    form = {"file": upload("agenda.pdf"), "confidential": "on", "next": f"/meetings/{meeting.pk}/", **fields}
    return client_of(user).post(f"/documents/attach/meeting/{meeting.pk}/", form)


@pytest.mark.parametrize("who", ["colleague", "chair", "liaison"])
def test_the_groups_members_chair_and_liaison_attach_a_paper_shown_on_the_meeting_page(people, who):
    meeting = scheduled_meeting(people["group"])
    answer = attach(people[who], meeting)
    assert answer.status_code == 302 and answer["Location"] == f"/meetings/{meeting.pk}/"
    document = Document.objects.get()
    assert (document.meeting, document.project, document.uploaded_by) == (meeting, None, people[who])
    page = client_of(people["colleague"]).get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"/documents/{document.pk}/download/" in page and "agenda.pdf" in page


@pytest.mark.parametrize("who", ["outsider", "viewer of the group", "partner"])
def test_nobody_else_attaches_to_a_meeting(people, who):
    meeting = scheduled_meeting(people["group"])
    if who == "viewer of the group":
        people[who] = UserFactory(role=Role.MEMBER_VIEWER, organization=people["colleague"].organization)
    assert attach(people[who], meeting).status_code == 404
    assert not Document.objects.exists()


def test_a_closed_groups_paper_is_404_to_an_outsider_and_a_partner(people):
    document = attached_document(scheduled_meeting(people["group"]), people["chair"], confidential=False)
    for who in ("outsider", "partner"):
        client = client_of(people[who])
        assert client.get(f"/documents/{document.pk}/download/").status_code == 404
        assert client.get(f"/documents/{document.pk}/").status_code == 404
        assert client.get(f"/api/v1/documents/{document.pk}/").status_code == 404
    answer = client_of(people["liaison"]).get(f"/documents/{document.pk}/download/")
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PDF_BYTES


def test_an_open_groups_paper_is_seen_by_every_member_unless_confidential(people):
    people["group"].is_open = True
    people["group"].save()
    meeting = scheduled_meeting(people["group"])
    shared = attached_document(meeting, people["chair"], name="slides.pdf", confidential=False)
    kept = attached_document(meeting, people["chair"], name="draft.pdf", confidential=True)
    outsider = client_of(people["outsider"])
    assert outsider.get(f"/documents/{shared.pk}/download/").status_code == 200
    assert outsider.get(f"/documents/{kept.pk}/download/").status_code == 404
    assert client_of(people["colleague"]).get(f"/documents/{kept.pk}/download/").status_code == 200
    assert client_of(people["partner"]).get(f"/documents/{shared.pk}/download/").status_code == 404
    page = outsider.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "slides.pdf" in page and "draft.pdf" not in page


def test_the_api_attaches_to_a_meeting_of_ones_group_only(people):
    meeting = scheduled_meeting(people["group"])
    body = {"attached_to": "meeting", "meeting": meeting.pk, "file": upload("slides.pdf")}
    refused = client_of(people["outsider"]).post("/api/v1/documents/", body)
    assert refused.status_code == 404 and not Document.objects.exists()
    body["file"] = upload("slides.pdf")
    made = client_of(people["colleague"]).post("/api/v1/documents/", body)
    assert made.status_code == 201 and made.json()["meeting"] == meeting.pk
    listed = client_of(people["chair"]).get("/api/v1/documents/", {"meeting": meeting.pk}).json()
    assert [d["name"] for d in listed["results"]] == ["slides.pdf"]


def test_a_groups_meetings_share_one_quota(people, settings):
    settings.DOCUMENT_PROJECT_QUOTA_BYTES = len(PDF_BYTES) * 2
    group = people["group"]
    attached_document(scheduled_meeting(group), people["chair"])
    attached_document(scheduled_meeting(group), people["chair"])
    answer = attach(people["chair"], scheduled_meeting(group))
    assert answer.status_code == 302 and Document.objects.count() == 2


@pytest.mark.parametrize("n", [1, 6])
def test_a_meeting_page_takes_a_fixed_number_of_queries(people, n, on_the_day, django_assert_max_num_queries):
    meeting = scheduled_meeting(people["group"])
    meeting.invited.set([people["chair"], people["colleague"], people["liaison"]])
    meeting.attended.set([people["chair"], people["colleague"]][: min(n, 2)])
    for number in range(n):
        attached_document(meeting, people["chair"], name=f"paper-{number}.pdf")
    client = client_of(people["chair"])  # who may attach, record attendance and write the minutes
    with django_assert_max_num_queries(QUERIES_MEETING_PAGE):
        assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
