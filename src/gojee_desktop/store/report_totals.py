"""Triggers that keep the dashboard's running totals (`models.report_totals`) exact: every
insert, update and delete of a job moves its count and value from its old group to its new
one in the same transaction, whoever writes it (services, imports, the demo, raw SQL).

One description per totals table gives both dialects: SQLite triggers with UPSERT, and
PostgreSQL trigger functions. A migration that rebuilds `jobs` in batch mode on SQLite drops
its triggers: such a migration must call `create_triggers` again afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from gojee_desktop.models.report_totals import LOST_REASON_KEY_CHARS


@dataclass(frozen=True)
class _Expr:
    """One value computed from a job row `{r}` (NEW, OLD or jobs) in each dialect."""

    sqlite: str
    postgresql: str

    def on(self, dialect: str, row: str) -> str:
        return getattr(self, dialect).format(r=row)


def _same(template: str) -> _Expr:
    return _Expr(template, template)


@dataclass(frozen=True)
class _Totals:
    table: str
    keys: dict[str, _Expr]
    measures: dict[str, _Expr]
    #: Which jobs count at all (None: every job).
    where: _Expr | None
    #: The job columns the keys, measures and condition read: other updates leave it alone.
    columns: tuple[str, ...]


CREATED_MONTH = _Expr(
    "substr({r}.created_at, 1, 7)",
    "to_char({r}.created_at AT TIME ZONE 'UTC', 'YYYY-MM')",
)
WAS_CONVERTED = _Expr(
    "coalesce({r}.converted_at > {r}.created_at, 0)",
    "coalesce({r}.converted_at > {r}.created_at, false)",
)
#: Tenths of a day from created to converted, rounded half away from zero.
DAYS_TENTHS = _Expr(
    "CAST(round((julianday({r}.converted_at) - julianday({r}.created_at)) * 10) AS INTEGER)",
    "CAST(round(extract(epoch FROM {r}.converted_at - {r}.created_at) / 8640) AS INTEGER)",
)
LOST_REASON = _Expr(
    f"substr(trim(coalesce({{r}}.lost_reason, '')), 1, {LOST_REASON_KEY_CHARS})",
    f"substr(btrim(coalesce({{r}}.lost_reason, '')), 1, {LOST_REASON_KEY_CHARS})",
)
COUNT_ONE = _same("1")
VALUE = _same("{r}.value_minor")

TOTALS = (
    _Totals(
        "report_stage_totals",
        keys={
            "lifecycle": _same("{r}.lifecycle"),
            "archived": _same("{r}.archived"),
            "stage_id": _same("coalesce({r}.stage_id, 0)"),
            "status_id": _same("coalesce({r}.status_id, 0)"),
            "currency": _same("{r}.currency"),
            "close_month": _Expr(
                "coalesce(substr({r}.expected_close, 1, 7), '')",
                "coalesce(to_char({r}.expected_close, 'YYYY-MM'), '')",
            ),
        },
        measures={"jobs": COUNT_ONE, "value_minor": VALUE},
        where=None,
        columns=(
            "lifecycle",
            "archived",
            "stage_id",
            "status_id",
            "currency",
            "expected_close",
            "value_minor",
        ),
    ),
    _Totals(
        "report_cohort_totals",
        keys={
            "created_month": CREATED_MONTH,
            "lifecycle": _same("{r}.lifecycle"),
            "converted": WAS_CONVERTED,
            "source_channel_id": _same("coalesce({r}.source_channel_id, 0)"),
            "currency": _same("{r}.currency"),
            "status_id": _same("coalesce({r}.status_id, 0)"),
            "stage_id": _same("coalesce({r}.stage_id, 0)"),
            "lost_reason": LOST_REASON,
        },
        measures={"jobs": COUNT_ONE, "value_minor": VALUE},
        where=None,
        columns=(
            "created_at",
            "lifecycle",
            "converted_at",
            "source_channel_id",
            "currency",
            "status_id",
            "stage_id",
            "lost_reason",
            "value_minor",
        ),
    ),
    _Totals(
        "report_convert_days",
        keys={"created_month": CREATED_MONTH, "days_tenths": DAYS_TENTHS},
        measures={"jobs": COUNT_ONE},
        where=_Expr("{r}.converted_at > {r}.created_at", "{r}.converted_at > {r}.created_at"),
        columns=("created_at", "converted_at"),
    ),
)


def _upsert(totals: _Totals, dialect: str, row: str, sign: str) -> str:
    """Add the job `row` to its group (`sign` '' adds, '-' takes away)."""
    names = [*totals.keys, *totals.measures]
    values = [e.on(dialect, row) for e in totals.keys.values()] + [
        f"{sign}({e.on(dialect, row)})" for e in totals.measures.values()
    ]
    where = totals.where.on(dialect, row) if totals.where else "1 = 1"
    updates = ", ".join(f"{m} = {totals.table}.{m} + excluded.{m}" for m in totals.measures)
    return (
        f"INSERT INTO {totals.table} ({', '.join(names)}) SELECT {', '.join(values)} WHERE {where} "
        f"ON CONFLICT ({', '.join(totals.keys)}) DO UPDATE SET {updates}"
    )


def _drop_empty(totals: _Totals, dialect: str, row: str) -> str:
    """Remove the group of `row` once no job is left in it, so the totals hold exactly the
    groups a GROUP BY over the jobs would give."""
    match = " AND ".join(f"{k} = {e.on(dialect, row)}" for k, e in totals.keys.items())
    return f"DELETE FROM {totals.table} WHERE {match} AND jobs = 0"


def _changed(totals: _Totals, dialect: str) -> str:
    parts = [*totals.keys.values(), *totals.measures.values()]
    if totals.where:
        parts.append(totals.where)
    if dialect == "sqlite":
        return " OR ".join(f"({e.on(dialect, 'OLD')}) IS NOT ({e.on(dialect, 'NEW')})" for e in parts)
    old = ", ".join(e.on(dialect, "OLD") for e in parts)
    new = ", ".join(e.on(dialect, "NEW") for e in parts)
    return f"ROW({old}) IS DISTINCT FROM ROW({new})"


def _sqlite_ddl(totals: _Totals) -> list[str]:
    t = totals.table
    add_new, take_old = _upsert(totals, "sqlite", "NEW", ""), _upsert(totals, "sqlite", "OLD", "-")
    drop_old = _drop_empty(totals, "sqlite", "OLD")
    return [
        f"CREATE TRIGGER {t}_insert AFTER INSERT ON jobs BEGIN {add_new}; END",
        f"CREATE TRIGGER {t}_delete AFTER DELETE ON jobs BEGIN {take_old}; {drop_old}; END",
        f"CREATE TRIGGER {t}_update AFTER UPDATE OF {', '.join(totals.columns)} ON jobs "
        f"WHEN {_changed(totals, 'sqlite')} BEGIN {take_old}; {drop_old}; {add_new}; END",
    ]


def _postgresql_ddl(totals: _Totals) -> list[str]:
    t = totals.table
    return [
        f"""CREATE FUNCTION {t}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND NOT ({_changed(totals, "postgresql")}) THEN
                RETURN NULL;
            END IF;
            IF TG_OP <> 'INSERT' THEN
                {_upsert(totals, "postgresql", "OLD", "-")};
                {_drop_empty(totals, "postgresql", "OLD")};
            END IF;
            IF TG_OP <> 'DELETE' THEN
                {_upsert(totals, "postgresql", "NEW", "")};
            END IF;
            RETURN NULL;
        END $$""",
        f"CREATE TRIGGER {t}_sync AFTER INSERT OR DELETE OR UPDATE OF {', '.join(totals.columns)} "
        f"ON jobs FOR EACH ROW EXECUTE FUNCTION {t}_sync()",
    ]


def create_triggers(connection: Connection) -> None:
    """The triggers (and on PostgreSQL their functions) for every totals table."""
    dialect = connection.dialect.name
    for totals in TOTALS:
        for statement in _sqlite_ddl(totals) if dialect == "sqlite" else _postgresql_ddl(totals):
            connection.exec_driver_sql(statement)


def drop_triggers(connection: Connection) -> None:
    for totals in TOTALS:
        if connection.dialect.name == "sqlite":
            for event in ("insert", "delete", "update"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {totals.table}_{event}")
        else:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {totals.table}_sync ON jobs")
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {totals.table}_sync()")


def fresh_totals_sql(table: str, dialect: str) -> str:
    """A GROUP BY over every job giving what `table` must hold: fills it in the migration,
    and tests compare the two."""
    totals = next(t for t in TOTALS if t.table == table)
    keys = [e.on(dialect, "jobs") for e in totals.keys.values()]
    measures = [
        "count(*)" if e is COUNT_ONE else f"sum({e.on(dialect, 'jobs')})" for e in totals.measures.values()
    ]
    where = f" WHERE {totals.where.on(dialect, 'jobs')}" if totals.where else ""
    return f"SELECT {', '.join(keys + measures)} FROM jobs{where} GROUP BY {', '.join(keys)}"


def rebuild(connection: Connection) -> None:
    """Fill every totals table from the jobs as they are now."""
    for totals in TOTALS:
        columns = ", ".join([*totals.keys, *totals.measures])
        connection.exec_driver_sql(f"DELETE FROM {totals.table}")
        fresh = fresh_totals_sql(totals.table, connection.dialect.name)
        connection.exec_driver_sql(f"INSERT INTO {totals.table} ({columns}) {fresh}")


TABLES = tuple(t.table for t in TOTALS)
