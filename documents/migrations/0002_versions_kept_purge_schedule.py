"""A document's versions are never changed, and removed only with a document in the bin (the purge); the nightly
purge job's beat schedule (03:45 Asia/Seoul)."""

from django.db import migrations

PURGE = "Purge documents deleted over 30 days ago"

VERSIONS_KEPT = """
CREATE FUNCTION documents_version_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'document versions are never changed (document %, version %)', OLD.document_id, OLD.number
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM documents_document WHERE id = OLD.document_id AND deleted_at IS NULL) THEN
        RAISE EXCEPTION 'a version goes only with its deleted document (document %, version %)',
            OLD.document_id, OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER documents_version_kept BEFORE UPDATE OR DELETE ON documents_documentversion
    FOR EACH ROW EXECUTE FUNCTION documents_version_kept();
"""
DROP = "DROP TRIGGER documents_version_kept ON documents_documentversion; DROP FUNCTION documents_version_kept();"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="45", hour="3", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Seoul"
    )
    apps.get_model("django_celery_beat", "PeriodicTask").objects.get_or_create(
        name=PURGE, defaults={"task": "documents.purge", "crontab": nightly}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=PURGE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_documents_and_versions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunSQL(VERSIONS_KEPT, DROP), migrations.RunPython(schedule, unschedule)]
