"""A publication's downloads, built once by the ``opendata.build_files`` job: one CSV per table (UTF-8), the IATI
2.03 activities XML in parts of at most ``OPEN_DATA_IATI_ACTIVITIES_PER_FILE`` activities (IATI lets a publisher
spread its activities over several files), the Frictionless Data Package describing them all (``datapackage.json``:
Table Schema types, primary and foreign keys, licence, version, period, each file's size and SHA-256), and a ZIP of
the lot.

Built streaming: each file is written into a temporary folder a row or an activity at a time, then saved to the
open-data storage (``STORAGES["opendata"]``); no file is ever whole in memory or in PostgreSQL, whatever the
portfolio's size."""

from __future__ import annotations

import hashlib
import itertools
import json
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.links import absolute_url
from core.rows import streamed
from core.spreadsheets import csv_lines
from opendata import iati
from opendata.models import Publication, PublicationFile, stored_name
from opendata.tables import Column, Table, summary_rows, tables

CSV, JSON, ZIP, XML = "text/csv", "application/json", "application/zip", "application/xml"
PACKAGE = "datapackage.json"
CHUNK = 500  # records read at a time


def storage() -> Storage:
    return storages["opendata"]


def zip_name(publication: Publication) -> str:
    return f"industrial-ai-alliance-{publication.key}-v{publication.version}.zip"


def iati_name(publication: Publication, part: int) -> str:
    """The ``part``-th IATI activities file (from 1; three digits, so the names sort in order)."""
    return f"iati-activities-{publication.key}-v{publication.version}-{part:03d}.xml"


def _records(publication: Publication):
    return (p.record for p in streamed(publication.projects.order_by("code"), chunk_size=CHUNK))


def _typed(column: Column, value):
    """A number column's value as a number (records keep decimals as text), so the one spreadsheet writer
    (``core.spreadsheets``) marks formula-like text and leaves a negative number alone."""
    if isinstance(value, str) and value and column.type in ("number", "integer"):
        return Decimal(value)
    return value


def table_lines(publication: Publication, table: Table) -> Iterator[str]:
    """The CSV file of ``table``, line by line."""
    rows = (
        (row for record in _records(publication) for row in table.rows(record))
        if table.rows
        else summary_rows(table, publication.summary)
    )
    header = [c.name for c in table.columns]
    typed = ([_typed(c, row.get(c.name)) for c in table.columns] for row in rows)
    return csv_lines(header, typed)


@dataclass(frozen=True)
class Made:
    """A file built in the temporary folder: its name, media type, where it is, its size and SHA-256."""

    name: str
    media_type: str
    path: Path
    size: int
    sha256: str


def package(publication: Publication, made: Iterable[Made]) -> dict:
    """The Data Package descriptor (Frictionless Data, v1): the tables, then the IATI parts among ``made`` (each
    file with its size and SHA-256, which a validator checks)."""
    built = {file.name: file for file in made}

    def integrity(path: str) -> dict:
        return {"bytes": built[path].size, "hash": f"sha256:{built[path].sha256}"}

    licence = settings.OPEN_DATA["licence"]
    return {
        "profile": "data-package",  # tables and XML: a tabular data package holds tables only
        "name": f"industrial-ai-alliance-{publication.key}",
        "title": f"Industrial AI Alliance projects, {publication.key}",
        "description": publication.note or "Monthly publication of the Industrial AI Alliance's open-data projects.",
        "version": f"{publication.version}.0.0",
        "created": publication.published_at.isoformat(),
        "period": publication.key,
        "licenses": [{"name": licence["name"], "title": licence["title_en"], "path": licence["url"]}],
        "publisher": settings.OPEN_DATA["publisher"]["en"],
        "resources": [
            {
                "name": table.name,
                "title": table.title,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": CSV,
                "encoding": "utf-8",
                **integrity(f"{table.name}.csv"),
                "schema": {
                    "fields": [
                        {"name": c.name, "type": c.type, **({"constraints": {"required": True}} if c.required else {})}
                        for c in table.columns
                    ],
                    "primaryKey": table.primary_key,
                    "foreignKeys": [
                        {"fields": mine, "reference": {"resource": resource, "fields": theirs}}
                        for mine, resource, theirs in table.foreign_keys
                    ],
                },
            }
            for table in tables(publication.ratings)
        ]
        + [
            {
                "name": file.name.removesuffix(".xml"),
                "title": f"IATI 2.03 activities, part {part}",
                "path": file.name,
                "profile": "data-resource",
                "format": "xml",
                "mediatype": XML,
                "encoding": "utf-8",
                **integrity(file.name),
            }
            for part, file in enumerate((file for file in built.values() if file.media_type == XML), 1)
        ],
    }


def _parts(records: Iterable[dict], size: int) -> Iterator[Iterator[dict]]:
    """``records`` in runs of at most ``size``, each read lazily (consume a run before asking for the next); none
    when there are no records (IATI's schema wants at least one activity in a file)."""
    records = iter(records)
    while (first := next(records, None)) is not None:
        yield itertools.chain([first], itertools.islice(records, size - 1))


def _write(folder: Path, name: str, media_type: str, pieces: Iterable[str | bytes]) -> Made:
    """``pieces`` written one after the other into ``folder/name``, counted and hashed on the way."""
    path, digest, size = folder / name, hashlib.sha256(), 0
    with path.open("wb") as file:
        for piece in pieces:
            data = piece.encode() if isinstance(piece, str) else piece
            digest.update(data)
            size += len(data)
            file.write(data)
    return Made(name, media_type, path, size, digest.hexdigest())


def _zip(folder: Path, name: str, made: list[Made]) -> Made:
    with zipfile.ZipFile(folder / name, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in made:
            archive.write(file.path, file.name)  # read from the disk in small blocks
    digest = hashlib.sha256()
    with (folder / name).open("rb") as file:
        while block := file.read(1024 * 1024):
            digest.update(block)
    return Made(name, ZIP, folder / name, (folder / name).stat().st_size, digest.hexdigest())


def write(publication: Publication, folder: Path) -> list[Made]:
    """Every download of ``publication``, written into ``folder``: the tables, the IATI parts, the package, the
    ZIP."""
    made = [
        _write(folder, f"{table.name}.csv", CSV, table_lines(publication, table))
        for table in tables(publication.ratings)
    ]
    per_file = settings.OPEN_DATA_IATI_ACTIVITIES_PER_FILE
    results_url = absolute_url(reverse("open_file", args=[publication.key, publication.version, "results.csv"]))
    for part, records in enumerate(_parts(_records(publication), per_file), 1):
        activities = iati.activities(records, publication.published_at, results_url)
        made.append(_write(folder, iati_name(publication, part), XML, activities))
    descriptor = json.dumps(package(publication, made), ensure_ascii=False, indent=2)
    made.append(_write(folder, PACKAGE, JSON, [descriptor]))
    made.append(_zip(folder, zip_name(publication), made))
    return made


def build(publication_id: int) -> bool:
    """Build and store the publication's files unless they are there; True if this call built them. Exactly once:
    the publication's row is locked while building, and a second caller finds ``files_ready_at`` set (a publication
    that no longer exists, as in a database restored since, is nothing to build). A build that fails removes what
    it had saved to the storage."""
    with transaction.atomic():
        publication = Publication.objects.select_for_update().filter(pk=publication_id).first()
        if publication is None or publication.files_ready_at:
            return False
        store, saved = storage(), []
        try:
            with tempfile.TemporaryDirectory(prefix="opendata-") as folder:
                made = write(publication, Path(folder))
                for file in made:
                    name = stored_name(publication, file.name)
                    with file.path.open("rb") as content:
                        saved.append(store.save(name, File(content, name=file.name)))
                    if saved[-1] != name:
                        raise OSError(f"the open-data storage kept {name} as {saved[-1]}")
                    file.path.unlink()  # the temporary folder never holds more than what is left to save
            PublicationFile.objects.bulk_create(
                PublicationFile(publication=publication, name=file.name, media_type=file.media_type,
                                size=file.size, sha256=file.sha256)
                for file in made
            )  # fmt: skip
            publication.files_ready_at = timezone.now()
            publication.save(update_fields=["files_ready_at"])
        except BaseException:
            for name in saved:
                store.delete(name)
            raise
    return True
