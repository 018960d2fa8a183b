"""Where generated and uploaded files live, from ``STORAGE_URL``: ``settings.STORAGES["documents"]`` for documents,
``settings.STORAGES["reports"]`` for the report files the jobs write.

Unset: files on this machine, in folders no web server serves (every download goes through the portal's access
checks) — documents under ``DATA_DIR/media``, reports under ``REPORTS_DIR`` (``DATA_DIR/reports``). Several web
machines need a store they share: an S3-compatible object store, named as
``s3://ACCESS_KEY:SECRET_KEY@host[:port]/bucket?region=ap-northeast-2`` (https), or ``s3+http://…`` for a store on
a private network without TLS (MinIO, Ceph). Documents and reports share the bucket, under the key prefixes
``documents/`` and ``reports/``. Without a key in the URL, boto3 finds credentials as usual
(``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, an instance role).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property

SCHEMES = {"s3": "https", "s3+https": "https", "s3+http": "http"}
REPORTS_PREFIX = "reports"


def _object_store(url: str, **extra) -> dict:
    """The ``STORAGES`` entry for the bucket ``url`` names (``ImproperlyConfigured`` if it names none)."""
    parts = urlsplit(url)
    bucket = parts.path.strip("/")
    if parts.scheme not in SCHEMES or not parts.hostname or not bucket or "/" in bucket:
        raise ImproperlyConfigured("STORAGE_URL must look like s3://KEY:SECRET@host[:port]/bucket (or s3+http://).")
    options = {
        "bucket_name": bucket,
        "endpoint_url": f"{SCHEMES[parts.scheme]}://{parts.hostname}{f':{parts.port}' if parts.port else ''}",
        "region_name": parse_qs(parts.query).get("region", [None])[0],
        "default_acl": None,  # the bucket's own (private); files are fetched by the portal, never linked to
        "file_overwrite": False,
        "querystring_auth": True,
        **extra,
    }
    if parts.username:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password or "")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def documents_storage(url: str, data_dir: Path) -> dict:
    """The ``STORAGES`` entry for documents from ``STORAGE_URL`` (empty: the local folder)."""
    if not url:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(data_dir / "media"), "base_url": None, "file_permissions_mode": 0o600},
        }
    return _object_store(url)


def reports_storage(url: str) -> dict:
    """The ``STORAGES`` entry for report files from ``STORAGE_URL`` (empty: the folder ``REPORTS_DIR``).

    A report's files keep their names when it is rebuilt (a run that died left a *building* report), so saving
    replaces a file rather than choosing a new name.
    """
    if not url:
        return {"BACKEND": "alliance_portal.storage.ReportFileStorage", "OPTIONS": {"file_permissions_mode": 0o600}}
    return _object_store(url, location=REPORTS_PREFIX, file_overwrite=True)


class ReportFileStorage(FileSystemStorage):
    """Report files in the folder ``settings.REPORTS_DIR`` (unless given a ``location``), each saved whole: written
    to a temporary file beside its name, flushed to disk, then renamed over it — as an object store's upload
    appears only once complete, a reader never finds half a file under the name."""

    def __init__(self, location=None, file_permissions_mode=None, directory_permissions_mode=None):
        super().__init__(
            location=location,
            base_url=None,
            file_permissions_mode=file_permissions_mode,
            directory_permissions_mode=directory_permissions_mode,
            allow_overwrite=True,
        )

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.REPORTS_DIR)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "REPORTS_DIR":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in path.parent.glob(f".{path.name}.*.part"):  # of a process killed while saving
            leftover.unlink(missing_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as file:
                for chunk in content.chunks():
                    file.write(chunk)
                file.flush()
                os.fsync(file.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return path.relative_to(self.location).as_posix()
