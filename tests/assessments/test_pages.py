"""The AI-ethics pages as each role uses them: participants fill in and submit, the ministry reviews, answers stay
with the participants and the ministry (pages and exports), query counts stay fixed."""

import csv
import io

import pytest
from django.test import Client
from django.utils.formats import date_format

from assessments import services
from assessments.choices import Response
from assessments.models import Assessment
from core import reviewed
from core.reviewed import ReviewState
from projects.models import ProjectFigures
from tests.factories import ParticipantFactory, ProjectFactory, submitted_assessment

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def answers_post(assessment, action, response=Response.YES, note=""):
    data = {"version": assessment.version, "action": action}
    for question in assessment.checklist.questions.all():
        data[f"q{question.pk}"] = response
        data[f"n{question.pk}"] = note
    return data


def test_a_participant_starts_answers_and_submits_a_check(checklist, people):
    project, editor = people["project"], people["editor"]
    client = client_for(editor)
    page = client.get(f"/projects/{project.code}/ethics/").content.decode()
    assert "Start a new check" in page or "새 점검 시작" in page
    response = client.post(f"/projects/{project.code}/ethics/new/")
    assessment = Assessment.objects.get(project=project)
    assert response.status_code == 302 and response.url.endswith(f"/ethics/{assessment.pk}/")

    url = f"/projects/{project.code}/ethics/{assessment.pk}/"
    refused = client.post(url, answers_post(assessment, "submit", Response.NO))  # "no" without a note
    assert refused.status_code == 200 and Assessment.objects.get(pk=assessment.pk).state == ReviewState.DRAFT
    assert not assessment.answers.exists()  # the refused submission saved nothing: one transaction

    client.post(url, answers_post(assessment, "save", Response.NO, "Planned for the second pilot."))
    assessment.refresh_from_db()
    assert assessment.answers.filter(response=Response.NO).count() == 3
    client.post(url, answers_post(assessment, "submit", Response.NO, "Planned for the second pilot."))
    assert Assessment.objects.get(pk=assessment.pk).state == ReviewState.SUBMITTED


def test_a_stale_form_is_refused_with_the_other_persons_change(checklist, people):
    assessment = services.start_assessment(people["project"], people["editor"])
    url = f"/projects/{people['project'].code}/ethics/{assessment.pk}/"
    stale = answers_post(assessment, "save", Response.YES)
    client_for(people["editor"]).post(url, answers_post(assessment, "save", Response.PARTLY, "first"))
    response = client_for(people["editor"]).post(url, stale, follow=True)
    # the editor reads Korean: the stale-version message itself (its words are on no other page)
    assert "이 항목을 연 뒤 다른 사용자가 변경하여 저장하지 않았습니다" in response.content.decode()
    assert set(assessment.answers.values_list("response", flat=True)) == {Response.PARTLY}


def test_the_ministry_reviews_a_submitted_check_on_its_page(checklist, people):
    assessment = submitted_assessment(people["project"], people["editor"])
    url = f"/projects/{people['project'].code}/ethics/{assessment.pk}/"
    viewer = client_for(people["viewer"])
    assert viewer.get(url).status_code == 200
    assert (
        viewer.post(url, {"action": "review", "decision": "accept", "version": assessment.version}).status_code == 404
    )

    admin = client_for(people["admin"])
    returned = admin.post(url, {"action": "review", "decision": "return", "comment": "", "version": assessment.version})
    assert returned.status_code == 200  # a return needs a comment
    assert Assessment.objects.get(pk=assessment.pk).state == ReviewState.SUBMITTED
    outsider, project_url = client_for(people["outsider"]), f"/projects/{people['project'].code}/"
    assert "현행 점검표 기준 승인된 점검 없음" in outsider.get(project_url).content.decode()  # none accepted yet
    admin.post(url, {"action": "review", "decision": "accept", "comment": "", "version": assessment.version})
    assert Assessment.objects.get(pk=assessment.pk).state == ReviewState.ACCEPTED
    detail = outsider.get(project_url).content.decode()  # whether the check is current: seen by all
    accepted_on = date_format(
        ProjectFigures.objects.get(project=people["project"]).ethics_checked_on, "SHORT_DATE_FORMAT"
    )
    assert f"현행 점검표 기준 {accepted_on} 승인" in detail and "승인된 점검 없음" not in detail


@pytest.mark.parametrize("who", ["outsider", "partner"])
def test_answers_stay_with_the_participants_and_the_ministry(checklist, people, who):
    assessment = submitted_assessment(people["project"], people["editor"])
    question = assessment.checklist.questions.first()
    reviewed.decide(
        assessment, people["admin"], accept=False, comment="planted-review-comment", expected_version=assessment.version
    )
    services.save_answers(
        assessment, {question.pk: services.Given(Response.NO, "planted-note")}, expected_version=assessment.version
    )
    code = people["project"].code
    client = client_for(people[who])
    assert client.get(f"/projects/{code}/ethics/{assessment.pk}/").status_code == 404
    texts = [
        client.get(f"/projects/{code}/ethics/").content.decode(),
        b"".join(client.get("/ethics/answers.csv").streaming_content).decode(),
    ]
    assert not any("planted" in text for text in texts)
    for insider in ("colleague", "admin"):  # a participant (read-only) and the ministry
        csv_text = b"".join(client_for(people[insider]).get("/ethics/answers.csv").streaming_content).decode()
        rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
        assert "planted-note" in {row[-1] for row in rows}, insider
        page = client_for(people[insider]).get(f"/projects/{code}/ethics/{assessment.pk}/").content.decode()
        assert "planted-note" in page and "planted-review-comment" in page


def test_a_participant_viewer_reads_but_does_not_edit(checklist, people):
    assessment = services.start_assessment(people["project"], people["editor"])
    url = f"/projects/{people['project'].code}/ethics/{assessment.pk}/"
    client = client_for(people["colleague"])
    assert client.get(url).status_code == 200
    assert client.post(url, answers_post(assessment, "save")).status_code == 404
    assert client.post(f"/projects/{people['project'].code}/ethics/new/").status_code == 404
    assert not assessment.answers.exists()


def test_drafts_are_the_participants_own(checklist, people):
    assessment = services.start_assessment(people["project"], people["editor"])
    url = f"/projects/{people['project'].code}/ethics/{assessment.pk}/"
    assert client_for(people["viewer"]).get(url).status_code == 404


def test_the_overview_counts_coverage_and_no_answers(checklist, people):
    editor, admin = people["editor"], people["admin"]
    checked = people["project"]
    unchecked = ProjectFactory(phase="rollout")
    ParticipantFactory(project=unchecked, organization=editor.organization)
    assessment = services.start_assessment(checked, editor)
    questions = list(checklist.questions.order_by("stage", "order"))
    given = {q.pk: services.Given(Response.NO if i == 0 else Response.YES, "why") for i, q in enumerate(questions)}
    services.save_answers(assessment, given, expected_version=assessment.version)
    reviewed.submit(assessment, expected_version=assessment.version)
    reviewed.decide(assessment, admin, accept=True, comment="", expected_version=assessment.version)

    response = client_for(people["viewer"]).get("/ethics/")
    coverage = response.context["coverage"]
    assert (coverage["checked"], coverage["under_way"], coverage["gated_unchecked"]) == (1, 2, 1)
    no_answers = {c.value: n for c, n in coverage["no_by_consideration"]}
    assert no_answers[questions[0].consideration] == 1 and sum(no_answers.values()) == 1
    assert client_for(people["editor"]).get("/ethics/").status_code == 404


def test_the_checklist_page_shows_the_version_in_force_and_drafts_only_to_the_ministry(checklist, people):
    draft = services.draft_next_version(checklist)
    member = client_for(people["outsider"])
    assert checklist.questions.first().text_ko in member.get("/ethics/checklist/").content.decode()
    assert member.get("/ethics/checklist/").context["checklist"] == checklist
    assert member.get(f"/ethics/checklist/?version={draft.number}").status_code == 404
    for odd in ("abc", "-1", "1.5", "9" * 30):
        assert member.get(f"/ethics/checklist/?version={odd}").status_code == 404, odd
    assert client_for(people["viewer"]).get(f"/ethics/checklist/?version={draft.number}").status_code == 200


def test_the_pages_query_counts_do_not_grow_with_the_answers(checklist, people, django_assert_max_num_queries):
    assessment = submitted_assessment(people["project"], people["editor"])
    client = client_for(people["admin"])
    code = people["project"].code
    for url, most in [
        (f"/projects/{code}/ethics/{assessment.pk}/", 14),
        (f"/projects/{code}/ethics/", 12),
        ("/ethics/", 14),
        ("/ethics/checklist/", 10),
    ]:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200, url
