"""A publication's summary is counted while its records stream into it, so the transaction that creates the row sets
the summary last: the freeze trigger lets that one transaction (and only it) change ``summary``; ``files_ready_at``
is still set once, by anyone, and nothing else ever changes."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION opendata_publication_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.files_ready_at IS NULL
       AND (to_jsonb(NEW) - 'files_ready_at') = (to_jsonb(OLD) - 'files_ready_at') THEN
        RETURN NEW;  -- the files built: set once
    END IF;
    IF TG_OP = 'UPDATE' AND opendata_written_by_this_transaction(OLD.xmin)
       AND (to_jsonb(NEW) - 'summary') = (to_jsonb(OLD) - 'summary') THEN
        RETURN NEW;  -- the summary, counted by the transaction that is creating the publication
    END IF;
    RAISE EXCEPTION 'published open data is never changed (% of publication %)', TG_OP, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
"""
PREVIOUS = """
CREATE OR REPLACE FUNCTION opendata_publication_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.files_ready_at IS NULL
       AND (to_jsonb(NEW) - 'files_ready_at') = (to_jsonb(OLD) - 'files_ready_at') THEN
        RETURN NEW;  -- the files built: set once
    END IF;
    RAISE EXCEPTION 'published open data is never changed (% of publication %)', TG_OP, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("opendata", "0004_files_in_storage")]

    operations = [migrations.RunSQL(FUNCTION, PREVIOUS)]
