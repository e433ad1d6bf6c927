"""Compiled SQL reused per query shape, for the few reads every uncached page runs.

Django builds and compiles a query's SQL on every evaluation; for the small reads of a reader
page that costs far more than the database does (the router's page load: ~1 ms of Python for a
0.1 ms primary-key read, docs/performance.md). Here a query is built once per shape with the
ORM itself, from placeholder arguments, and compiled; later calls bind the real arguments to
the same SQL and turn the rows into values or model instances as Django's own iterables do
(same converters, same ``from_db``, same ``select_related`` population). The SQL is exactly
what the ORM writes, on SQLite and PostgreSQL alike, so the index-friendly shapes stay.

Arguments are integers or strings used in ``exact``, ``in`` or pattern lookups
(``startswith``…); a list argument stands for an ``__in`` list and its length is part of the
shape. If the placeholders cannot be found in the compiled parameters (a lookup that
transforms its value in a way not handled here), that shape is simply evaluated by the ORM
each time. Compiled shapes are kept on the database connection object, which Django keeps
per thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from masthead.core import compat

# Integer placeholders must be values the ORM accepts for any integer column it is compared
# with: on PostgreSQL an id is 32 bits, and Django refuses to compile a lookup whose value is
# out of the column's range (EmptyResultSet), so a huge or negative placeholder broke every
# page there. Just under the 32-bit maximum; smaller columns fall back to the ORM (below).
_INT_BASE = 2_147_000_000
# No LIKE-special characters (% _ \), so a pattern lookup keeps it intact around its escapes.
_TEXT = "\x1fmasthead-arg-{}\x1f"


@dataclass(frozen=True, slots=True)
class _Slot:
    position: int  # index in the compiled parameters
    arg: int  # index in the flattened arguments
    text: str | None  # the placeholder string when the argument is text


@dataclass(slots=True)
class _Shape:
    sql: str
    params: list
    slots: list[_Slot]
    compiler: Any
    converters: dict
    col_count: int
    models: tuple | None  # (model, start, end, init_list, related populators) for instances


def _flatten(args: Sequence) -> tuple[list, tuple]:
    flat: list = []
    lengths = []
    for arg in args:
        if isinstance(arg, list | tuple | set | frozenset):
            items = list(arg)
            flat.extend(items)
            lengths.append(len(items))
        else:
            flat.append(arg)
            lengths.append(-1)
    return flat, tuple(lengths)


def _placeholders(args: Sequence) -> tuple[list, list]:
    """Arguments of the same structure made of unique placeholder values, and those values."""
    counter = 0
    built: list = []
    flat: list = []

    def one(value):
        nonlocal counter
        counter += 1
        placeholder = _TEXT.format(counter) if isinstance(value, str) else _INT_BASE + counter
        flat.append(placeholder)
        return placeholder

    for arg in args:
        if isinstance(arg, list | tuple | set | frozenset):
            built.append([one(item) for item in arg])
        else:
            built.append(one(arg))
    return built, flat


def _prepare(queryset: QuerySet, placeholders: list) -> _Shape | None:
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        # A placeholder out of a column's range (a small integer field): the ORM, each time.
        return None
    params = list(params)
    slots: list[_Slot] = []
    for arg, placeholder in enumerate(placeholders):
        found = [
            i
            for i, param in enumerate(params)
            if param == placeholder
            or (isinstance(placeholder, str) and isinstance(param, str) and placeholder in param)
        ]
        if len(found) != 1:
            return None
        text = placeholder if isinstance(placeholder, str) else None
        slots.append(_Slot(found[0], arg, text))
    if len({s.position for s in slots}) != len(slots):
        return None
    kind = compat.iterable_kind(queryset)
    if kind is None:
        return None
    if kind == "values_list" and (queryset.query.extra_select or queryset.query.annotation_select):
        return None
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    models = None
    if kind == "models":
        if compat.has_known_related_objects(queryset):
            return None
        models = compat.instance_layout(compiler, queryset.db)
        if models is None:
            return None
    return _Shape(
        sql=sql,
        params=params,
        slots=slots,
        compiler=compiler,
        converters=compiler.get_converters(fields),
        col_count=compiler.col_count,
        models=models,
    )


def _bind(shape: _Shape, values: list, connection) -> list:
    params = list(shape.params)
    for slot in shape.slots:
        value = values[slot.arg]
        if slot.text is None or params[slot.position] == slot.text:
            params[slot.position] = value
        else:
            # A pattern lookup: the argument goes in escaped, as the lookup itself does.
            params[slot.position] = params[slot.position].replace(
                slot.text, connection.ops.prep_for_like_query(value)
            )
    return params


def fetch(name: str, build: Callable[..., QuerySet], *args, using: str = "default") -> list:
    """``list(build(*args))``, with the SQL compiled once per ``name`` and argument shape.

    ``build`` must return the same query for any arguments of the same shape (no branching on
    their values) as model instances or ``values_list`` rows; it is called only to compile a
    new shape."""
    flat, lengths = _flatten(args)
    if any(not isinstance(v, int | str) or isinstance(v, bool) for v in flat):
        return list(build(*args))
    connection = connections[using]
    shapes: dict = connection.__dict__.setdefault("_masthead_prepared", {})
    key = (name, lengths, tuple(isinstance(v, str) for v in flat))
    if key not in shapes:
        built, placeholders = _placeholders(args)
        shapes[key] = _prepare(build(*built).using(using), placeholders)
    shape = shapes[key]
    if shape is None:
        return list(build(*args))
    with connection.cursor() as cursor:
        cursor.execute(shape.sql, _bind(shape, flat, connection))
        rows = cursor.fetchall()
    if shape.converters:
        rows = list(shape.compiler.apply_converters(rows, shape.converters))
    if shape.models is None:
        return [tuple(row[: shape.col_count]) for row in rows]
    model, start, end, init_list, populators = shape.models
    objects = []
    for row in rows:
        obj = model.from_db(using, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        objects.append(obj)
    return objects
