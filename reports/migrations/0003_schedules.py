"""The jobs' schedules, in Asia/Seoul time, as django-celery-beat periodic tasks: ministry administrators change
them in the admin; beat reads them from the database."""

from django.db import migrations

# name: (task, minute, hour, day of week, day of month)
SCHEDULES = {
    "Mark overdue milestones": ("reports.overdue", "5", "0", "*", "*"),
    "Daily project snapshot": ("reports.snapshot", "0", "1", "*", "*"),
    "Status update reminders": ("reports.reminders", "0", "9", "*", "*"),
    "Weekly portfolio report": ("reports.weekly", "0", "7", "1", "*"),
    "Monthly project reports": ("reports.monthly", "0", "6", "*", "2"),
}


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (task, minute, hour, day_of_week, day_of_month) in SCHEDULES.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=day_of_week,
            day_of_month=day_of_month,
            month_of_year="*",
            timezone="Asia/Seoul",
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_snapshots_are_never_edited"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
