"""Snapshots are history: the database refuses to change one, whoever asks."""

from django.db import migrations

FREEZE = """
CREATE FUNCTION reports_projectsnapshot_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'snapshot % is history and cannot be changed', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER projectsnapshot_is_frozen
    BEFORE UPDATE ON reports_projectsnapshot
    FOR EACH ROW EXECUTE FUNCTION reports_projectsnapshot_frozen();
"""

THAW = """
DROP TRIGGER projectsnapshot_is_frozen ON reports_projectsnapshot;
DROP FUNCTION reports_projectsnapshot_frozen();
"""


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunSQL(FREEZE, THAW)]
