"""One trigger function for "accepted is frozen": each reviewed kind's migration installs it on its table
(``core.reviewed.freeze_sql``)."""

from django.db import migrations

FUNCTION = """
CREATE FUNCTION core_accepted_is_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% % is accepted and cannot be changed', TG_TABLE_NAME, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [migrations.RunSQL(FUNCTION, "DROP FUNCTION core_accepted_is_frozen();")]
