"""The shared mechanics as the pages and the API answer them: four eyes refused with a message (page) or a 403
problem document (API), a malformed version on the money page a form error, a taken slot a 409."""

import pytest
from django.test import Client
from django.utils import translation

from core.reviewed import ReviewState
from members.models import Role
from members.tokens import issue_token
from tests.core.kinds import KINDS, returned_and_rewritten
from tests.factories import ProjectFactory, UserFactory, submitted_execution

pytestmark = pytest.mark.django_db

STATUS_UPDATE = KINDS[0]


@pytest.fixture
def people(db):
    author = UserFactory(role=Role.MEMBER_EDITOR)
    return {
        "author": author,
        "admin": UserFactory(role=Role.MINISTRY_ADMIN, preferred_language="en"),
        "project": ProjectFactory(lead_organization=author.organization),
    }


def _rewritten_by_the_admin(kind, people):
    return returned_and_rewritten(kind, people["project"], people["author"], people["admin"])


def api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user, name='t', scopes=['read', 'write'])[1]}")


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_the_api_refuses_an_administrator_who_rewrote_the_work_with_a_problem_document(kind, people):
    work = _rewritten_by_the_admin(kind, people)
    url = f"/api/v1/{kind.endpoint}/{work.pk}/review/"
    answer = api(people["admin"]).post(
        url, {"decision": "accept"}, content_type="application/json", HTTP_IF_MATCH=f'"{work.pk}-v{work.version}"'
    )
    assert answer.status_code == 403 and answer["Content-Type"] == "application/problem+json"
    assert answer.json()["type"].endswith("/four-eyes")
    work.refresh_from_db()
    assert work.state == ReviewState.SUBMITTED


def test_the_review_page_tells_an_administrator_who_rewrote_the_update_that_someone_else_decides(people):
    update = _rewritten_by_the_admin(STATUS_UPDATE, people)
    client = Client()
    client.force_login(people["admin"])
    with translation.override("en"):
        answer = client.post(
            f"/review/{update.pk}/", {"decision": "accept", "comment": "", "version": update.version}, follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )  # fmt: skip
    assert answer.status_code == 200
    assert "another ministry administrator must decide" in answer.content.decode()
    update.refresh_from_db()
    assert update.state == ReviewState.SUBMITTED


@pytest.mark.parametrize("version", ["x", "1.5", "-3", ""])
def test_the_money_page_answers_a_malformed_version_with_an_error_and_changes_nothing(people, version):
    execution = submitted_execution(people["project"], people["author"])
    client = Client()
    client.force_login(people["admin"])
    url = f"/projects/{people['project'].code}/money/?year={execution.fiscal_year}"
    posted = {"action": "accept", "year": execution.fiscal_year, "execution": execution.pk, "version": version}
    answer = client.post(url, posted, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    assert "version" in answer.content.decode().lower()
    execution.refresh_from_db()
    assert execution.state == ReviewState.SUBMITTED


def test_a_second_check_start_in_the_api_is_a_409_problem_document(people):
    from tests.factories import published_checklist

    published_checklist(questions=1)
    client, body = api(people["author"]), {"project": people["project"].code}
    assert client.post("/api/v1/ai-ethics-assessments/", body, content_type="application/json").status_code == 201
    again = client.post("/api/v1/ai-ethics-assessments/", body, content_type="application/json")
    assert again.status_code == 409 and again.json()["type"].endswith("/slot-taken")
