"""Querysets whose SQL Django compiles once per process, not on every request.

Building a queryset and compiling it to SQL costs Django more than running it: for the
region page's plans (a filter with an OR and an IN list) 1.0 ms of 1.6 ms on
PostgreSQL, for a history or a documents list about half. A page of three or four such
queries spends more on compiling them than on the database. `prepared` keeps the SQL
Django wrote the first time and runs it again with each call's values:

    plans_of_region = prepared(
        lambda region_id, municipality_ids: Plan.objects.filter(
            Q(region_id=region_id) | Q(municipality_id__in=municipality_ids)
        ).order_by("title")
    )
    plans = plans_of_region(region.pk, [7, 9, 12])  # a list of Plan instances

The SQL is still Django's, compiled from the same queryset; only its values change.
To find where each value goes, the queryset is compiled once with stand-ins for them
(one per argument, one per item of a list argument) and each stand-in must turn up
exactly once among the compiled parameters, or the first call raises
ImproperlyConfigured: a lookup that transforms its value (`__startswith`) or a value
Django writes into the SQL itself (a slice's LIMIT) cannot be an argument. Arguments
are integers, strings or lists of them, or True, False and None, which are compiled as
they are (each value its own SQL); a call with anything else (a date) builds and runs
the queryset as usual. A list argument of another length is compiled anew (the
IN list has a placeholder per item); an empty one finds nothing without a query, as
Django's does.

Rows come back as model instances, each column converted as the queryset converts it,
built by `Model.from_db()` as the queryset builds them, the columns the SQL does not
read deferred (`only()`); for `values_list(*fields)` as tuples, without building
instances (a page reading a hundred rows to compare them spares some 2 ms). Not through
`Model.objects.raw()`: it works out the columns' places anew on every call (some 0.2 ms,
even for no rows). It cannot follow `select_related` or `prefetch_related`, nor return
`values()`, flat or named lists, nor annotations: such querysets are refused when first
compiled.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import ValuesListIterable

# Stand-ins: within the range of every integer column, a positive small integer's
# included (0–32767 on PostgreSQL), since Django 5 turns a lookup whose value overflows
# its column into "nothing" or "everything" before any SQL is written. (A constant of
# the queryset equal to a stand-in is found as one more value: the first call raises.)
_INT_STAND_IN = 32_767
_SHAPES = 256  # compiled forms kept per queryset (one per length of a list argument)
_EMPTY = object()  # a compiled form: an empty IN list, nothing to ask the database


class Prepared:
    """A queryset built by `build(*args)`, run with SQL compiled once per argument shape."""

    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        # shape → (model, alias, sql, slots, params, columns, field names)
        self._compiled: dict[tuple, Any] = {}

    def __call__(self, *args) -> list[Model] | list[tuple]:
        shape = _shape(args)
        if shape is None:  # an argument without a stand-in (a date, None, …)
            return list(self._build(*args))
        compiled = self._compiled.get(shape)
        if compiled is None:
            if len(self._compiled) >= _SHAPES:  # lists of ever new lengths: start over
                self._compiled.clear()
            compiled = self._compiled[shape] = self._compile(args)
        if compiled is _EMPTY:
            return []
        model, alias, sql, slots, constants, columns, field_names = compiled
        params = list(constants)
        for position, (index, item) in slots.items():
            value = args[index]
            params[position] = value if item is None else value[item]
        rows = _tuples(connections[alias], sql, params, columns)
        if field_names is None:
            return rows
        return [model.from_db(alias, field_names, row) for row in rows]

    def _compile(self, args: tuple):
        stand_ins, where = [], {}
        for index, value in enumerate(args):
            if isinstance(value, list | tuple):
                items = []
                for item, element in enumerate(value):
                    stand_in = _stand_in(element, len(where))
                    where[stand_in] = (index, item)
                    items.append(stand_in)
                stand_ins.append(items)
            elif value is None or type(value) is bool:
                stand_ins.append(value)  # part of the shape: compiled as it is
            else:
                stand_in = _stand_in(value, len(where))
                where[stand_in] = (index, None)
                stand_ins.append(stand_in)
        queryset = self._build(*stand_ins)
        query = queryset.query
        as_tuples = queryset._fields is not None and queryset._iterable_class is ValuesListIterable
        if (
            query.select_related
            or queryset._prefetch_related_lookups
            or (queryset._fields is not None and not as_tuples)
            or query.combinator
            or query.annotation_select
            or query.extra_select
        ):
            raise ImproperlyConfigured(
                "prepared(): only plain model querysets (no select_related, "
                "prefetch_related, values(), flat or named lists, annotations or union)."
            )
        alias = queryset.db if queryset._db else router.db_for_read(queryset.model)
        compiler = query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            if any(isinstance(value, list | tuple) and not value for value in args):
                return _EMPTY  # an empty IN list: nothing, whatever the other values
            raise ImproperlyConfigured(
                f"prepared(): {queryset.model.__name__} found nothing for stand-ins of "
                "its values (one out of its column's range?)"
            ) from None
        slots = {}
        for position, param in enumerate(params):
            found = where.get(param) if type(param) in (int, str) else None
            if found is not None:
                slots[position] = found
        if sorted(slots.values()) != sorted(where.values()):
            # A value transformed on its way into the SQL (`__startswith`, a LIMIT),
            # or used twice: a mistake of the code, found by the first call in a test.
            raise ImproperlyConfigured(
                "prepared(): each argument must reach the SQL once, unchanged "
                f"({queryset.model.__name__}: {sql})"
            )
        # The selected columns, whose converters each call applies on its own connection,
        # and for instances the fields they fill, in the order the queryset's own
        # iterable (ModelIterable) gives them to `from_db`.
        columns = [column for column, _, _ in compiler.select]
        field_names = None if as_tuples else [column.target.attname for column in columns]
        return queryset.model, alias, sql, slots, tuple(params), columns, field_names


def _tuples(connection, sql: str, params: list, columns: list) -> list[tuple]:
    """The rows of `sql`, each column converted as the queryset's compiler converts it."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = []
    for position, column in enumerate(columns):
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((position, found, column))
    if not converters:
        return [tuple(row) for row in rows]
    converted = []
    for row in rows:
        row = list(row)
        for position, found, column in converters:
            value = row[position]
            for converter in found:
                value = converter(value, column, connection)
            row[position] = value
        converted.append(tuple(row))
    return converted


def prepared(build: Callable[..., QuerySet]) -> Prepared:
    """`build`'s queryset, compiled once per process for every shape of its arguments."""
    return Prepared(build)


def _shape(args: tuple) -> tuple | None:
    """What decides the SQL: the types of the values and the length of lists; the value
    itself for True, False and None, which Django writes into the SQL (IS NULL) or which
    choose a different queryset."""
    shape = []
    for value in args:
        if isinstance(value, list | tuple):
            if not all(type(item) in (int, str) for item in value):
                return None
            shape.append(("list", len(value), tuple(type(item).__name__ for item in value)))
        elif type(value) in (int, str):
            shape.append(type(value).__name__)
        elif value is None or type(value) is bool:
            shape.append(("as is", value))
        else:
            return None
    return tuple(shape)


def _stand_in(value, number: int):
    if type(value) is int:
        return _INT_STAND_IN - number
    return f"\x1fprepared-{number}\x1f"
