"""The content generation: one number that changes after every committed change of data.

Pages that many read and few change are cached whole under it (`rin_portal/caching.py`).
Reading it is one small query, so a cached page needs neither the plan nor its reports
to build its key, and no edit can be served stale:

- every INSERT, UPDATE or DELETE the portal sends (through the ORM, `update()`, bulk
  operations, the admin, management commands, the task worker) is seen by a database
  execute wrapper installed on each connection, so no write path can forget it;
- once the transaction commits, the generation gets a new random value. A page rendered
  before the commit was stored under the old value, which nobody reads any more.

Writes that no cached page shows do not count: sessions, the task queue, the security
log, newsletter subscriptions, the admin log, and the sign-in time stamp.

The generation lives in the database, not the cache, so it holds across every process
and server even when each has a cache of its own.

Three more numbers change with narrower parts of the data only (and such a change
renews the content generation too), so that what is kept of them survives the edits of
everything else, seen by the same wrapper, whatever made them:

- the people generation: users and their roles (`PEOPLE_TABLES`). The users of
  signed-in requests are kept under it (`rin_portal/auth.py`);
- the reference generation: regions, administrative units, municipalities, the
  national programmes and the providers (`REFERENCE_TABLES`). `plans/reference.py`
  keeps the first of them under it;
- the plans generation: what plans say (`PLAN_TABLES`). Plans' rendered texts are
  kept under it and the reference generation (`plans/views/plan_read.py`), so saving
  a yearly report, the busiest write of a deadline week, does not make them be drawn
  again.

All four are read in one query.

Within a request it is read once (the first time it is needed) and that value serves
the rest of the request, unless the request itself changes data. `Memory` keeps values
in this process for as long as the generation it was given stays the same: the pages
and users most asked for, without a round trip to Redis or the database.
"""

import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Hashable

from django.apps import apps
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate

from .memory import Lru

logger = logging.getLogger(__name__)

TABLE = "rin_portal_contentgeneration"
# The rows of TABLE: the content, people, reference and plans generations.
CONTENT, PEOPLE, REFERENCE, PLANS = 1, 2, 3, 4
ALL = (CONTENT, PEOPLE, REFERENCE, PLANS)
# Who is signed in and what they may do. A write here renews PEOPLE (and CONTENT).
PEOPLE_TABLES = frozenset(
    {
        "auth_user",
        "auth_user_groups",
        "auth_user_user_permissions",
        "auth_group",
        "auth_group_permissions",
        "auth_permission",
        "rin_portal_role",
    }
)
# The reference data. A write here renews REFERENCE (and CONTENT).
REFERENCE_TABLES = frozenset(
    {
        "municipalities_region",
        "municipalities_administrativeunit",
        "municipalities_municipality",
        "municipalities_population",
        "plans_nationalprogramme",
        "plans_nationalgoal",
        # Providers too: a plan's cached text names its coordinator and implementers.
        "providers_provider",
        "providers_provider_municipalities_served",
    }
)
# What plans say, as their pages draw them: a write here renews PLANS (and CONTENT).
# Yearly reports, their entries and the history are not here: saving a report leaves the
# plans' drawn texts alone.
PLAN_TABLES = frozenset(
    {
        "plans_plan",
        "plans_plansnapshot",
        "plans_chapter",
        "plans_groupmember",
        "plans_area",
        "plans_goal",
        "plans_programme",
        "plans_programme_implementers",
        "plans_programme_municipalities",
        "plans_programme_national_goals",
        "plans_activity",
        "plans_fundingline",
        "plans_indicator",
        "plans_indicatoryeartarget",
    }
)
_NARROWER = {
    **dict.fromkeys(PEOPLE_TABLES, PEOPLE),
    **dict.fromkeys(REFERENCE_TABLES, REFERENCE),
    **dict.fromkeys(PLAN_TABLES, PLANS),
}
IGNORED_TABLES = frozenset(
    {
        TABLE,
        "django_session",
        "django_tasks_database_dbtaskresult",
        "django_admin_log",
        "rin_portal_securityevent",
        "news_subscriber",
        "news_subscriber_regions",
        "news_pendingsubscription",
    }
)
# SQLite adds to a many-to-many relation with INSERT OR IGNORE INTO.
_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE
)
_LAST_LOGIN = re.compile(r'UPDATE "auth_user" SET "last_login" = %s WHERE ', re.IGNORECASE)


# The generations read by the request this thread serves (None: not read yet).
_request = threading.local()
# While migrations run, the table may not exist yet: the generation is renewed once, after.
_migrating = False


def current(using: str = "default") -> int | None:
    """The content generation now; None only if it cannot be read (nothing is cached then).

    In a request, the value read first serves the whole request (until it changes data).
    """
    return _value(using, CONTENT)


def people(using: str = "default") -> int | None:
    """The people generation now: it changes with users and their roles only."""
    return _value(using, PEOPLE)


def reference(using: str = "default") -> int | None:
    """The reference generation now: it changes with the reference data only."""
    return _value(using, REFERENCE)


def plans(using: str = "default") -> int | None:
    """The plans generation now: it changes with what plans say only (PLAN_TABLES)."""
    return _value(using, PLANS)


def _value(using: str, row: int) -> int | None:
    if using != "default" or not getattr(_request, "active", False):
        values = _read(using)
    else:
        if _request.value is None:
            _request.value = _read(using)
        values = _request.value
    return None if values is None else values[row]


def renewal_pending(using: str = "default") -> bool:
    """Whether this connection has written data in a transaction not yet committed, so
    that the generations do not tell of it yet: what is kept under them must not be
    served to the code that made the change (it would not see its own writes)."""
    renewal = getattr(connections[using], "rin_renewal", None)
    return renewal is not None and not renewal.done


def _read(using: str) -> dict[int, int] | None:
    for _ in range(2):
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT id, value FROM {TABLE} WHERE id IN {ALL}")  # noqa: S608
            values = dict(cursor.fetchall())
        if len(values) == len(ALL):
            return values
        bump(using)  # a row was removed (a flushed database): start anew
    return None


def bump(using: str = "default", *, rows: tuple[int, ...] = ALL) -> None:
    """Give the content generation a new value, and the other `rows` too (and their rows
    back, if they were removed)."""
    connection = connections[using]
    values = {row: secrets.randbits(62) for row in {CONTENT, *rows}}
    _request.value = None
    try:
        if connection.in_atomic_block:  # a failed statement must not break the transaction
            with transaction.atomic(using=using):
                _write(connection, values)
        else:
            # Not atomic(): its COMMIT could run while the write that caused the renewal
            # is still returning rows (SQLite's INSERT … RETURNING) and would fail.
            _write(connection, values)
    except DatabaseError:
        # The change itself is committed; cached pages expire on their own within the hour.
        logger.exception("Could not renew the content generation.")


def _write(connection, values: dict[int, int]) -> None:
    with connection.cursor() as cursor:
        for row, value in sorted(values.items()):
            cursor.execute(f"UPDATE {TABLE} SET value = %s WHERE id = %s", [value, row])  # noqa: S608
            if cursor.rowcount == 0:
                cursor.execute(
                    f"INSERT INTO {TABLE} (id, value) VALUES (%s, %s)",  # noqa: S608
                    [row, value],
                )


def _written_table(sql: str) -> str | None:
    """The table a statement changes, if it is one whose change renews the generation."""
    if sql[:1] not in "IUDiud\n\t ":
        return None
    found = _WRITE.match(sql)
    if not found or found[1] in IGNORED_TABLES or _LAST_LOGIN.match(sql):
        return None
    return found[1]


class _Renewal:
    """Renews the generations once, however often a transaction registered it."""

    __slots__ = ("alias", "done", "rows")

    def __init__(self, alias: str):
        self.alias, self.done, self.rows = alias, False, {CONTENT}

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            bump(self.alias, rows=tuple(self.rows))


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    table = None if _migrating or not isinstance(sql, str) else _written_table(sql)
    if table is not None:
        connection = context["connection"]
        renewal = getattr(connection, "rin_renewal", None)
        if renewal is None or renewal.done:
            renewal = connection.rin_renewal = _Renewal(connection.alias)
        if table in _NARROWER:
            renewal.rows.add(_NARROWER[table])
        # Registered with every write, so that a write in a savepoint rolled back
        # cannot take the renewal of the others with it; it runs once, at the commit
        # (outside a transaction at once: the write is already committed).
        if connection.in_atomic_block or connection.get_autocommit():
            transaction.on_commit(renewal, using=connection.alias)
        else:  # a transaction managed by hand: renew within it, visible when it commits
            renewal()
    return result


def _install(sender, connection, **kwargs) -> None:
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def _pre_migrate(**kwargs) -> None:
    global _migrating
    _migrating = True


def _post_migrate(using: str = "default", **kwargs) -> None:
    global _migrating
    _migrating = False
    if TABLE in connections[using].introspection.table_names():
        bump(using)


def _request_started(**kwargs) -> None:
    _request.active, _request.value = True, None


def _request_finished(**kwargs) -> None:
    _request.active, _request.value = False, None


class Memory:
    """Values kept in this process while the generation stays the same.

    Everything is forgotten as soon as a caller brings another generation, so nothing
    kept here can outlive a change of data, in this process or any other. Least recently
    used values go first once their total cost passes `budget`. With `max_age`, values
    are also forgotten after that many seconds: should renewing a generation ever fail
    after a change committed, what was kept cannot outlive it for long.
    """

    def __init__(
        self,
        budget: int,
        cost: Callable[[object], int] = lambda value: 1,
        *,
        max_age: float | None = None,
    ):
        self._values = Lru(budget, cost)
        self._generation = None
        self._since = 0.0
        self._max_age = max_age
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._generation = None
            self._values.clear()

    def get(self, now: int, key: Hashable):
        with self._lock:
            if now != self._generation or self._expired():
                return None
            return self._values.get(key)

    def put(self, now: int, key: Hashable, value) -> None:
        with self._lock:
            if now != self._generation or self._expired():
                self._generation, self._since = now, time.monotonic()
                self._values.clear()
            self._values.put(key, value)

    def _expired(self) -> bool:
        return self._max_age is not None and time.monotonic() - self._since > self._max_age


def install() -> None:
    """Watch every database connection, those already open and all later ones."""
    request_started.connect(_request_started, dispatch_uid="rin_portal.generation.start")
    request_finished.connect(_request_finished, dispatch_uid="rin_portal.generation.end")
    connection_created.connect(_install, dispatch_uid="rin_portal.generation")
    portal = apps.get_app_config("rin_portal")
    pre_migrate.connect(_pre_migrate, sender=portal, dispatch_uid="rin_portal.generation.pre")
    post_migrate.connect(_post_migrate, sender=portal, dispatch_uid="rin_portal.generation.post")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
