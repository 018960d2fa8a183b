"""The AI-ethics API: the same rules as the pages (policy, If-Match, problem details); partners see whether a
project's check is current and nothing of the answers."""

import pytest
from django.test import Client
from django.utils import timezone

from assessments.choices import Response
from core.reviewed import ReviewState
from members.tokens import issue_token
from tests.factories import submitted_assessment

pytestmark = pytest.mark.django_db


def api(user, write=False) -> Client:
    scopes = ["read", "write"] if write else ["read"]
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user, name='t', scopes=scopes)[1]}")


def test_a_member_editor_starts_answers_and_submits_a_check(checklist, people):
    client, code = api(people["editor"], write=True), people["project"].code
    created = client.post("/api/v1/ai-ethics-assessments/", {"project": code}, content_type="application/json")
    assert created.status_code == 201, created.content
    again = client.post("/api/v1/ai-ethics-assessments/", {"project": code}, content_type="application/json")
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"

    url, etag = f"/api/v1/ai-ethics-assessments/{created.json()['id']}/", created["ETag"]
    answers = {"answers": [{"question": q.pk, "response": Response.YES, "note": ""} for q in checklist.questions.all()]}
    assert client.patch(url, answers, content_type="application/json").status_code == 428
    saved = client.patch(url, answers, content_type="application/json", HTTP_IF_MATCH=etag)
    assert saved.status_code == 200 and len(saved.json()["answers"]) == 3
    stale = client.patch(url, answers, content_type="application/json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    bad = client.patch(
        url, {"answers": [{"question": 10**9, "response": "maybe"}]}, content_type="application/json",
        HTTP_IF_MATCH=saved["ETag"],
    )  # fmt: skip
    assert bad.status_code == 400 and "response" in bad.json()["errors"]["answers"][0]
    submitted = client.post(f"{url}submit/", HTTP_IF_MATCH=saved["ETag"])
    assert submitted.status_code == 200 and submitted.json()["state"] == ReviewState.SUBMITTED


def test_the_ministry_reviews_and_partners_see_only_whether_a_check_is_current(checklist, people):
    assessment = submitted_assessment(people["project"], people["editor"])
    url = f"/api/v1/ai-ethics-assessments/{assessment.pk}/"
    etag = f'"{assessment.pk}-v{assessment.version}"'
    decision = {"decision": "accept", "comment": ""}
    refused = api(people["viewer"], write=False).post(f"{url}review/", decision, content_type="application/json")
    assert refused.status_code == 403  # a read-only token
    reviewed = api(people["admin"], write=True).post(
        f"{url}review/", decision, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert reviewed.status_code == 200 and reviewed.json()["state"] == ReviewState.ACCEPTED

    partner = api(people["partner"])
    assert partner.get(url).status_code == 404
    assert partner.get("/api/v1/ai-ethics-assessments/").json()["results"] == []
    project = partner.get(f"/api/v1/projects/{people['project'].code}/").json()
    assessment.refresh_from_db()
    assert project["ethics_checked_on"] == timezone.localtime(assessment.reviewed_at).date().isoformat()
    checklists = partner.get("/api/v1/ai-ethics-checklists/").json()["results"]
    assert [c["number"] for c in checklists] == [checklist.number] and len(checklists[0]["questions"]) == 3


@pytest.mark.parametrize("odd", ["1.5", "0", "-3", "x", "9" * 30])
def test_an_odd_checklist_filter_is_a_400_problem(checklist, people, odd):
    response = api(people["admin"]).get("/api/v1/ai-ethics-assessments/", {"checklist": odd})
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
