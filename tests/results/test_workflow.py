"""Results and lessons through the pages: registered by a participant with their kind's fields, reviewed by the
ministry, then in the library for the alliance; "Ask about this" reaches the owner, whose address shows only once
they accept."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from core import reviewed
from core.reviewed import ReviewState
from members.tokens import issue_token
from results import services as result_services
from results.models import ContactRequest, Result
from tests.factories import ProjectFactory, UserFactory, submitted_lesson, submitted_result

pytestmark = pytest.mark.django_db

PATENT = {
    "title": "용접 결함 검출기", "summary": "Finds weld seam defects.", "achieved_on": "2026-09-01",
    "reach": "alliance",
    "detail_status": "applied", "detail_number": "10-2026-0012345", "detail_filed_on": "2026-09-01",
    "detail_country": "KR",
}  # fmt: skip


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def accepted(result, admin):
    return reviewed.decide(result, admin, accept=True, expected_version=result.version)


def test_a_participant_registers_a_patent_and_submits_it(people):
    editor, project = people["editor"], people["project"]
    answer = signed_in(editor).post(
        f"/projects/{project.code}/results/new/patent/",
        {**PATENT, "owner": editor.organization_id, "action": "submit"},
    )
    assert answer.status_code == 302
    result = Result.objects.get()
    assert (result.state, result.kind, result.author) == (ReviewState.SUBMITTED, "patent", editor)
    assert result.details == {"status": "applied", "number": "10-2026-0012345", "filed_on": "2026-09-01",
                              "country": "KR"}  # fmt: skip


def test_a_patent_without_its_number_is_refused_beside_the_field_and_nothing_is_saved(people):
    editor, project = people["editor"], people["project"]
    posted = {**PATENT, "owner": editor.organization_id, "action": "submit", "detail_number": ""}
    answer = signed_in(editor).post(f"/projects/{project.code}/results/new/patent/", posted)
    assert answer.status_code == 200
    assert answer.context["form"].errors["detail_number"]
    assert not Result.objects.exists()


def test_an_owner_that_takes_no_part_in_the_project_is_refused(people):
    editor, project = people["editor"], people["project"]
    posted = {**PATENT, "owner": people["outsider"].organization_id, "action": "save"}
    answer = signed_in(editor).post(f"/projects/{project.code}/results/new/patent/", posted)
    assert answer.status_code == 200 and answer.context["form"].errors["owner"]
    assert not Result.objects.exists()


def test_an_unknown_kind_is_not_found(people):
    answer = signed_in(people["editor"]).get(f"/projects/{people['project'].code}/results/new/poem/")
    assert answer.status_code == 404


def test_the_library_shows_a_result_to_another_company_only_once_accepted(people):
    result = submitted_result(people["project"], people["editor"], title="용접 결함 검출기")
    other = signed_in(people["outside viewer"])
    assert "용접 결함 검출기" not in other.get("/library/?q=용접").content.decode()
    accepted(result, people["admin"])
    page = other.get("/library/?q=용접").content.decode()
    assert "용접 결함 검출기" in page
    assert other.get(f"/projects/{people['project'].code}/results/{result.pk}/").status_code == 200


def test_a_result_for_the_participants_only_stays_out_of_the_library_of_others(people):
    result = submitted_result(people["project"], people["editor"], reach="participants")
    accepted(result, people["admin"])
    assert result.title not in signed_in(people["outside viewer"]).get("/library/").content.decode()
    assert result.title in signed_in(people["editor"]).get("/library/").content.decode()


def test_the_library_filters_by_kind_area_organization_and_year(people):
    result = accepted(submitted_result(people["project"], people["editor"], title="Weld seam model"), people["admin"])
    other = signed_in(people["outside viewer"])
    slug = result.owner.slug
    assert (
        "Weld seam model" in other.get(f"/library/?kind=patent&area=mobility&owner={slug}&year=2026").content.decode()
    )
    assert "Weld seam model" not in other.get("/library/?kind=dataset").content.decode()
    assert "Weld seam model" not in other.get("/library/?year=2025").content.decode()


def test_the_librarys_queries_do_not_grow_with_its_rows(people, django_assert_max_num_queries):
    for number in range(30):
        accepted(submitted_result(people["project"], people["editor"], title=f"Result {number}"), people["admin"])
        accepted(submitted_lesson(people["project"], people["editor"], title=f"Lesson {number}"), people["admin"])
    client = signed_in(people["outside viewer"])
    for url in ("/library/", "/library/lessons/"):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_a_ministry_administrator_accepts_a_result_on_its_page(people):
    result = submitted_result(people["project"], people["editor"])
    url = f"/projects/{people['project'].code}/results/{result.pk}/"
    answer = signed_in(people["admin"]).post(url, {"action": "review", "decision": "accept", "version": result.version})
    assert answer.status_code == 302
    result.refresh_from_db()
    assert result.state == ReviewState.ACCEPTED


def test_an_accepted_result_cannot_be_edited_on_its_page(people):
    result = accepted(submitted_result(people["project"], people["editor"]), people["admin"])
    url = f"/projects/{people['project'].code}/results/{result.pk}/"
    answer = signed_in(people["editor"]).post(url, {**PATENT, "action": "save", "version": result.version})
    assert answer.status_code == 404


def test_partners_read_only_open_accepted_results_in_the_api(people):
    shared = accepted(submitted_result(people["project"], people["editor"], title="Shared"), people["admin"])
    opened = accepted(submitted_result(people["project"], people["editor"], title="Opened", reach="open"),
                      people["admin"])  # fmt: skip
    submitted_result(people["project"], people["editor"], title="Pending", reach="open")
    token = issue_token(people["partner"], name="t", scopes=["read"])[1]
    rows = Client().get("/api/v1/results/", HTTP_AUTHORIZATION=f"Bearer {token}").json()["results"]
    assert [row["title"] for row in rows] == ["Opened"]
    assert "review_comment" not in rows[0] and "reviewer" not in rows[0]
    assert shared.pk != opened.pk


def test_a_participant_writes_a_result_through_the_api_and_the_details_are_validated(people):
    token = issue_token(people["editor"], name="t", scopes=["read", "write"])[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {"project": people["project"].code, "kind": "jobs", "title": "New inspectors", "owner":
            people["editor"].organization.slug, "achieved_on": "2026-06-30", "details": {"jobs": "many"}}  # fmt: skip
    refused = api.post("/api/v1/results/", body, content_type="application/json")
    assert refused.status_code == 400 and "jobs" in refused.json()["errors"]
    created = api.post("/api/v1/results/", {**body, "details": {"jobs": 4}}, content_type="application/json")
    assert created.status_code == 201 and created.json()["details"] == {"jobs": 4}


def test_accepting_a_result_announces_it(people):
    from webhooks.models import Event

    result = accepted(submitted_result(people["project"], people["editor"]), people["admin"])
    assert Event.objects.filter(type="result.accepted", subject_id=result.pk).exists()


def test_ask_about_this_reaches_the_owner_who_accepts_and_only_then_the_addresses_show(
    people, django_capture_on_commit_callbacks
):
    result = accepted(submitted_result(people["project"], people["editor"]), people["admin"])
    asker, owner = signed_in(people["outsider"]), signed_in(people["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        asked = asker.post(f"/library/results/{result.pk}/ask/", {"message": "May we license the detector?"})
    assert asked.status_code == 302
    assert [m.to for m in mail.outbox] == [[people["editor"].email]]
    assert people["outsider"].email not in mail.outbox[0].body
    page = owner.get("/contacts/").content.decode()
    assert "May we license the detector?" in page and people["outsider"].email not in page
    assert people["editor"].email not in asker.get("/contacts/").content.decode()
    contact = ContactRequest.objects.get()
    assert owner.post(f"/contacts/{contact.pk}/answer/", {"decision": "accepted"}).status_code == 302
    assert people["outsider"].email in owner.get("/contacts/").content.decode()
    assert people["editor"].email in asker.get("/contacts/").content.decode()


def test_a_second_answer_changes_nothing(people):
    result = accepted(submitted_result(people["project"], people["editor"]), people["admin"])
    signed_in(people["outsider"]).post(f"/library/results/{result.pk}/ask/", {"message": "Hello"})
    contact = ContactRequest.objects.get()
    owner = signed_in(people["editor"])
    owner.post(f"/contacts/{contact.pk}/answer/", {"decision": "declined"})
    assert owner.post(f"/contacts/{contact.pk}/answer/", {"decision": "accepted"}).status_code == 404
    contact.refresh_from_db()
    assert contact.state == "declined"


def test_one_cannot_ask_about_ones_own_result_or_a_draft(people):
    draft = submitted_result(people["project"], people["editor"])
    assert signed_in(people["outsider"]).post(f"/library/results/{draft.pk}/ask/", {"message": "Hi"}).status_code == 404
    accepted(draft, people["admin"])
    assert signed_in(people["editor"]).post(f"/library/results/{draft.pk}/ask/", {"message": "Hi"}).status_code == 404
    assert not ContactRequest.objects.exists()


def test_a_lesson_is_written_with_a_barrier_of_its_own_project_only(people):
    from projects.models import PolicyBarrier

    foreign = ProjectFactory()
    barrier = PolicyBarrier.objects.create(title_ko="규제", title_en="Rule", raised_by=foreign.lead_organization)
    barrier.projects.add(foreign)
    posted = {"title": "Label rare defects first", "context": "c", "tried": "t", "advice": "a", "reach": "alliance",
              "barrier": barrier.pk, "action": "save"}  # fmt: skip
    answer = signed_in(people["editor"]).post(f"/projects/{people['project'].code}/lessons/new/", posted)
    assert answer.status_code == 200 and answer.context["form"].errors["barrier"]


def test_the_accepted_webhook_carries_the_result_only_to_owners_who_may_see_it(people):
    from webhooks.models import Endpoint, Event
    from webhooks.payloads import data_for

    result = accepted(submitted_result(people["project"], people["editor"]), people["admin"])
    event = Event.objects.get(type="result.accepted", subject_id=result.pk)
    ministry = Endpoint(
        owner=people["second admin"], url="https://hooks.example.org/m", event_types=["result.accepted"]
    )
    partner = Endpoint(owner=people["partner"], url="https://hooks.example.org/p", event_types=["result.accepted"])
    assert data_for(event, ministry)["title"] == result.title
    assert data_for(event, partner) is None  # shared with the alliance, not opened


def test_evidence_must_come_from_the_projects_library(people):
    from tests.factories import attached_document

    foreign = ProjectFactory()
    other_document = attached_document(
        foreign, UserFactory(role="member_editor", organization=foreign.lead_organization)
    )
    own_document = attached_document(people["project"], people["editor"])
    result = submitted_result(people["project"], people["editor"])
    reviewed.decide(result, people["admin"], accept=False, comment="Add evidence", expected_version=result.version)
    result.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        result_services.save_result(result, people["editor"], expected_version=result.version,
                                    evidence=[own_document, other_document])  # fmt: skip
    assert list(refused.value.message_dict) == ["evidence"]
    result_services.save_result(result, people["editor"], expected_version=result.version, evidence=[own_document])
    assert list(result.evidence.all()) == [own_document]


def test_the_admin_lists_results_read_only_and_no_drafts(people):
    submitted = submitted_result(people["project"], people["editor"], title="Submitted one")
    draft = result_services.save_result(
        Result(project=people["project"], kind="jobs", title="Draft one", owner_id=people["editor"].organization_id,
               achieved_on="2026-06-30", details={"jobs": 2}),
        people["editor"],
    )  # fmt: skip
    client = signed_in(people["admin"])
    page = client.get("/admin/results/result/").content.decode()
    assert f"/admin/results/result/{submitted.pk}/change/" in page
    assert f"/admin/results/result/{draft.pk}/change/" not in page
    answer = client.post(f"/admin/results/result/{submitted.pk}/change/", {"title": "Changed"})
    assert answer.status_code == 403
    submitted.refresh_from_db()
    assert submitted.title == "Submitted one"
