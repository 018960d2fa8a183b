"""Approved minutes are frozen by core's one trigger (``core.reviewed.freeze_sql``), deletes refused too."""

from django.db import migrations

from core.reviewed import freeze_sql


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_groups_meetings_minutes"), ("core", "0001_accepted_is_frozen")]

    operations = [migrations.RunSQL(*freeze_sql("groups_minutes", "groups_minutes_frozen", deletes=True))]
