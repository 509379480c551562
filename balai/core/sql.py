"""Hand-written SQL for the few fixed-shape reads made on every timeline request.

The ORM spends about a millisecond of CPU compiling a four-way UNION that the database answers in
a tenth of that; on the hottest path this was the largest remaining cost (decision record 0008).
Table and column names come from the models' metadata, so a rename cannot drift silently, and
values are bound as parameters; id lists are one array parameter on PostgreSQL and integer
literals elsewhere (`id_in`).
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


def id_list(values: Collection[int]) -> str:
    """`1, 2, 3`: an IN list of ids written as integer literals (callers never pass an empty one).

    `int()` admits nothing but a number, and a page's ids bound one parameter at a time cost
    more CPU to adapt than the database spends answering."""
    if not values:
        raise ValueError("an IN list needs at least one id")
    return ", ".join([str(int(value)) for value in values])


def id_in(column_sql: str, values: Collection[int]) -> tuple[str, list[Any]]:
    """`<column> IN (<ids>)` and its parameters: on PostgreSQL one array parameter, so the
    statement's text is the same for every page and the server keeps it prepared (decision
    0013); elsewhere the ids as integer literals (`id_list`)."""
    if connection.vendor != "postgresql":
        return f"{column_sql} IN ({id_list(values)})", []
    if not values:
        raise ValueError("an IN list needs at least one id")
    return f"{column_sql} = ANY(%s::bigint[])", [id_array(values)]


def id_array(values: Collection[int]) -> str:
    """`{1,2,3}`: ids as a PostgreSQL array literal, for a parameter the SQL casts to bigint[]."""
    return "{" + ",".join([str(int(value)) for value in values]) + "}"


def execute(sql: str, params: Sequence[Any] = ()) -> int:
    """Run one statement; returns how many rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


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


def update_by_id(model: type[models.Model], pk: int, **values: Any) -> None:
    """`UPDATE <model> SET <field> = %s, … WHERE id = %s`: a row's few columns, without the
    ORM's compile, on a write every post makes."""
    assignments = ", ".join(f"{column(model, name)} = %s" for name in values)
    query = f"UPDATE {table(model)} SET {assignments} WHERE {column(model, 'id')} = %s"  # noqa: S608
    prepared = [
        model._meta.get_field(name).get_db_prep_value(value, connection, prepared=False)  # type: ignore[union-attr]
        for name, value in values.items()
    ]
    with connection.cursor() as cursor:
        cursor.execute(query, [*prepared, pk])
