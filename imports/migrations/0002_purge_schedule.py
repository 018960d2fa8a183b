from django.db import migrations

PURGE = "Delete expired import previews"


def schedule_purge(apps, schema_editor):
    """Every hour, on the hour's 17th minute (imports.tasks)."""
    hourly, _ = apps.get_model("django_celery_beat", "CrontabSchedule").objects.get_or_create(
        minute="17", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Seoul"
    )
    apps.get_model("django_celery_beat", "PeriodicTask").objects.get_or_create(
        name=PURGE, defaults={"task": "imports.purge_expired_previews", "crontab": hourly}
    )


def unschedule_purge(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=PURGE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_import_previews"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule_purge, unschedule_purge)]
