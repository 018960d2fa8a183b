"""Where generated and uploaded files live, from ``STORAGE_URL``: ``settings.STORAGES["documents"]`` for documents,
``settings.STORAGES["reports"]`` for the report files the jobs write, ``settings.STORAGES["opendata"]`` for the
files of open-data publications.

Unset: files on this machine, in folders no web server serves (every download goes through the portal's checks) —
documents under ``DATA_DIR/media``, reports under ``REPORTS_DIR`` (``DATA_DIR/reports``), open-data files under
``OPEN_DATA_DIR`` (``DATA_DIR/opendata``). Several web machines need a store they share: an S3-compatible object
store, named as ``s3://ACCESS_KEY:SECRET_KEY@host[:port]/bucket?region=ap-northeast-2`` (https), or ``s3+http://…``
for a store on a private network without TLS (MinIO, Ceph). Documents, reports and open data share the bucket, under
the key prefixes ``documents/``, ``reports/`` and ``opendata/``. Without a key in the URL, boto3 finds credentials as
usual (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, an instance role).
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
OPEN_DATA_PREFIX = "opendata"


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
        # A file opened for reading is fetched into a temporary file: in memory up to this size, then on disk (the
        # default, 0, keeps it all in memory — a large open-data ZIP whole in a web process).
        "max_memory_size": 2 * 1024 * 1024,
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
    return _generated_files(url, REPORTS_PREFIX, "REPORTS_DIR")


def opendata_storage(url: str) -> dict:
    """The ``STORAGES`` entry for open-data files from ``STORAGE_URL`` (empty: the folder ``OPEN_DATA_DIR``).

    A publication's files are named by its period and version; a build that died halfway left its publication
    unbuilt, and the next build replaces what it saved.
    """
    return _generated_files(url, OPEN_DATA_PREFIX, "OPEN_DATA_DIR")


def _generated_files(url: str, prefix: str, folder_setting: str) -> dict:
    if not url:
        return {
            "BACKEND": "alliance_portal.storage.GeneratedFileStorage",
            "OPTIONS": {"folder_setting": folder_setting, "file_permissions_mode": 0o600},
        }
    return _object_store(url, location=prefix, file_overwrite=True)


class GeneratedFileStorage(FileSystemStorage):
    """Files the jobs make, in the folder the setting ``folder_setting`` names (unless given a ``location``), each
    saved whole: written to a temporary file beside its name, flushed to disk, then renamed over it — as an object
    store's upload appears only once complete, a reader never finds half a file under the name."""

    def __init__(
        self, location=None, folder_setting="REPORTS_DIR", file_permissions_mode=None, directory_permissions_mode=None
    ):
        self.folder_setting = folder_setting
        super().__init__(
            location=location,
            base_url=None,
            file_permissions_mode=file_permissions_mode,
            directory_permissions_mode=directory_permissions_mode,
            allow_overwrite=True,
        )

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, getattr(settings, self.folder_setting))

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == self.folder_setting:
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
