from celery import current_app
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core import periods
from reports.tasks import JOB_UNITS, TASKS, queue_job


class Command(BaseCommand):
    help = (
        "Run a report job: queue it for the Celery worker, or with --sync run it here and now. Without --period "
        "it covers what the schedule would: today (snapshot, overdue, reminders), last week (weekly), last month "
        "(monthly)."
    )

    def add_arguments(self, parser):
        parser.add_argument("job", choices=sorted(TASKS))
        parser.add_argument(
            "--period", help="2026-11-27 (snapshot, overdue, reminders), 2026-W48 (weekly), 2026-11 (monthly)"
        )
        parser.add_argument("--sync", action="store_true", help="run in this process instead of queueing it")

    def handle(self, *args, job, period, sync, **options):
        try:
            chosen = periods.chosen(JOB_UNITS[job], period, timezone.localdate())
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        if sync:
            current_app.conf.task_always_eager = True  # and so are the tasks a job queues (monthly's per project)
            result = TASKS[job].apply(kwargs={"period": chosen.key})
            if result.failed():
                raise CommandError(f"{job} {chosen.key} failed: {result.result!r}")
            self.stdout.write(f"{job} {chosen.key}: {result.result}")
            return
        with transaction.atomic():
            run = queue_job(job, chosen)
        self.stdout.write(f"{job} {chosen.key} queued as run {run.pk} (task {run.task_id})")
