"""A publication is frozen: its projects and files are never changed or removed, and of the publication itself only
``files_ready_at`` is set, once. The daily open-data job's beat schedule (06:30 Asia/Seoul)."""

from django.db import migrations

DAILY = "Open data: build missing files, scheduled publication"

FROZEN = """
CREATE FUNCTION opendata_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'published open data is never changed (% of %, row %)', TG_OP, TG_TABLE_NAME, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE FUNCTION opendata_publication_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.files_ready_at IS NULL
       AND (to_jsonb(NEW) - 'files_ready_at') = (to_jsonb(OLD) - 'files_ready_at') THEN
        RETURN NEW;  -- the files built: set once
    END IF;
    RAISE EXCEPTION 'published open data is never changed (% of publication %)', TG_OP, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER opendata_publication_frozen BEFORE UPDATE OR DELETE ON opendata_publication
    FOR EACH ROW EXECUTE FUNCTION opendata_publication_frozen();
CREATE TRIGGER opendata_publishedproject_frozen BEFORE UPDATE OR DELETE ON opendata_publishedproject
    FOR EACH ROW EXECUTE FUNCTION opendata_frozen();
CREATE TRIGGER opendata_publicationfile_frozen BEFORE UPDATE OR DELETE ON opendata_publicationfile
    FOR EACH ROW EXECUTE FUNCTION opendata_frozen();
"""
THAW = """
DROP TRIGGER opendata_publication_frozen ON opendata_publication;
DROP TRIGGER opendata_publishedproject_frozen ON opendata_publishedproject;
DROP TRIGGER opendata_publicationfile_frozen ON opendata_publicationfile;
DROP FUNCTION opendata_frozen();
DROP FUNCTION opendata_publication_frozen();
"""


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="6", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Seoul"
    )
    apps.get_model("django_celery_beat", "PeriodicTask").objects.get_or_create(
        name=DAILY, defaults={"task": "opendata.daily", "crontab": daily}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=DAILY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("opendata", "0001_publications"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunSQL(FROZEN, THAW), migrations.RunPython(schedule, unschedule)]
