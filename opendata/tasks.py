"""Open-data jobs: build a publication's files (queued after publishing), and the daily sweep that builds what a
broker outage left unbuilt and, where ``OPEN_DATA_PUBLISH_DAYS_AFTER_REVIEW`` is set, publishes the last reviewed month
on its own."""

from __future__ import annotations

from celery import shared_task

from core import broker


def queue_build(publication_id: int) -> None:
    """Hand the build to the broker; with the broker down it is left to the daily sweep (the publication stands)."""
    broker.send(build_files, publication_id, left_to="the open-data daily job")


@shared_task(name="opendata.build_files", acks_late=True, reject_on_worker_lost=True)
def build_files(publication_id: int) -> bool:
    from opendata import files

    return files.build(publication_id)


@shared_task(name="opendata.daily")
def daily() -> dict:
    from django.utils import timezone

    from opendata import files, services
    from opendata.models import Publication

    built = [pk for pk in Publication.objects.filter(files_ready_at=None).values_list("pk", flat=True)
             if files.build(pk)]  # fmt: skip
    published = services.publish_due(timezone.localdate())
    return {"built": built, "published": published.key if published else None}
