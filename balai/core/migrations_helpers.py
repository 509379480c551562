"""Helpers for migrations that differ per database vendor."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from balai.core import search


def install_search(apps: Any, schema_editor: Any) -> None:
    search.install_schema(schema_editor)


def foreign_key_indexes_dropped(
    app_label: str, *alterations: migrations.AlterField
) -> migrations.SeparateDatabaseAndState:
    """`AlterField(db_index=False)` on foreign keys that a composite index already leads with,
    carried out as DROP INDEX: SQLite's schema editor would otherwise copy the whole table once
    per field (five times for posts) to drop one index."""
    fields = [(alteration.model_name, alteration.name) for alteration in alterations]

    def indexed_columns(apps: Any) -> list[tuple[Any, Any]]:
        found = []
        for model_name, name in fields:
            model = apps.get_model(app_label, model_name)
            found.append((model, model._meta.get_field(name)))
        return found

    def drop(apps: Any, schema_editor: Any) -> None:
        for model, field in indexed_columns(apps):
            index = schema_editor._create_index_name(model._meta.db_table, [field.column], "")
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index)}")

    def create(apps: Any, schema_editor: Any) -> None:
        for model, field in indexed_columns(apps):
            schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))

    return migrations.SeparateDatabaseAndState(
        database_operations=[migrations.RunPython(drop, create, elidable=False)],
        state_operations=list(alterations),
    )
