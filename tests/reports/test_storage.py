"""Report files in the reports storage (``STORAGES["reports"]``): the folder ``REPORTS_DIR`` by default, or an
S3-compatible object store (moto's S3 server, ``object_store`` in tests/conftest.py) named by ``STORAGE_URL``."""

import io
import stat

import pytest
from pypdf import PdfReader

from alliance_portal.storage import reports_storage
from core import periods
from members.models import Role
from reports import rendering
from reports.models import Report
from reports.services import build_report
from reports.tasks import weekly_report
from tests import factories
from tests.reports.conftest import WEEK_48
from tests.reports.stored import stored_names

pytestmark = pytest.mark.django_db

WEEK = "2026-W48"


@pytest.fixture
def bucket(object_store, store_bucket, settings):
    """The reports storage on the object store; the bucket emptied after the test."""
    settings.STORAGES = {**settings.STORAGES, "reports": reports_storage(object_store[0])}
    return store_bucket


def ministry_client(client):
    client.force_login(factories.UserFactory(role=Role.MINISTRY_ADMIN, organization=None))
    return client


def test_a_reports_files_are_kept_under_reports_dir_by_their_stored_names(portfolio, settings):
    assert weekly_report.apply(kwargs={"period": WEEK}).successful()
    report = Report.objects.get()
    kept = sorted(
        p.relative_to(settings.REPORTS_DIR).as_posix() for p in settings.REPORTS_DIR.rglob("*") if p.is_file()
    )
    assert kept == sorted(stored_names(report))  # and no temporary file
    assert all(stat.S_IMODE((settings.REPORTS_DIR / name).stat().st_mode) == 0o600 for name in kept)


def test_a_reports_files_are_kept_on_the_object_store_and_not_on_this_machine(portfolio, settings, bucket):
    assert weekly_report.apply(kwargs={"period": WEEK}).successful()
    report = Report.objects.get()
    assert sorted(o.key for o in bucket.objects.all()) == sorted(f"reports/{name}" for name in stored_names(report))
    assert not settings.REPORTS_DIR.exists()


def test_a_report_on_the_object_store_is_downloaded_as_a_stream_of_its_bytes(portfolio, bucket, client):
    assert weekly_report.apply(kwargs={"period": WEEK}).successful()
    report = Report.objects.get()
    response = ministry_client(client).get(f"/reports/{report.pk}/pdf/?lang=ko")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{report.file_name("pdf", "ko")}"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body == bucket.Object(f"reports/{report.stored_name('pdf', 'ko')}").get()["Body"].read()
    assert "주간" in PdfReader(io.BytesIO(body)).pages[0].extract_text()


def test_a_missing_file_on_the_object_store_is_not_found(portfolio, bucket, client):
    assert weekly_report.apply(kwargs={"period": WEEK}).successful()
    report = Report.objects.get()
    bucket.Object(f"reports/{report.stored_name('xlsx', 'en')}").delete()
    assert ministry_client(client).get(f"/reports/{report.pk}/xlsx/?lang=en").status_code == 404


def test_a_run_whose_save_fails_leaves_no_file_of_the_report(portfolio, settings):
    report = Report.objects.create(kind="weekly", period=WEEK, period_start=WEEK_48[0], period_end=WEEK_48[1])
    blocked = settings.REPORTS_DIR / report.stored_name("pdf", "en")  # the last file saved cannot take its name
    blocked.mkdir(parents=True)
    with pytest.raises(IsADirectoryError):
        build_report("weekly", periods.week(WEEK_48[0]), WEEK_48[1])
    report.refresh_from_db()
    assert report.state == Report.State.BUILDING
    assert rendering.storage().listdir(f"weekly/{WEEK}") == ([], [])  # the three files saved before were deleted


def test_a_save_removes_what_a_save_killed_halfway_left_beside_the_file(portfolio, settings):
    report = Report.objects.create(kind="weekly", period=WEEK, period_start=WEEK_48[0], period_end=WEEK_48[1])
    leftover = settings.REPORTS_DIR / f"weekly/{WEEK}/.report-{report.pk}.ko.pdf.x1y2z3.part"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"%PDF-1.4 half")
    build_report("weekly", periods.week(WEEK_48[0]), WEEK_48[1])
    assert not leftover.exists()


def test_the_storage_url_keeps_reports_under_their_own_prefix_and_replaces_a_rebuilt_file():
    options = reports_storage("s3://key:secret@minio.internal:9000/alliance?region=ap-northeast-2")["OPTIONS"]
    assert (options["bucket_name"], options["location"], options["file_overwrite"]) == ("alliance", "reports", True)
    assert reports_storage("")["BACKEND"] == "alliance_portal.storage.GeneratedFileStorage"
