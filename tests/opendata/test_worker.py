"""A publication's files built by a real ``celery worker`` through the broker, the build delivered twice (as a
redelivery after a lost acknowledgement would): built once, complete."""

import uuid

import pytest

from members.models import User
from opendata import services
from opendata.models import Publication, PublicationFile
from opendata.tasks import build_files
from tests.demo_copy import load_demo
from tests.opendata.stored import expected_names
from tests.processes import Worker, wait_until

pytestmark = pytest.mark.services


@pytest.mark.django_db(transaction=True)
def test_a_worker_builds_the_files_once_though_asked_twice(worker_env, tmp_path):
    load_demo()
    published = Publication.objects.get()  # the demo's
    publication = services.publish(published.period, User.objects.get(username="ministry"), ratings=True, note="again")
    assert publication.files_ready_at is None
    queue, log = f"test-{uuid.uuid4().hex[:8]}", tmp_path / "worker.log"
    worker = Worker(worker_env, queue, "alliance_portal", log)
    try:
        results = [build_files.apply_async(args=(publication.pk,), queue=queue) for _ in range(2)]
        wait_until(lambda: all(r.ready() for r in results), 120, "both deliveries to finish", log)
        outcomes = [r.get(timeout=5) for r in results]
    finally:
        worker.stop()
    publication.refresh_from_db()
    assert sorted(outcomes) == [False, True]  # one built, the other found them built
    assert publication.files_ready_at is not None
    stored = set(PublicationFile.objects.filter(publication=publication).values_list("name", flat=True))
    assert stored == expected_names(publication)
