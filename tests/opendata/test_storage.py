"""A publication's files in the open-data storage (``STORAGES["opendata"]``): the folder ``OPEN_DATA_DIR`` by
default or an S3-compatible object store (moto's S3 server, ``object_store`` in tests/conftest.py); never in
PostgreSQL; the IATI activities in parts of a bounded size; built with flat memory; older files moved out of the
database by migration 0004."""

import hashlib
import importlib
import json
import stat
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from alliance_portal.storage import opendata_storage
from opendata import files, services
from opendata.models import Publication, PublishedProject
from tests.opendata.stored import expected_names, stored

pytestmark = pytest.mark.django_db

IATI_XSD = Path(__file__).resolve().parents[2] / "opendata" / "standards" / "iati-2.03" / "iati-activities-schema.xsd"
MOVE = importlib.import_module("opendata.migrations.0004_files_in_storage")


def columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def again(published, users) -> Publication:
    """A correction of the demo's month: a new version whose files are not built yet."""
    return services.publish(published.period, users["ministry"], ratings=True, note="again")


def test_a_publications_files_are_in_the_storage_folder_and_their_bytes_not_in_postgresql(published, settings):
    assert "content" not in columns("opendata_publicationfile")
    folder = settings.OPEN_DATA_DIR / published.key / f"v{published.version}"
    kept = {p.name: p for p in folder.iterdir()}
    assert set(kept) == set(published.files.values_list("name", flat=True)) == expected_names(published)
    for file in published.files.all():
        data = kept[file.name].read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (file.size, file.sha256)
        assert stat.S_IMODE(kept[file.name].stat().st_mode) == 0o600


def test_a_download_is_streamed_from_the_storage_with_its_headers(published, anonymous, settings):
    file = published.files.get(name="projects.csv")
    path = settings.OPEN_DATA_DIR / file.stored_name
    original = path.read_bytes()
    path.write_bytes(original.upper())  # what the storage holds is what is sent
    try:
        response = anonymous.get(reverse("open_file", args=[published.key, published.version, file.name]))
        assert response.status_code == 200 and response.streaming
        assert b"".join(response.streaming_content) == original.upper()
    finally:
        path.write_bytes(original)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="projects.csv"'
    assert (response["Content-Length"], response["ETag"]) == (str(file.size), f'"{file.sha256}"')
    assert "public" in response["Cache-Control"]


def test_a_file_missing_from_the_storage_is_not_found(published, anonymous, settings):
    file = published.files.get(name="projects.csv")
    path = settings.OPEN_DATA_DIR / file.stored_name
    original = path.read_bytes()
    path.unlink()
    try:
        assert (
            anonymous.get(reverse("open_file", args=[published.key, published.version, file.name])).status_code == 404
        )
    finally:
        path.write_bytes(original)


def test_a_build_that_fails_leaves_no_file_in_the_storage_and_the_publication_unbuilt(
    published, users, settings, tmp_path
):
    settings.OPEN_DATA_DIR = tmp_path / "store"  # of this test alone: other tests' builds leave their files
    second = again(published, users)
    folder = settings.OPEN_DATA_DIR / second.key / f"v{second.version}"
    (folder / files.zip_name(second)).mkdir(parents=True)  # the last file saved cannot take its name
    with pytest.raises(IsADirectoryError):
        files.build(second.pk)
    assert [p.name for p in folder.iterdir()] == [files.zip_name(second)]  # the files saved before were deleted
    second.refresh_from_db()
    assert second.files_ready_at is None and not second.files.exists()


def test_the_iati_activities_are_split_into_valid_files_of_at_most_n_each_listed_everywhere(
    published, users, settings, anonymous
):
    settings.OPEN_DATA_IATI_ACTIVITIES_PER_FILE = 3
    second = again(published, users)
    files.build(second.pk)
    made = stored(second)
    parts = sorted(name for name in made if name.endswith(".xml"))
    codes = list(second.projects.order_by("code").values_list("code", flat=True))
    assert len(parts) == -(-len(codes) // 3) > 2
    assert parts[0] == f"iati-activities-{second.key}-v{second.version}-001.xml"
    schema = etree.XMLSchema(etree.parse(str(IATI_XSD)))
    identifiers = []
    for name in parts:
        document = etree.fromstring(made[name])
        assert schema.validate(document), (name, schema.error_log)
        found = [a.findtext("iati-identifier") for a in document.findall("iati-activity")]
        assert 1 <= len(found) <= 3
        identifiers += found
    assert identifiers == [f"{settings.OPEN_DATA['iati_org_ref']}-{code}" for code in codes]  # each once, in order
    package = json.loads(made[files.PACKAGE])
    assert [r["path"] for r in package["resources"] if r["format"] == "xml"] == parts
    with zipfile.ZipFile(files.storage().open(f"{second.key}/v{second.version}/{files.zip_name(second)}")) as archive:
        assert set(parts) <= set(archive.namelist())
    page = anonymous.get(reverse("open_period_version", args=[second.key, second.version])).content.decode()
    api = anonymous.get(f"/api/open/v1/publications/{second.key}/", {"version": second.version}).json()
    for name in parts:
        assert reverse("open_file", args=[second.key, second.version, name]) in page
        assert name in {f["name"] for f in api["files"]}


def test_a_publication_of_no_project_has_no_activities_file(users):
    """IATI's schema wants at least one activity in a file: with none, there is no file (and the package, the ZIP
    and the tables are made all the same)."""
    publication = Publication.objects.create(period=timezone.localdate().replace(day=1), version=1, ratings=False,
                                             published_at=timezone.now(), summary=EMPTY_SUMMARY)  # fmt: skip
    files.build(publication.pk)
    made = stored(publication)
    assert not [n for n in made if n.endswith(".xml")] and "projects.csv" in made
    assert set(made) == expected_names(publication)


EMPTY_SUMMARY = {"projects": 0, "withheld": 0, "by_area": {}, "by_phase": {}, "average_progress": None,
                 "milestones_done": 0, "milestones": 0, "indicators": 0, "barriers": []}  # fmt: skip


# -- on an object store ------------------------------------------------------------------------------------------


@pytest.fixture
def bucket(object_store, store_bucket, settings):
    """The open-data storage on the object store; the bucket emptied after the test."""
    settings.STORAGES = {**settings.STORAGES, "opendata": opendata_storage(object_store[0])}
    return store_bucket


def test_on_an_object_store_the_files_are_kept_under_opendata_and_downloaded_as_a_stream(
    published, users, settings, bucket, anonymous, tmp_path
):
    settings.OPEN_DATA_DIR = tmp_path / "here"
    second = again(published, users)
    files.build(second.pk)
    names = set(second.files.values_list("name", flat=True))
    assert {o.key for o in bucket.objects.all()} == {f"opendata/{second.key}/v{second.version}/{n}" for n in names}
    assert not settings.OPEN_DATA_DIR.exists()
    name = files.iati_name(second, 1)
    response = anonymous.get(reverse("open_file", args=[second.key, second.version, name]))
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content)
    assert body == bucket.Object(f"opendata/{second.key}/v{second.version}/{name}").get()["Body"].read()
    assert hashlib.sha256(body).hexdigest() == second.files.get(name=name).sha256


def test_the_storage_url_keeps_open_data_under_its_own_prefix():
    options = opendata_storage("s3://key:secret@minio.internal:9000/alliance?region=ap-northeast-2")["OPTIONS"]
    assert (options["bucket_name"], options["location"], options["file_overwrite"]) == ("alliance", "opendata", True)
    assert 0 < options["max_memory_size"] <= 2**21  # a file read back spills to disk past 2 MB, never whole in memory
    assert opendata_storage("")["OPTIONS"]["folder_setting"] == "OPEN_DATA_DIR"


# -- the migration ----------------------------------------------------------------------------------------------


def test_the_migration_moves_the_files_kept_in_postgresql_into_the_storage_and_drops_the_column(
    published, settings, tmp_path, monkeypatch
):
    """Back to 0003 (the bytes in the ``content`` column, as before this change), then forward into an empty
    storage folder, in slices smaller than the files."""
    before = stored(published)
    MigrationExecutor(connection).migrate([("opendata", "0003_frozen_inserts_and_truncate")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, content FROM opendata_publicationfile WHERE publication_id = %s", [published.pk])
        assert {name: bytes(data) for name, data in cursor.fetchall()} == before
    settings.OPEN_DATA_DIR = tmp_path / "moved"
    monkeypatch.setattr(MOVE, "SLICE", 4096)
    assert max(len(data) for data in before.values()) > 4096
    MigrationExecutor(connection).migrate([("opendata", "0004_files_in_storage")])
    assert "content" not in columns("opendata_publicationfile")
    moved = tmp_path / "moved" / published.key / f"v{published.version}"
    assert {p.name: p.read_bytes() for p in moved.iterdir()} == before


def test_the_migration_refuses_a_file_whose_bytes_do_not_match_its_checksum(published, settings, tmp_path):
    MigrationExecutor(connection).migrate([("opendata", "0003_frozen_inserts_and_truncate")])
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE opendata_publicationfile DISABLE TRIGGER opendata_publicationfile_frozen")
        cursor.execute(
            "UPDATE opendata_publicationfile SET content = content || 'x'::bytea WHERE name = 'projects.csv'"
        )
        cursor.execute("ALTER TABLE opendata_publicationfile ENABLE TRIGGER opendata_publicationfile_frozen")
    settings.OPEN_DATA_DIR = tmp_path / "moved"
    with pytest.raises(ValueError, match=r"projects\.csv"):
        MigrationExecutor(connection).migrate([("opendata", "0004_files_in_storage")])


# -- memory --------------------------------------------------------------------------------------------------------


def peak_of_building(published, projects: int) -> int:
    """tracemalloc's peak while building a publication of ``projects`` projects (the demo's records, renamed),
    ``files.CHUNK`` records read at a time."""
    records = list(published.projects.values_list("record", flat=True))
    publication = Publication.objects.create(period=published.period.replace(year=2000), version=projects,
                                             note="memory", ratings=True, published_at=published.published_at,
                                             summary=published.summary)  # fmt: skip
    rows = []
    for n in range(projects):
        record = json.loads(json.dumps(records[n % len(records)]))
        record["project"]["code"] = code = f"P{n:06d}"
        rows.append(PublishedProject(publication=publication, code=code, area=record["project"]["area"], record=record))
    PublishedProject.objects.bulk_create(rows, batch_size=500)
    del rows, records
    tracemalloc.start()
    try:
        files.build(publication.pk)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_memory_of_building_a_publication_does_not_grow_with_its_projects(published, monkeypatch):
    """Four times the projects, about the same peak: files go to the disk as they are written, and records are read
    a chunk at a time (50 here, so both sizes are many chunks: while one is fetched the last is still held)."""
    monkeypatch.setattr(files, "CHUNK", 50)
    small, large = peak_of_building(published, 300), peak_of_building(published, 1200)
    assert large < 1.5 * small, (small, large)
