"""Documents on an S3-compatible object store, as a deployment with several web machines keeps them: moto's S3
server (``object_store`` in tests/conftest.py) stands in for MinIO or a cloud bucket, and the settings come from
``STORAGE_URL`` exactly as in production."""

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alliance_portal.storage import documents_storage
from documents import services
from tests.factories import PDF_BYTES, attached_document

pytestmark = pytest.mark.django_db


def test_documents_are_kept_served_and_purged_on_the_object_store(people, settings, tmp_path, object_store):
    url, endpoint = object_store
    settings.STORAGES = {**settings.STORAGES, "documents": documents_storage(url, tmp_path)}
    document = attached_document(people["project"], people["editor"], name="결과 보고서.pdf")
    blob = document.versions.get().blob
    bucket = boto3.resource(
        "s3", endpoint_url=endpoint, aws_access_key_id="portal", aws_secret_access_key="s3cret",
        region_name="ap-northeast-2",
    ).Bucket("alliance-documents")  # fmt: skip
    assert bucket.Object(blob).get()["Body"].read() == PDF_BYTES
    assert not any(tmp_path.iterdir())  # nothing on this machine's disk

    client = Client()
    client.force_login(people["viewer"])
    response = client.get(reverse("document_download", args=[document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES

    services.delete_document(document, people["editor"], expected_version=document.version)
    document.__class__.objects.filter(pk=document.pk).update(deleted_at=timezone.now() - timezone.timedelta(days=40))
    later = timezone.now() + services.ORPHAN_GRACE * 2
    assert services.purge(later)[0] == 1
    assert [o.key for o in bucket.objects.all()] == []


def test_the_storage_url_names_bucket_endpoint_region_and_keys(tmp_path):
    entry = documents_storage("s3://AKIA%2FX:se%2Fcret@minio.internal:9000/docs?region=ap-northeast-2", tmp_path)
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    assert entry["OPTIONS"] | {} == {
        "bucket_name": "docs", "endpoint_url": "https://minio.internal:9000", "region_name": "ap-northeast-2",
        "default_acl": None, "file_overwrite": False, "querystring_auth": True, "max_memory_size": 2 * 1024 * 1024,
        "access_key": "AKIA/X", "secret_key": "se/cret",
    }  # fmt: skip
    keyless = documents_storage("s3+http://store.local/docs", tmp_path)["OPTIONS"]
    assert keyless["endpoint_url"] == "http://store.local" and "access_key" not in keyless
    local = documents_storage("", tmp_path)
    assert local["OPTIONS"]["location"] == str(tmp_path / "media") and local["OPTIONS"]["base_url"] is None


@pytest.mark.parametrize("url", ["ftp://host/bucket", "s3://host/", "s3:///bucket", "s3://host/a/b"])
def test_a_storage_url_that_names_no_bucket_is_refused_at_start(url, tmp_path):
    with pytest.raises(ImproperlyConfigured):
        documents_storage(url, tmp_path)
