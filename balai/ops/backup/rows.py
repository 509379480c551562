"""Inserting archived rows fast, whatever database wrote them and whatever reads them now.

Values are converted with the fields of the *historical* models at the archive's migration
state, so a column means what it meant when it was dumped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from django.apps.registry import Apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import AutoField, Field
from tqdm import tqdm

from balai.ops.backup.archive import BackupError
from balai.ops.backup.schema import models_by_table

BATCH = 2000
# Column types whose JSON value is already what the database driver takes.
AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "CharField",
        "TextField",
        "SlugField",
        "EmailField",
        "URLField",
        "BooleanField",
        "FloatField",
    }
)
# Rows that `migrate` itself may have written; the archived ones replace them (same natural keys).
MIGRATE_WRITTEN = ("auth_permission", "django_content_type")

Converter = Callable[[Any], Any] | None


def insert_tables(work: Path, tables: list[dict[str, Any]], registry: Apps, *, quiet: bool) -> None:
    """Insert every archived table in one transaction; constraints are checked at commit."""
    models = models_by_table(registry)
    progress = tqdm(
        total=sum(t["rows"] for t in tables),
        desc="restore",
        unit="row",
        disable=quiet,
        file=sys.stderr,
    )
    with progress, transaction.atomic():
        clear_migrate_written(models)
        for table in tables:
            model = models.get(table["table"])
            if model is None:
                raise BackupError(f"the archive has a table this schema lacks: {table['table']}")
            insert_table(work / table["member"], table, model, progress)
        reset_sequences([models[t["table"]] for t in tables])
        rebuild_search_index()


def clear_migrate_written(models: dict[str, Any]) -> None:
    for table in MIGRATE_WRITTEN:
        if table in models:
            models[table]._base_manager.all().delete()


def insert_table(path: Path, table: dict[str, Any], model: Any, progress: tqdm[Any]) -> None:
    by_column = {f.column: f for f in model._meta.local_concrete_fields}
    missing = [column for column in table["columns"] if column not in by_column]
    if missing:
        raise BackupError(f"{table['table']}: columns not in this schema: {missing}")
    converters = [converter(by_column[column]) for column in table["columns"]]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (quoted names from the schema)
        quote(table["table"]),
        ", ".join(quote(c) for c in table["columns"]),
        ", ".join(["%s"] * len(table["columns"])),
    )
    count = 0
    with connection.cursor() as cursor:
        for batch in batches(read_rows(path, converters)):
            cursor.executemany(sql, batch)
            count += len(batch)
            progress.update(len(batch))
    if count != table["rows"]:
        raise BackupError(
            f"{table['table']}: {count} rows in the archive, manifest says {table['rows']}"
        )


def converter(field: Field[Any, Any]) -> Converter:
    """How to turn a JSON value into what the driver takes for this column (None: as it is)."""
    target: Field[Any, Any] = field
    while target.is_relation and target.target_field is not target:  # type: ignore[attr-defined]
        target = target.target_field  # type: ignore[attr-defined]
    if target.get_internal_type() in AS_IS:
        return None

    def convert(value: Any) -> Any:
        if value is None:
            return None
        return field.get_db_prep_save(field.to_python(value), connection)

    if field.get_internal_type() == "JSONField":
        return lambda value: None if value is None else field.get_db_prep_save(value, connection)
    return convert


def read_rows(path: Path, converters: list[Converter]) -> Iterator[tuple[Any, ...]]:
    pairs = list(enumerate(converters))
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            for index, convert in pairs:
                if convert is not None:
                    row[index] = convert(row[index])
            yield tuple(row)


def batches(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    while batch := list(islice(rows, BATCH)):
        yield batch


def reset_sequences(models: list[Any]) -> None:
    """Snowflake ids need nothing; auto-increment tables continue after the restored ids."""
    counting = [m for m in models if isinstance(m._meta.pk, AutoField)]
    statements = connection.ops.sequence_reset_sql(no_style(), counting)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def rebuild_search_index() -> None:
    """SQLite keeps post search in an FTS5 table the archive does not carry: index every post
    that is not deleted, as `balai.core.search.index_post` does (PostgreSQL indexes the column)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM post_search")
        cursor.execute(
            "INSERT INTO post_search(rowid, body) SELECT id, text || ' ' || spoiler_text "
            "FROM posts_post WHERE deleted_at IS NULL AND trim(text || ' ' || spoiler_text) <> ''"
        )
