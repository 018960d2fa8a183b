"""A publication's downloads, built once by the ``opendata.build_files`` job: one CSV per table (UTF-8), the
Frictionless Data Package describing them (``datapackage.json``: Table Schema types, primary and foreign keys,
licence, version, period), a ZIP of the lot, and the IATI 2.03 activities XML."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.rows import streamed
from core.spreadsheets import csv_text
from opendata import iati
from opendata.models import Publication, PublicationFile
from opendata.tables import Column, Table, summary_rows, tables

CSV, JSON, ZIP, XML = "text/csv", "application/json", "application/zip", "application/xml"
PACKAGE = "datapackage.json"


def zip_name(publication: Publication) -> str:
    return f"industrial-ai-alliance-{publication.key}-v{publication.version}.zip"


def iati_name(publication: Publication) -> str:
    return f"iati-activities-{publication.key}-v{publication.version}.xml"


def _records(publication: Publication):
    return (p.record for p in streamed(publication.projects.order_by("code"), chunk_size=500))


def _typed(column: Column, value):
    """A number column's value as a number (records keep decimals as text), so the one spreadsheet writer
    (``core.spreadsheets``) marks formula-like text and leaves a negative number alone."""
    if isinstance(value, str) and value and column.type in ("number", "integer"):
        return Decimal(value)
    return value


def table_csv(publication: Publication, table: Table) -> bytes:
    rows = (
        (row for record in _records(publication) for row in table.rows(record))
        if table.rows
        else summary_rows(table, publication.summary)
    )
    header = [c.name for c in table.columns]
    typed = ([_typed(c, row.get(c.name)) for c in table.columns] for row in rows)
    return csv_text(header, typed).encode()


def package(publication: Publication) -> dict:
    """The Data Package descriptor (Frictionless Data, v1)."""
    licence = settings.OPEN_DATA["licence"]
    return {
        "profile": "tabular-data-package",
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
        ],
    }


def contents(publication: Publication) -> dict[str, tuple[str, bytes]]:
    """Every download of ``publication``: name -> (media type, bytes)."""
    made = {f"{t.name}.csv": (CSV, table_csv(publication, t)) for t in tables(publication.ratings)}
    made[PACKAGE] = (JSON, json.dumps(package(publication), ensure_ascii=False, indent=2).encode())
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (_type, data) in made.items():
            archive.writestr(name, data)
    made[zip_name(publication)] = (ZIP, bundle.getvalue())
    xml = b"".join(iati.activities(_records(publication), publication.published_at))
    made[iati_name(publication)] = (XML, xml)
    return made


def build(publication_id: int) -> bool:
    """Build and store the publication's files unless they are there; True if this call built them. Exactly once:
    the publication's row is locked while building, and a second caller finds ``files_ready_at`` set (a publication
    that no longer exists, as in a database restored since, is nothing to build)."""
    with transaction.atomic():
        publication = Publication.objects.select_for_update().filter(pk=publication_id).first()
        if publication is None or publication.files_ready_at:
            return False
        PublicationFile.objects.bulk_create(
            PublicationFile(
                publication=publication,
                name=name,
                media_type=media_type,
                content=data,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
            for name, (media_type, data) in contents(publication).items()
        )
        publication.files_ready_at = timezone.now()
        publication.save(update_fields=["files_ready_at"])
    return True
