"""The audit log refuses updates in the database itself (and deletes on PostgreSQL).

SQLite gets an UPDATE trigger only: Django's test flush deletes rows there, while on PostgreSQL
it truncates, which row triggers do not see.
"""

from django.db import migrations

SQLITE = """
CREATE TRIGGER moderation_auditlog_no_update BEFORE UPDATE ON moderation_auditlog
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
POSTGRES = """
CREATE OR REPLACE FUNCTION moderation_auditlog_refuse() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER moderation_auditlog_no_change BEFORE UPDATE OR DELETE ON moderation_auditlog
FOR EACH ROW EXECUTE FUNCTION moderation_auditlog_refuse();
"""


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS moderation_auditlog_no_update")
    elif vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS moderation_auditlog_no_change ON moderation_auditlog"
        )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
