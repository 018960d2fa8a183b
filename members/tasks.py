"""The members' scheduled work: every night, deactivate the people whose company account is gone (members/sso.py)."""

from celery import shared_task


@shared_task(name="members.deactivate_people_who_left", acks_late=True)
def deactivate_people_who_left() -> int:
    from members import sso

    return sso.deactivate_people_who_left()
