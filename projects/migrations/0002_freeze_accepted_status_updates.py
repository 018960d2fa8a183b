"""Accepted status updates are history: the database refuses to change them, whoever asks."""

from django.db import migrations

FREEZE = """
CREATE FUNCTION projects_statusupdate_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'status update % is accepted and cannot be changed; submit a new update instead', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER statusupdate_accepted_is_frozen
    BEFORE UPDATE ON projects_statusupdate
    FOR EACH ROW WHEN (OLD.state = 'accepted')
    EXECUTE FUNCTION projects_statusupdate_frozen();
"""

THAW = """
DROP TRIGGER statusupdate_accepted_is_frozen ON projects_statusupdate;
DROP FUNCTION projects_statusupdate_frozen();
"""


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunSQL(FREEZE, THAW)]
