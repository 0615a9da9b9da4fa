"""Invariants that span tables, enforced by the database itself with triggers.

A check constraint sees one row only, so "a programme's years lie within its
plan's period" or "a report entry is for a programme of the report's plan"
need triggers. Each rule is one SQL condition that is true when a row would
break it; it is installed for SQLite and PostgreSQL alike.

The triggers are installed by migration 0002 and again after every `migrate`
(see PlansConfig.ready), because SQLite drops a table's triggers when a later
migration rebuilds that table. SQLite also refuses to put a rebuilt table in place
while a trigger on another table names it: such a migration drops the triggers first
(`drop_triggers_for_rebuild`, as 0004 does) and installs them again at its end. The
integrity tests in tests/plans/ fail if a trigger is missing.
"""

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper


@dataclass(frozen=True)
class Rule:
    name: str
    table: str
    events: tuple[str, ...]  # "INSERT", "UPDATE" or "UPDATE OF col, col"
    violation: str  # SQL condition over NEW that is true when the row breaks the rule


RULES = [
    Rule(
        "plans_programme_within_plan",
        "plans_programme",
        ("INSERT", "UPDATE"),
        """EXISTS (SELECT 1 FROM plans_plan p WHERE p.id = NEW.plan_id
                   AND (NEW.first_year < p.first_year OR NEW.last_year > p.last_year))
           OR EXISTS (SELECT 1 FROM plans_area a WHERE a.id = NEW.area_id
                      AND a.plan_id <> NEW.plan_id)
           OR EXISTS (SELECT 1 FROM plans_goal g WHERE g.id = NEW.goal_id
                      AND g.plan_id <> NEW.plan_id)""",
    ),
    Rule(
        "plans_goal_area_of_plan",
        "plans_goal",
        ("INSERT", "UPDATE"),
        """EXISTS (SELECT 1 FROM plans_area a WHERE a.id = NEW.area_id
                   AND a.plan_id <> NEW.plan_id)""",
    ),
    Rule(
        "plans_fundingline_within_plan",
        "plans_fundingline",
        ("INSERT", "UPDATE"),
        """EXISTS (SELECT 1 FROM plans_programme pr JOIN plans_plan p ON p.id = pr.plan_id
                   WHERE pr.id = NEW.programme_id
                   AND (NEW.year < p.first_year OR NEW.year > p.last_year))""",
    ),
    Rule(
        "plans_yearlyreport_within_plan",
        "plans_yearlyreport",
        ("INSERT", "UPDATE"),
        """EXISTS (SELECT 1 FROM plans_plan p WHERE p.id = NEW.plan_id
                   AND (NEW.year < p.first_year OR NEW.year > p.last_year))""",
    ),
    Rule(
        "plans_plan_period_keeps_content",
        "plans_plan",
        ("UPDATE OF first_year, last_year",),
        """EXISTS (SELECT 1 FROM plans_programme pr WHERE pr.plan_id = NEW.id
                   AND (pr.first_year < NEW.first_year OR pr.last_year > NEW.last_year))
           OR EXISTS (SELECT 1 FROM plans_fundingline f
                      JOIN plans_programme pr ON pr.id = f.programme_id
                      WHERE pr.plan_id = NEW.id
                      AND (f.year < NEW.first_year OR f.year > NEW.last_year))
           OR EXISTS (SELECT 1 FROM plans_yearlyreport r WHERE r.plan_id = NEW.id
                      AND (r.year < NEW.first_year OR r.year > NEW.last_year))""",
    ),
    Rule(
        "plans_reportentry_programme_of_plan",
        "plans_reportentry",
        ("INSERT", "UPDATE"),
        """EXISTS (SELECT 1 FROM plans_yearlyreport r, plans_programme pr
                   WHERE r.id = NEW.report_id AND pr.id = NEW.programme_id
                   AND r.plan_id <> pr.plan_id)""",
    ),
    Rule(
        "plans_indicatorvalue_indicator_of_programme",
        "plans_indicatorvalue",
        ("INSERT", "UPDATE"),
        """EXISTS (SELECT 1 FROM plans_reportentry e, plans_indicator i
                   WHERE e.id = NEW.entry_id AND i.id = NEW.indicator_id
                   AND e.programme_id <> i.programme_id)""",
    ),
]


def _sqlite_statements(rule: Rule) -> list[str]:
    statements = []
    for event in rule.events:
        suffix = event.split()[0].lower()
        trigger = f"{rule.name}_{suffix}"
        statements.append(f"DROP TRIGGER IF EXISTS {trigger}")
        statements.append(
            f"CREATE TRIGGER {trigger} BEFORE {event} ON {rule.table} FOR EACH ROW "
            f"WHEN ({rule.violation}) BEGIN SELECT RAISE(ABORT, '{rule.name}'); END"
        )
    return statements


def _postgresql_statements(rule: Rule) -> list[str]:
    function = (
        f"CREATE OR REPLACE FUNCTION {rule.name}() RETURNS trigger AS $$ BEGIN "
        f"IF {rule.violation} THEN RAISE EXCEPTION '{rule.name}' "
        f"USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
    )
    events = " OR ".join(rule.events)
    trigger = (
        f"CREATE OR REPLACE TRIGGER {rule.name} BEFORE {events} ON {rule.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {rule.name}()"
    )
    return [function, trigger]


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    """Create or replace every rule's trigger; safe to run any number of times."""
    if connection.vendor == "sqlite":
        build = _sqlite_statements
    elif connection.vendor == "postgresql":
        build = _postgresql_statements
    else:
        raise RuntimeError(f"No integrity triggers for database vendor {connection.vendor!r}.")
    with connection.cursor() as cursor:
        for rule in RULES:
            for statement in build(rule):
                cursor.execute(statement)


def drop_triggers_for_rebuild(connection: BaseDatabaseWrapper) -> None:
    """Drop every rule's trigger on SQLite before a migration rebuilds a table that one
    of them names (SQLite refuses to rename the rebuilt table into place while a
    trigger on another table refers to it); `install_triggers` puts them back.
    PostgreSQL alters tables in place and keeps its triggers."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for rule in RULES:
            for event in rule.events:
                cursor.execute(f"DROP TRIGGER IF EXISTS {rule.name}_{event.split()[0].lower()}")


def installed_trigger_names(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}
