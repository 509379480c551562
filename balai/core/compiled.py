"""Compile a query once per shape; later requests bind their own values into the cached SQL.

Building and compiling a timeline's visibility filter cost the ORM ~3 ms of CPU per request, yet
its SQL differs between requests only in a few values: the viewer's id, whom they follow, block
or mute, a cursor, the current time. `compiled()` builds the queryset once per shape with marker
values in those places (handed out by `Markers`), finds the markers among the compiled
parameters, and keeps the SQL with those positions as slots. Binding splices each request's
values in (an id list as integer literals, a text list as one placeholder per item). The query
itself stays written once, in the ORM, through the access chokepoints; see decision record 0009.

A queryset builder must depend on nothing but its shape and its markers. `compiled()` checks this
on the first compile: it builds the query twice with different markers and refuses a query whose
other parameters differ, which a `timezone.now()` baked in, or a marker the ORM transformed
instead of passing through, would make them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Hashable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import QuerySet

M = TypeVar("M", bound=models.Model)
PLACEHOLDER = re.compile(r"%%|%s")
_NUMBER: models.Field[Any, Any] = models.BigIntegerField()
_MOMENT: models.Field[Any, Any] = models.DateTimeField()
_TEXT: models.Field[Any, Any] = models.TextField()


@dataclass(frozen=True)
class Slot:
    name: str
    is_list: bool
    field: models.Field[Any, Any]

    def prepare(self, value: Any) -> Any:
        if self.field is _NUMBER:
            return int(value)
        if self.field is _TEXT:
            return str(value)
        return self.field.get_db_prep_value(value, connection, prepared=False)


class Markers:
    """Hands out marker values a builder puts where a request's own values will go."""

    def __init__(self, generation: int) -> None:
        # Values no real row or clock carries: far below any snowflake id, long before 1970.
        self._base = -(9 * 10**18) + generation * 10**6
        self._epoch = dt.datetime(1901, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=generation)
        self.slots: dict[Any, Slot] = {}

    def _mark(self, name: str, value: Any, *, is_list: bool, field: models.Field[Any, Any]) -> Any:
        slot = Slot(name, is_list, field)
        self.slots[slot.prepare(value)] = slot
        return value

    def number(self, name: str) -> int:
        return self._mark(name, self._next(), is_list=False, field=_NUMBER)  # type: ignore[no-any-return]

    def texts(self, name: str) -> list[str]:
        """A list of strings: compiled as one placeholder, bound as one per item (never empty)."""
        return [self._mark(name, self._next_text(), is_list=True, field=_TEXT)]

    def numbers(self, name: str) -> list[int]:
        """An id list: compiled as one placeholder, bound as its ids (never empty)."""
        return [self._mark(name, self._next(), is_list=True, field=_NUMBER)]

    def text(self, name: str) -> str:
        return self._mark(name, self._next_text(), is_list=False, field=_TEXT)  # type: ignore[no-any-return]

    def moment(self, name: str) -> dt.datetime:
        marker = self._epoch + dt.timedelta(seconds=len(self.slots) + 1)
        return self._mark(name, marker, is_list=False, field=_MOMENT)  # type: ignore[no-any-return]

    def _next(self) -> int:
        return self._base + len(self.slots) + 1

    def _next_text(self) -> str:
        return f"~balai marker {self._base} {len(self.slots) + 1}~"


@dataclass(frozen=True)
class CompiledQuery:
    pieces: tuple[str, ...]  # the SQL around each parameter: one more piece than parameters
    params: tuple[Any, ...]  # a constant, or the Slot a request's value goes into
    converters: dict[int, Any] = dataclass_field(default_factory=dict, compare=False)
    arrays: frozenset[int] = frozenset()  # positions of lists bound as one array parameter

    def bind(self, values: Mapping[str, Any]) -> tuple[str, list[Any]]:
        sql = [self.pieces[0]]
        params: list[Any] = []
        for position, (param, piece) in enumerate(zip(self.params, self.pieces[1:], strict=True)):
            if not isinstance(param, Slot):
                sql.append("%s")
                params.append(param)
            elif param.is_list:
                as_array = position in self.arrays
                sql.append(self._bind_list(param, values[param.name], params, as_array))
            else:
                sql.append("%s")
                params.append(param.prepare(values[param.name]))
            sql.append(piece)
        return "".join(sql), params

    def _bind_list(
        self, slot: Slot, items: Collection[Any], params: list[Any], as_array: bool
    ) -> str:
        """The SQL in the list's place; its parameters are added to `params`."""
        if not items:
            raise ValueError(f"{slot.name}: an empty list needs a shape of its own")
        numbers = [str(int(item)) for item in items] if slot.field is _NUMBER else None
        if as_array and numbers is not None:
            params.append("{" + ",".join(numbers) + "}")  # as sql.id_array; cast in the SQL
            return "%s"
        if as_array:
            params.append([slot.prepare(item) for item in items])
            return "%s"
        if numbers is not None:
            # Written out as integer literals: int() admits nothing else, and a follow list of
            # hundreds of ids bound one at a time cost ~1 ms of CPU per query.
            return ", ".join(numbers)
        params.extend(slot.prepare(item) for item in items)
        return ", ".join(["%s"] * len(items))

    def fetch(self, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """The rows, each value converted as the ORM would (dates on SQLite, JSON, …)."""
        sql, params = self.bind(values)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not self.converters:
            return rows
        return [self._convert(row) for row in rows]

    def _convert(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        converted = list(row)
        for position, (functions, expression) in self.converters.items():
            value = converted[position]
            for function in functions:
                value = function(value, expression, connection)
            converted[position] = value
        return tuple(converted)


_cache: dict[tuple[Hashable, ...], CompiledQuery] = {}


def instances(
    model: type[M],
    shape: Hashable,
    build: Callable[[Markers], QuerySet[M, M]],
    values: Mapping[str, Any],
) -> list[M]:
    """The `model` rows the queryset `build` makes selects, through SQL compiled once for
    `shape`, as instances the ORM would have made."""
    fields = [f.attname for f in model._meta.concrete_fields]
    query = compiled(shape, lambda m: build(m).values_list(*fields))
    return [model.from_db(connection.alias, fields, row) for row in query.fetch(values)]


def by_ids(model: type[M], ids: Collection[int]) -> list[M]:
    """The rows of `model` with these primary keys, in no particular order: the query every
    page makes to load its posts and accounts (an ORM compile costs more CPU than the database
    spends answering it)."""
    if not ids:
        return []
    return instances(
        model,
        ("by ids", model._meta.label),
        lambda m: model._default_manager.filter(pk__in=m.numbers("ids")),
        {"ids": ids},
    )


def compiled(shape: Hashable, build: Callable[[Markers], QuerySet[Any, Any]]) -> CompiledQuery:
    """The query `build` makes for this `shape`, compiled on first use in this process."""
    key = (connection.vendor, shape)
    found = _cache.get(key)
    if found is None:
        found = _compile(build, Markers(1))
        if _compile(build, Markers(2)).params != found.params:
            raise ValueError(f"the query for {shape!r} depends on more than its markers")
        _cache[key] = found
    return found


def _compile(build: Callable[[Markers], QuerySet[Any, Any]], markers: Markers) -> CompiledQuery:
    queryset = build(markers)
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, raw_params = compiler.as_sql()
    pieces = _split(sql)
    if len(pieces) != len(raw_params) + 1:
        raise ValueError("the compiled SQL and its parameters do not match")
    params = tuple(markers.slots.get(p, p) if _hashable(p) else p for p in raw_params)
    converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
    if connection.vendor == "postgresql":
        arrays = _lists_as_arrays(pieces, params)
        return CompiledQuery(tuple(pieces), params, converters, frozenset(arrays))
    return CompiledQuery(tuple(pieces), params, converters)


def _lists_as_arrays(pieces: list[str], params: tuple[Any, ...]) -> list[int]:
    """PostgreSQL: `col IN (<list>)` becomes `col = ANY(<one array parameter>)`, so a shape's SQL
    text is the same for every request and the server can keep it prepared (decision 0013).
    Rewrites `pieces` in place; returns the positions of the lists rewritten. A list sharing its
    IN with other values stays a list of literals."""
    rewritten = []
    for position, param in enumerate(params):
        if not (isinstance(param, Slot) and param.is_list):
            continue
        before, after = pieces[position], pieces[position + 1]
        if before.endswith(" IN (") and after.startswith(")"):
            cast = "bigint[]" if param.field is _NUMBER else "text[]"
            pieces[position] = before[: -len(" IN (")] + " = ANY("
            pieces[position + 1] = f"::{cast})" + after[1:]
            rewritten.append(position)
    return rewritten


def _split(sql: str) -> list[str]:
    """The SQL around each `%s` placeholder (an escaped `%%` stays in the text)."""
    pieces, start = [], 0
    for match in PLACEHOLDER.finditer(sql):
        if match.group() == "%s":
            pieces.append(sql[start : match.start()])
            start = match.end()
    pieces.append(sql[start:])
    return pieces


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
