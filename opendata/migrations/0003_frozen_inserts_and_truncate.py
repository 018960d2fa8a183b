"""A published version is closed to additions too: its projects are inserted only by the transaction that wrote
the publication's row (the one creating it, or a restore copying it back), its files only until they are built
(``files_ready_at`` set) or by such a transaction, and none of the three tables is ever emptied with TRUNCATE (which fires no
row trigger). A connection started with ``-c opendata.allow_truncate=on`` may truncate: only the test suite's,
which empties every table between transactional tests."""

from django.db import migrations

FROZEN = """
CREATE FUNCTION opendata_written_by_this_transaction(row_xmin xid) RETURNS boolean LANGUAGE sql STABLE AS $$
    -- row_xmin as a full transaction id (this transaction's epoch), then whether it is this transaction (or one of
    -- its subtransactions): a row another transaction has not committed yet is never visible here.
    SELECT pg_xact_status((((pg_current_xact_id()::text::bigint >> 32) << 32)
                           | row_xmin::text::bigint)::text::xid8) = 'in progress'
$$;
CREATE FUNCTION opendata_project_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM opendata_publication p
               WHERE p.id = NEW.publication_id AND opendata_written_by_this_transaction(p.xmin)) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'published open data is never added to (a project of publication %)', NEW.publication_id
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE FUNCTION opendata_file_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM opendata_publication p WHERE p.id = NEW.publication_id
               AND (p.files_ready_at IS NULL OR opendata_written_by_this_transaction(p.xmin))) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'published open data is never added to (a file of publication %)', NEW.publication_id
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE FUNCTION opendata_not_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('opendata.allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'published open data is never emptied (TRUNCATE of %)', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER opendata_publishedproject_added BEFORE INSERT ON opendata_publishedproject
    FOR EACH ROW EXECUTE FUNCTION opendata_project_added();
CREATE TRIGGER opendata_publicationfile_added BEFORE INSERT ON opendata_publicationfile
    FOR EACH ROW EXECUTE FUNCTION opendata_file_added();
CREATE TRIGGER opendata_publication_not_emptied BEFORE TRUNCATE ON opendata_publication
    FOR EACH STATEMENT EXECUTE FUNCTION opendata_not_emptied();
CREATE TRIGGER opendata_publishedproject_not_emptied BEFORE TRUNCATE ON opendata_publishedproject
    FOR EACH STATEMENT EXECUTE FUNCTION opendata_not_emptied();
CREATE TRIGGER opendata_publicationfile_not_emptied BEFORE TRUNCATE ON opendata_publicationfile
    FOR EACH STATEMENT EXECUTE FUNCTION opendata_not_emptied();
"""
THAW = """
DROP TRIGGER opendata_publishedproject_added ON opendata_publishedproject;
DROP TRIGGER opendata_publicationfile_added ON opendata_publicationfile;
DROP TRIGGER opendata_publication_not_emptied ON opendata_publication;
DROP TRIGGER opendata_publishedproject_not_emptied ON opendata_publishedproject;
DROP TRIGGER opendata_publicationfile_not_emptied ON opendata_publicationfile;
DROP FUNCTION opendata_project_added();
DROP FUNCTION opendata_file_added();
DROP FUNCTION opendata_not_emptied();
DROP FUNCTION opendata_written_by_this_transaction(xid);
"""


class Migration(migrations.Migration):
    dependencies = [("opendata", "0002_frozen_daily_schedule")]

    operations = [migrations.RunSQL(FROZEN, THAW)]
