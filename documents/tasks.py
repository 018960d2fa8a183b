from celery import shared_task
from django.utils import timezone


@shared_task(name="documents.purge")
def purge() -> list[int]:
    """Nightly (beat): forget documents deleted over ``DOCUMENT_RESTORE_DAYS`` ago and blobs nothing names."""
    from documents import services

    return list(services.purge(timezone.now()))
