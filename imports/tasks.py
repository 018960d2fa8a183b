"""The imports' scheduled work: every hour, the expired previews deleted (they hold the rows of uploaded files)."""

from celery import shared_task


@shared_task(name="imports.purge_expired_previews", acks_late=True)
def purge_expired_previews() -> int:
    from imports import services

    return services.purge_expired_previews()
