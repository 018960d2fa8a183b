"""Housekeeping of imports: uploads limited per user (the pages and the API together), expired previews purged every
hour by a Celery task."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from alliance_portal.api.throttling import PerUserThrottle
from imports.models import ImportPreview
from imports.tasks import purge_expired_previews

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_an_hour(monkeypatch):
    cache.clear()  # no count carried over from another test
    monkeypatch.setattr(PerUserThrottle, "THROTTLE_RATES", {**PerUserThrottle.THROTTLE_RATES, "imports": "2/hour"})
    yield
    cache.clear()


def old_excel() -> SimpleUploadedFile:
    return SimpleUploadedFile("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)


def test_an_editor_uploading_too_often_is_told_to_wait_on_the_page(client, users, own_project, two_an_hour):
    client.force_login(users["member"])
    url = reverse("project_import", args=[own_project.code])
    assert client.get(url).status_code == 200  # looking at the form counts for nothing
    for _ in range(2):
        assert client.post(url, {"file": old_excel()}).status_code == 200  # the form's error

    refused = client.post(url, {"file": old_excel()})

    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "너무 자주 요청했습니다." in refused.content.decode()  # the page's language: Korean by default
    assert client.get(url).status_code == 200


def test_the_api_counts_uploads_with_the_pages_and_answers_429_with_problem_details(
    client, api, users, own_project, two_an_hour
):
    client.force_login(users["member"])
    client.post(reverse("project_import", args=[own_project.code]), {"file": old_excel()})
    writer = api("member:write")
    assert writer.post("/api/v1/imports/", {"project": own_project.code, "file": old_excel()},
                       format="multipart").status_code == 400  # fmt: skip

    refused = writer.post("/api/v1/imports/", {"project": own_project.code, "file": old_excel()}, format="multipart")

    assert refused.status_code == 429 and refused["Content-Type"] == "application/problem+json"
    body = refused.json()
    assert body["status"] == 429 and body["title"] and "요청이 제한되었습니다" in body["detail"]
    assert writer.get(f"/api/v1/imports/templates/{own_project.code}/").status_code == 200  # only uploads count


def test_expired_previews_are_purged_every_hour_by_a_celery_task(users, own_project):
    from django_celery_beat.models import PeriodicTask

    scheduling = importlib.import_module("imports.migrations.0002_purge_schedule")
    scheduling.schedule_purge(django_apps, None)  # as migrating does (a test before may have emptied the table)
    schedule = PeriodicTask.objects.get(task="imports.purge_expired_previews")
    assert (schedule.crontab.hour, schedule.crontab.minute, str(schedule.crontab.timezone)) == ("*", "17", "Asia/Seoul")
    now = timezone.now()
    made = {"project": own_project, "uploaded_by": users["member"], "file_name": "f.xlsx"}
    expired = ImportPreview.objects.create(**made, expires_at=now - datetime.timedelta(minutes=1))
    kept = ImportPreview.objects.create(**made, expires_at=now + datetime.timedelta(hours=1))

    assert purge_expired_previews.apply().get() == 1

    assert list(ImportPreview.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not ImportPreview.objects.filter(pk=expired.pk).exists()
    assert purge_expired_previews.apply().get() == 0
