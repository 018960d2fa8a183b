"""A publication's files leave PostgreSQL for the open-data storage (``STORAGES["opendata"]``: ``OPEN_DATA_DIR``, or
the ``STORAGE_URL`` bucket under ``opendata/``), and the ``content`` column goes.

A migration rather than a command (the reports' ``move_report_files``): those files were on one machine's disk, so
the command had to run there; these bytes are in the database every release's migration reaches, and the column
can only go once they are out. Each file is read in slices of ``SLICE`` bytes (``substring`` of the ``bytea``) into
a temporary file, its SHA-256 checked against the row's, then saved: memory stays flat whatever the file's size. A
migration that stops halfway is run again (saving replaces a file). Backwards, the bytes go back into the column
(slice by slice; the frozen-file trigger is set aside for it), for files up to PostgreSQL's 1 GB."""

import hashlib
import tempfile

from django.core.files import File
from django.core.files.storage import storages
from django.db import migrations, models

from core.rows import streamed

SLICE = 8 * 1024 * 1024


def _stored_name(publication, name: str) -> str:  # as opendata.models.stored_name names it
    return f"{publication.period.strftime('%Y-%m')}/v{publication.version}/{name}"


def to_storage(apps, schema_editor):
    PublicationFile = apps.get_model("opendata", "PublicationFile")
    store = storages["opendata"]
    rows = PublicationFile.objects.select_related("publication").only(
        "pk", "name", "size", "sha256", "publication__period", "publication__version"
    )
    with schema_editor.connection.cursor() as cursor:
        for row in streamed(rows.order_by("pk"), chunk_size=100):
            name = _stored_name(row.publication, row.name)
            digest = hashlib.sha256()
            with tempfile.TemporaryFile() as copy:
                for start in range(1, row.size + 1, SLICE):
                    cursor.execute(
                        "SELECT substring(content FROM %s FOR %s) FROM opendata_publicationfile WHERE id = %s",
                        [start, SLICE, row.pk],
                    )
                    piece = bytes(cursor.fetchone()[0])
                    digest.update(piece)
                    copy.write(piece)
                if copy.tell() != row.size or digest.hexdigest() != row.sha256:
                    raise ValueError(f"{name}: its bytes in the database do not match its size and SHA-256")
                copy.seek(0)
                saved = store.save(name, File(copy, name=row.name))
            if saved != name or store.size(name) != row.size:
                raise OSError(f"{name}: the open-data storage did not keep it whole under its name")


def to_database(apps, schema_editor):
    PublicationFile = apps.get_model("opendata", "PublicationFile")
    store = storages["opendata"]
    rows = PublicationFile.objects.select_related("publication").only(
        "pk", "name", "publication__period", "publication__version"
    )
    with schema_editor.connection.cursor() as cursor:
        # The foreign keys' checks of the updates run at once, so no event is pending when the trigger comes back.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE opendata_publicationfile DISABLE TRIGGER opendata_publicationfile_frozen")
        for row in streamed(rows.order_by("pk"), chunk_size=100):
            with store.open(_stored_name(row.publication, row.name), "rb") as file:
                cursor.execute("UPDATE opendata_publicationfile SET content = '' WHERE id = %s", [row.pk])
                while piece := file.read(SLICE):
                    cursor.execute(
                        "UPDATE opendata_publicationfile SET content = content || %s WHERE id = %s", [piece, row.pk]
                    )
        cursor.execute("ALTER TABLE opendata_publicationfile ENABLE TRIGGER opendata_publicationfile_frozen")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):
    dependencies = [("opendata", "0003_frozen_inserts_and_truncate")]

    operations = [
        migrations.RunPython(to_storage, to_database),
        # Backwards, the column comes back empty on every row (then filled): a default it needs only for that.
        migrations.AlterField("publicationfile", "content", models.BinaryField(verbose_name="content", default=b"")),
        migrations.RemoveField("publicationfile", "content"),
    ]
