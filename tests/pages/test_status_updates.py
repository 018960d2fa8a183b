"""The monthly status-update workflow: draft → submitted → returned (with comment) → resubmitted → accepted."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.periods import reporting_period
from core.reviewed import ReviewState
from projects.models import StatusUpdate

NARRATIVE = {
    "rag": "amber", "progress_percent": 35, "achievements": "데이터 수집 완료", "risks_and_issues": "장비 납품 지연",
    "next_steps": "모델 학습", "support_requested": "",
}  # fmt: skip


@pytest.fixture
def fresh_project(own_project):
    """The member's project with nothing reported for this period yet."""
    StatusUpdate.objects.filter(project=own_project, period=reporting_period(timezone.localdate())).delete()
    return own_project


def this_period(project) -> StatusUpdate:
    return StatusUpdate.objects.get(project=project, period=reporting_period(timezone.localdate()))


def post(client, project, action="save", **changes):
    update = StatusUpdate.objects.filter(project=project, period=reporting_period(timezone.localdate())).first()
    data = {**NARRATIVE, **changes, "action": action, "version": update.version if update else ""}
    return client.post(f"/projects/{project.code}/update/", data)


def test_member_saves_a_draft_then_submits_it(client, users, fresh_project):
    client.force_login(users["member"])
    assert post(client, fresh_project).status_code == 302
    update = this_period(fresh_project)
    assert (update.state, update.rag, update.author) == (ReviewState.DRAFT, "amber", users["member"])
    assert post(client, fresh_project, action="submit").status_code == 302
    update.refresh_from_db()
    assert update.state == ReviewState.SUBMITTED and update.submitted_at is not None


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"progress_percent": 120}, "progress_percent"), ({"progress_percent": "abc"}, "progress_percent"),
     ({"rag": "purple"}, "rag"), ({"rag": ""}, "rag"), ({"achievements": "가" * 5001}, "achievements")],
)  # fmt: skip
def test_bad_input_is_refused_next_to_the_field_and_saves_nothing(client, users, fresh_project, changes, field):
    client.force_login(users["member"])
    response = post(client, fresh_project, **changes)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not StatusUpdate.objects.filter(
        project=fresh_project, period=reporting_period(timezone.localdate())
    ).exists()


def test_submitted_update_can_no_longer_be_edited(client, users, fresh_project):
    client.force_login(users["member"])
    post(client, fresh_project, action="submit")
    response = post(client, fresh_project, achievements="바꾸기")
    assert response.status_code == 200
    assert this_period(fresh_project).achievements == NARRATIVE["achievements"]


def test_ministry_must_comment_when_returning(client, users, fresh_project):
    client.force_login(users["member"])
    post(client, fresh_project, action="submit")
    update = this_period(fresh_project)
    client.force_login(users["ministry"])
    response = client.post(f"/review/{update.pk}/", {"decision": "return", "comment": "  ", "version": update.version})
    assert response.status_code == 200
    assert "comment" in response.context["form"].errors
    update.refresh_from_db()
    assert update.state == ReviewState.SUBMITTED


def test_returned_update_shows_the_comment_and_can_be_resubmitted_then_accepted(
    client, users, fresh_project, django_capture_on_commit_callbacks
):
    client.force_login(users["member"])
    post(client, fresh_project, action="submit")
    update = this_period(fresh_project)

    client.force_login(users["ministry"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/review/{update.pk}/",
            {"decision": "return", "comment": "위험 대응 계획을 보완하세요.", "version": update.version},
        )
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.state, update.reviewer) == (ReviewState.RETURNED, users["ministry"])
    assert users["member"].email in [address for message in mail.outbox for address in message.to]

    client.force_login(users["member"])
    page = client.get(f"/projects/{fresh_project.code}/update/").content.decode()
    assert "위험 대응 계획을 보완하세요." in page
    assert post(client, fresh_project, action="submit", risks_and_issues="대응 계획 추가").status_code == 302
    update.refresh_from_db()
    assert update.state == ReviewState.SUBMITTED

    client.force_login(users["ministry"])
    client.post(f"/review/{update.pk}/", {"decision": "accept", "comment": "", "version": update.version})
    update.refresh_from_db()
    assert update.state == ReviewState.ACCEPTED


def test_viewer_sees_the_queue_but_cannot_decide(client, users, fresh_project):
    client.force_login(users["member"])
    post(client, fresh_project, action="submit")
    update = this_period(fresh_project)
    client.force_login(users["viewer"])
    assert client.get("/review/").status_code == 200
    assert client.get(f"/review/{update.pk}/").context["form"] is None
    response = client.post(f"/review/{update.pk}/", {"decision": "accept", "version": update.version})
    assert response.status_code == 404
    update.refresh_from_db()
    assert update.state == ReviewState.SUBMITTED


def test_review_queue_lists_oldest_submissions_first(client, users):
    """Submission times are made distinct and opposite to creation order, so neither the primary key nor the
    database's whim can produce the expected order by chance."""
    submitted = list(StatusUpdate.objects.filter(state=ReviewState.SUBMITTED).order_by("pk"))
    assert len(submitted) > 2
    start = timezone.now() - datetime.timedelta(days=1)
    for age, update in enumerate(submitted):
        StatusUpdate.objects.filter(pk=update.pk).update(submitted_at=start - datetime.timedelta(minutes=age))
    client.force_login(users["ministry"])
    listed = [update.pk for update in client.get("/review/").context["page"].object_list]
    assert listed == [update.pk for update in reversed(submitted)][: len(listed)]


def test_second_editor_with_a_stale_draft_is_refused_and_nothing_is_overwritten(client, users, fresh_project):
    client.force_login(users["member"])
    post(client, fresh_project)
    update = this_period(fresh_project)
    stale_version = update.version
    client.post(
        f"/projects/{fresh_project.code}/update/",
        {**NARRATIVE, "achievements": "첫 번째 편집", "version": stale_version},
    )
    response = client.post(
        f"/projects/{fresh_project.code}/update/",
        {**NARRATIVE, "achievements": "두 번째 편집", "version": stale_version},
    )
    assert response.status_code == 200
    assert this_period(fresh_project).achievements == "첫 번째 편집"
    messages = [str(m) for m in response.context["messages"]]
    assert any("첫 번째 편집" in m for m in messages)  # shows what the other person changed


def test_review_is_saved_even_when_the_mail_server_is_down(
    client, users, fresh_project, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens on 9
    client.force_login(users["member"])
    post(client, fresh_project, action="submit")
    update = this_period(fresh_project)
    client.force_login(users["ministry"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/review/{update.pk}/", {"decision": "accept", "comment": "", "version": update.version}
        )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.state == ReviewState.ACCEPTED
    assert "was not sent" in caplog.text
