"""Where documents' files live (``settings.STORAGES["documents"]``), from ``STORAGE_URL``.

Unset: files under ``DATA_DIR/media`` on this machine, which no web server serves (every download goes through
the portal's access checks). Several web machines need a store they share: an S3-compatible object store, named as
``s3://ACCESS_KEY:SECRET_KEY@host[:port]/bucket?region=ap-northeast-2`` (https), or ``s3+http://…`` for a store on
a private network without TLS (MinIO, Ceph). Without a key in the URL, boto3 finds credentials as usual
(``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, an instance role).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SCHEMES = {"s3": "https", "s3+https": "https", "s3+http": "http"}


def documents_storage(url: str, data_dir: Path) -> dict:
    """The ``STORAGES`` entry for documents from ``STORAGE_URL`` (empty: the local folder)."""
    if not url:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(data_dir / "media"), "base_url": None, "file_permissions_mode": 0o600},
        }
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
    }
    if parts.username:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password or "")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
