"""Hand-written SQL for the few fixed-shape reads made on every timeline request.

The ORM spends about a millisecond of CPU compiling a four-way UNION that the database answers in
a tenth of that; on the hottest path this was the largest remaining cost (decision record 0008).
Table and column names come from the models' metadata, so a rename cannot drift silently, and
values are always bound as parameters, never formatted into the text.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django.db import connection, models


def table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[models.Model], field: str) -> str:
    found = model._meta.get_field(field)
    if not isinstance(found, models.Field) or not found.column:
        raise ValueError(f"{model.__name__}.{field} is not a column")
    return connection.ops.quote_name(found.column)


def placeholders(values: Collection[Any]) -> str:
    """`%s, %s, …` for an IN list of `values` (callers never pass an empty one)."""
    return ", ".join(["%s"] * len(values))


def fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def tagged_select(
    tag: str, model: type[models.Model], field: str, *, where: str, extra: str = ""
) -> str:
    """`SELECT '<tag>', <field> FROM <model> WHERE <where> = %s <extra>`: one arm of a UNION
    whose rows say which arm they came from. `tag` is a constant chosen by the caller."""
    if not tag.isalnum():
        raise ValueError(f"a UNION tag must be alphanumeric: {tag!r}")
    # Only quoted model names, a checked constant and the caller's fixed text: values are bound.
    select = f"SELECT '{tag}', {column(model, field)} FROM {table(model)} "  # noqa: S608
    return f"{select}WHERE {column(model, where)} = %s {extra}".rstrip()
