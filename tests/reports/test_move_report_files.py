"""``move_report_files``: report files kept on this machine's disk (``REPORTS_DIR``, before the reports storage) go
into the reports storage under the same names, once, and the folder keeps only what is no report's."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from alliance_portal.storage import reports_storage
from members.models import Role
from reports import rendering
from reports.models import Report
from tests import factories
from tests.reports.conftest import WEEK_48
from tests.reports.stored import stored_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_folder(tmp_path):
    """A ready weekly report whose four files are in a folder as the portal kept them before the reports storage."""
    folder = tmp_path / "old-reports"
    report = Report.objects.create(
        kind="weekly", period="2026-W48", period_start=WEEK_48[0], period_end=WEEK_48[1], state=Report.State.READY
    )
    for name in stored_names(report):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(f"contents of {name}".encode())
    return folder, report


@pytest.fixture
def another_folder(settings, tmp_path):
    """The reports storage in a local folder other than the old one."""
    settings.REPORTS_DIR = tmp_path / "storage"
    return settings.REPORTS_DIR


def move(folder) -> str:
    out = io.StringIO()
    call_command("move_report_files", "--from", str(folder), stdout=out)
    return out.getvalue().strip()


def test_old_files_move_to_the_object_store_and_are_downloaded_from_it(
    old_folder, object_store, store_bucket, settings, client
):
    folder, report = old_folder
    settings.STORAGES = {**settings.STORAGES, "reports": reports_storage(object_store[0])}
    assert move(folder) == f"4 moved, 0 already in the storage, 0 left in {folder} (not a report's file)."
    assert sorted(o.key for o in store_bucket.objects.all()) == sorted(
        f"reports/{name}" for name in stored_names(report)
    )
    assert list(folder.iterdir()) == []  # files and their emptied folders gone
    client.force_login(factories.UserFactory(role=Role.MINISTRY_ADMIN, organization=None))
    response = client.get(f"/reports/{report.pk}/xlsx/?lang=en")
    expected = f"contents of {report.stored_name('xlsx', 'en')}".encode()
    assert response.status_code == 200 and b"".join(response.streaming_content) == expected


def test_moving_again_moves_nothing(old_folder, another_folder):
    folder, _report = old_folder
    move(folder)
    assert move(folder) == f"0 moved, 0 already in the storage, 0 left in {folder} (not a report's file)."
    assert len(rendering.storage().listdir("weekly/2026-W48")[1]) == 4


def test_a_file_the_storage_already_holds_whole_only_leaves_the_folder(old_folder, another_folder):
    folder, report = old_folder
    name = report.stored_name("pdf", "ko")
    rendering.storage().save(name, ContentFile((folder / name).read_bytes()))
    kept = another_folder / name  # as a move stopped before it removed the old file leaves it
    modified = kept.stat().st_mtime_ns
    assert move(folder) == f"3 moved, 1 already in the storage, 0 left in {folder} (not a report's file)."
    assert kept.stat().st_mtime_ns == modified and not (folder / name).exists()


def test_a_file_the_storage_holds_only_in_part_is_copied_again(old_folder, another_folder):
    folder, report = old_folder
    name = report.stored_name("pdf", "ko")
    (another_folder / name).parent.mkdir(parents=True)
    (another_folder / name).write_bytes(b"contents")
    assert move(folder).startswith("4 moved, 0 already")
    assert (another_folder / name).read_bytes() == f"contents of {name}".encode()


def test_files_that_are_no_reports_stay_in_the_folder(old_folder, another_folder):
    folder, report = old_folder
    leftover = folder / f"weekly/2026-W48/.report-{report.pk}.ko.pdf.a1b2c3.part"
    orphan = folder / f"weekly/2026-W48/report-{report.pk + 1}.ko.pdf"
    leftover.write_bytes(b"half")
    orphan.write_bytes(b"of a deleted report")
    assert move(folder) == f"4 moved, 0 already in the storage, 2 left in {folder} (not a report's file)."
    assert leftover.exists() and orphan.exists()
    assert not rendering.storage().exists(orphan.relative_to(folder).as_posix())


def test_with_the_local_storage_in_that_folder_there_is_nothing_to_move(old_folder, settings):
    folder, report = old_folder
    settings.REPORTS_DIR = folder
    assert move(folder) == f"{folder} is where the reports storage keeps its files: nothing to move."
    assert rendering.storage().exists(report.stored_name("pdf", "en"))
