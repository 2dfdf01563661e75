"""Triggers that keep the per-assignee running totals (`models.report_totals.
report_assignee_totals`) exact: a job counts once for each of its assignees, or once for
assignee 0 when it has none, in the month it was created, if it belongs to a cohort (a lead,
or a converted one).

So two tables move the totals. A write to `jobs` (its dates, lifecycle, currency or value)
moves the job's contribution for each of its current assignees; a write to `job_assignees`
(add, remove, reassign) moves the job between assignees, and to or from assignee 0 when its
first assignee arrives or its last one leaves.

Deleting a job cascades to its assignee rows. Both dialects run that cascade after the job's
row is gone (SQLite's foreign-key actions, PostgreSQL's referential-integrity triggers), and
fire the assignee rows' delete triggers even so; those find no job and change nothing, while
a BEFORE DELETE trigger on `jobs`, which still sees every assignee, takes the job out.
Deleting a user cascades the same way, with the jobs still there: the job moves to assignee 0
when that user was its last assignee.

SQLite runs row triggers one row at a time, so "first" and "last" assignee are read from the
table as it stands after each row. PostgreSQL runs row triggers after the whole statement,
when every row is already written, so `job_assignees` has statement triggers there, with
transition tables: the assignees before the statement are those after it, minus the rows
added, plus the rows removed.

Caveats, beyond those of `store.report_totals`: SQLite's `INSERT OR REPLACE` deletes a
conflicting row without firing delete triggers (unless `recursive_triggers` is on), so
neither table may be written with REPLACE; a migration that rebuilds `jobs` or
`job_assignees` in batch mode on SQLite drops these triggers and must call `create_triggers`
again; on PostgreSQL, one statement writing both a job and its assignees (a data-modifying
WITH) would count the job twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from gojee_desktop.models.jobs import LIFECYCLE_LEAD

TABLE = "report_assignee_totals"
#: The same totals per UTC day of creation (revision 0019): the part-months at a period's
#: ends read whole days from here, and only the part-days at its ends from the jobs.
DAY_TABLE = "report_assignee_days"
MEASURES = ("jobs", "converted", "value_minor")
#: The job columns the totals read: other updates of a job leave them alone.
JOB_COLUMNS = ("created_at", "converted_at", "lifecycle", "currency", "value_minor")

_MONTH = {
    "sqlite": "substr({j}.created_at, 1, 7)",
    "postgresql": "to_char({j}.created_at AT TIME ZONE 'UTC', 'YYYY-MM')",
}
_DAY = {
    "sqlite": "substr({j}.created_at, 1, 10)",
    "postgresql": "to_char({j}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
}
_CONVERTED = {
    "sqlite": "coalesce({j}.converted_at > {j}.created_at, 0)",
    "postgresql": "CASE WHEN {j}.converted_at > {j}.created_at THEN 1 ELSE 0 END",
}
#: A job in a cohort: a lead, or a converted one (a customer job created directly was never
#: a lead).
_COUNTS = {
    "sqlite": f"({{j}}.lifecycle = '{LIFECYCLE_LEAD}' OR coalesce({{j}}.converted_at > {{j}}.created_at, 0))",
    "postgresql": (
        f"({{j}}.lifecycle = '{LIFECYCLE_LEAD}' OR coalesce({{j}}.converted_at > {{j}}.created_at, false))"
    ),
}


@dataclass(frozen=True)
class _Spec:
    """One totals table: its name, the creation bucket it keys on, and that bucket's value
    for a job row `{j}` in each dialect."""

    table: str
    bucket: str
    of: dict[str, str]

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.bucket, "user_id", "currency")


MONTHS = _Spec(TABLE, "created_month", _MONTH)
DAYS = _Spec(DAY_TABLE, "created_day", _DAY)
#: Every per-assignee totals table (from revision 0019 on).
SPECS = (MONTHS, DAYS)


def _assignees_of(job_id: str) -> str:
    """A job's assignee ids, or 0 alone when it has none."""
    return (
        f"(SELECT user_id FROM job_assignees WHERE job_id = {job_id} "
        f"UNION ALL SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM job_assignees WHERE job_id = {job_id}))"
    )


def _part(spec: _Spec, dialect: str, job: str, user: str, sign: int, source: str, condition: str = "") -> str:
    """The contribution (`sign` 1 adds, -1 takes away) of the job `job` for `user`, over the
    rows of `source`, as the delta columns m, u, c, n, conv, v."""
    month, converted = spec.of[dialect].format(j=job), _CONVERTED[dialect].format(j=job)
    where = _COUNTS[dialect].format(j=job) + (f" AND {condition}" if condition else "")
    return (
        f"SELECT {month} AS m, {user} AS u, {job}.currency AS c, {sign} AS n, "
        f"{sign} * ({converted}) AS conv, {sign} * {job}.value_minor AS v FROM {source} WHERE {where}"
    )


def _apply(spec: _Spec, parts: list[str]) -> list[str]:
    """Add the delta rows of `parts` to the totals, then drop the groups left empty, so the
    table holds exactly the groups a GROUP BY over the jobs gives."""
    delta = " UNION ALL ".join(parts)
    updates = ", ".join(f"{m} = {spec.table}.{m} + excluded.{m}" for m in MEASURES)
    return [
        f"INSERT INTO {spec.table} ({', '.join(spec.keys + MEASURES)}) "
        f"SELECT m, u, c, sum(n), sum(conv), sum(v) FROM ({delta}) AS d WHERE true GROUP BY m, u, c "
        f"HAVING sum(n) <> 0 OR sum(conv) <> 0 OR sum(v) <> 0 "
        f"ON CONFLICT ({', '.join(spec.keys)}) DO UPDATE SET {updates}",
        f"DELETE FROM {spec.table} WHERE jobs = 0 AND ({', '.join(spec.keys)}) "
        f"IN (SELECT m, u, c FROM ({delta}) AS d)",
    ]


def _job_parts(spec: _Spec, dialect: str, row: str, sign: int) -> str:
    """The job `row` (NEW or OLD) for each of its current assignees."""
    return _part(spec, dialect, row, "a.user_id", sign, f"{_assignees_of(f'{row}.id')} AS a")


def _job_moves(spec: _Spec, dialect: str, row: str, sign: int) -> list[str]:
    """The job `row` added to (1) or taken from (-1) its groups, one per assignee (so no
    group repeats and no GROUP BY is needed), and the groups left empty dropped."""
    part = _job_parts(spec, dialect, row, sign)
    updates = ", ".join(f"{m} = {spec.table}.{m} + excluded.{m}" for m in MEASURES)
    statements = [
        f"INSERT INTO {spec.table} ({', '.join(spec.keys + MEASURES)}) {part} "
        f"ON CONFLICT ({', '.join(spec.keys)}) DO UPDATE SET {updates}"
    ]
    if sign < 0:
        keys = ", ".join(spec.keys)
        statements.append(
            f"DELETE FROM {spec.table} WHERE jobs = 0 AND ({keys}) IN (SELECT m, u, c FROM ({part}) AS d)"
        )
    return statements


def _job_amounts(spec: _Spec, dialect: str) -> str:
    """A job whose groups stay the same but whose value or conversion changed: its groups'
    amounts move by the difference (the common edit: one UPDATE, nothing grouped)."""
    new, old = _CONVERTED[dialect].format(j="NEW"), _CONVERTED[dialect].format(j="OLD")
    return (
        f"UPDATE {spec.table} SET converted = converted + ({new}) - ({old}), "
        f"value_minor = value_minor + NEW.value_minor - OLD.value_minor "
        f"WHERE {spec.bucket} = {spec.of[dialect].format(j='NEW')} AND currency = NEW.currency "
        f"AND user_id IN {_assignees_of('NEW.id')}"
    )


def _differ(dialect: str, values: list[str]) -> str:
    old = [v.format(j="OLD") for v in values]
    new = [v.format(j="NEW") for v in values]
    if dialect == "sqlite":
        return " OR ".join(f"({o}) IS NOT ({n})" for o, n in zip(old, new, strict=True))
    return f"ROW({', '.join(old)}) IS DISTINCT FROM ROW({', '.join(new)})"


def _groups_changed(spec: _Spec, dialect: str) -> str:
    """The job's groups change: its month, its currency, or whether it counts at all."""
    return _differ(dialect, [spec.of[dialect], "{j}.currency", _COUNTS[dialect]])


def _amounts_changed(spec: _Spec, dialect: str) -> str:
    """Same groups, counted, other amounts."""
    return (
        f"NOT ({_groups_changed(spec, dialect)}) AND {_COUNTS[dialect].format(j='NEW')} "
        f"AND ({_differ(dialect, [_CONVERTED[dialect], '{j}.value_minor'])})"
    )


def _sqlite_assignee_parts(spec: _Spec, row: str, sign: int, others: str) -> list[str]:
    """Assignee row `row` (NEW added, sign 1; OLD removed, sign -1): the job for that user,
    and the opposite for assignee 0 when no assignee matching `others` is beside it."""
    alone = (
        f"j.id = {row}.job_id AND NOT EXISTS "
        f"(SELECT 1 FROM job_assignees AS a WHERE a.job_id = {row}.job_id AND {others})"
    )
    return [
        _part(spec, "sqlite", "j", f"{row}.user_id", sign, "jobs AS j", f"j.id = {row}.job_id"),
        _part(spec, "sqlite", "j", "0", -sign, "jobs AS j", alone),
    ]


def _sqlite_ddl(spec: _Spec) -> list[str]:
    def body(parts: list[str]) -> str:
        return " ".join(f"{statement};" for statement in _apply(spec, parts))

    t = spec.table
    added = _sqlite_assignee_parts(spec, "NEW", 1, "a.user_id <> NEW.user_id")
    # A reassignment: the old row leaves (the new one not counted as left beside it), then
    # the new row arrives.
    left = _sqlite_assignee_parts(spec, "OLD", -1, "NOT (a.job_id = NEW.job_id AND a.user_id = NEW.user_id)")
    add_job, take_job = _job_moves(spec, "sqlite", "NEW", 1), _job_moves(spec, "sqlite", "OLD", -1)

    def steps(statements: list[str]) -> str:
        return " ".join(f"{statement};" for statement in statements)

    update = f"AFTER UPDATE OF {', '.join(JOB_COLUMNS)} ON jobs"
    return [
        f"CREATE TRIGGER {t}_job_insert AFTER INSERT ON jobs BEGIN {steps(add_job)} END",
        f"CREATE TRIGGER {t}_job_delete BEFORE DELETE ON jobs BEGIN {steps(take_job)} END",
        f"CREATE TRIGGER {t}_job_update {update} WHEN {_groups_changed(spec, 'sqlite')} "
        f"BEGIN {steps(take_job + add_job)} END",
        f"CREATE TRIGGER {t}_job_amounts {update} WHEN {_amounts_changed(spec, 'sqlite')} "
        f"BEGIN {_job_amounts(spec, 'sqlite')}; END",
        f"CREATE TRIGGER {t}_assignee_insert AFTER INSERT ON job_assignees BEGIN {body(added)} END",
        f"CREATE TRIGGER {t}_assignee_delete AFTER DELETE ON job_assignees "
        f"BEGIN {body(_sqlite_assignee_parts(spec, 'OLD', -1, '1 = 1'))} END",
        f"CREATE TRIGGER {t}_assignee_update AFTER UPDATE ON job_assignees "
        f"WHEN OLD.job_id IS NOT NEW.job_id OR OLD.user_id IS NOT NEW.user_id BEGIN {body(left + added)} END",
    ]


_NO_ROWS = "(SELECT NULL::integer AS job_id, NULL::integer AS user_id WHERE false)"


def _postgresql_assignee_delta(spec: _Spec, added: str, removed: str) -> list[str]:
    """One statement's assignee rows `added` and `removed` (transition tables): each job
    touched leaves its groups for the assignees it had before the statement (those after it,
    less the rows added, plus the rows removed) and joins those for the assignees after it;
    assignee 0 when it has none. Written once as WITH queries, materialised, so each
    statement reads the transition tables and the job's assignee rows once."""
    month, converted, counts = (e["postgresql"].format(j="j") for e in (spec.of, _CONVERTED, _COUNTS))

    def alone(rows: str) -> str:  # the touched jobs without a row in `rows`
        return f"touched AS t WHERE NOT EXISTS (SELECT FROM {rows} WHERE {rows}.job_id = t.job_id)"

    delta = (
        "WITH touched AS MATERIALIZED "
        f"(SELECT job_id FROM {added} AS x UNION SELECT job_id FROM {removed} AS y), "
        "now AS MATERIALIZED "
        "(SELECT a.job_id, a.user_id FROM job_assignees AS a JOIN touched USING (job_id)), "
        "was AS MATERIALIZED "
        f"((SELECT job_id, user_id FROM now EXCEPT SELECT job_id, user_id FROM {added} AS x) "
        f"UNION SELECT job_id, user_id FROM {removed} AS y), "
        "moves AS (SELECT job_id, user_id, 1 AS n FROM now "
        f"UNION ALL SELECT t.job_id, 0, 1 FROM {alone('now')} "
        "UNION ALL SELECT job_id, user_id, -1 FROM was "
        f"UNION ALL SELECT t.job_id, 0, -1 FROM {alone('was')}), "
        f"d AS (SELECT {month} AS m, moves.user_id AS u, j.currency AS c, sum(moves.n) AS n, "
        f"sum(moves.n * ({converted})) AS conv, sum(moves.n * j.value_minor) AS v "
        f"FROM moves JOIN jobs AS j ON j.id = moves.job_id WHERE {counts} GROUP BY 1, 2, 3) "
    )
    updates = ", ".join(f"{m} = {spec.table}.{m} + excluded.{m}" for m in MEASURES)
    keys = ", ".join(spec.keys)
    return [
        f"{delta}INSERT INTO {spec.table} ({', '.join(spec.keys + MEASURES)}) "
        f"SELECT m, u, c, n, conv, v FROM d "
        f"WHERE n <> 0 OR conv <> 0 OR v <> 0 ON CONFLICT ({keys}) DO UPDATE SET {updates}",
        f"{delta}DELETE FROM {spec.table} WHERE jobs = 0 AND ({keys}) IN (SELECT m, u, c FROM d)",
    ]


def _postgresql_function(name: str, statements: list[str], returns: str = "NULL") -> str:
    body = "\n".join(f"    {statement};" for statement in statements)
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body}\n"
        f"    RETURN {returns};\nEND $$"
    )


def _postgresql_ddl(spec: _Spec) -> list[str]:
    t = spec.table
    add_job, take_job = _job_moves(spec, "postgresql", "NEW", 1), _job_moves(spec, "postgresql", "OLD", -1)
    job_sync = (
        f"CREATE FUNCTION {t}_job_sync() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
        f"    IF TG_OP = 'INSERT' THEN\n"
        + "".join(f"        {s};\n" for s in add_job)
        + f"    ELSIF {_groups_changed(spec, 'postgresql')} THEN\n"
        + "".join(f"        {s};\n" for s in take_job + add_job)
        + f"    ELSIF {_amounts_changed(spec, 'postgresql')} THEN\n"
        + f"        {_job_amounts(spec, 'postgresql')};\n"
        + "    END IF;\n    RETURN NULL;\nEND $$"
    )
    statements = [
        job_sync,
        f"CREATE TRIGGER {t}_job_sync AFTER INSERT OR UPDATE OF {', '.join(JOB_COLUMNS)} ON jobs "
        f"FOR EACH ROW EXECUTE FUNCTION {t}_job_sync()",
        _postgresql_function(f"{t}_job_delete", take_job, "OLD"),
        f"CREATE TRIGGER {t}_job_delete BEFORE DELETE ON jobs FOR EACH ROW EXECUTE FUNCTION {t}_job_delete()",
    ]
    transitions = {
        "insert": ("REFERENCING NEW TABLE AS added", "added", _NO_ROWS),
        "delete": ("REFERENCING OLD TABLE AS removed", _NO_ROWS, "removed"),
        "update": ("REFERENCING OLD TABLE AS removed NEW TABLE AS added", "added", "removed"),
    }
    for event, (referencing, added, removed) in transitions.items():
        name = f"{t}_assignee_{event}"
        delta = _postgresql_assignee_delta(spec, added, removed)
        statements += [
            _postgresql_function(name, delta),
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON job_assignees {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    return statements


TRIGGERS = (
    ("jobs", "job_insert", "job_update", "job_amounts", "job_delete", "job_sync"),
    ("job_assignees", "assignee_insert", "assignee_update", "assignee_delete"),
)


def create_triggers(connection: Connection, specs: tuple[_Spec, ...] = (MONTHS,)) -> None:
    """The triggers (and on PostgreSQL their functions) on `jobs` and `job_assignees`, for
    each totals table of `specs`: the monthly one alone by default, as revision 0016 made
    it; a later migration that rebuilds `jobs` or `job_assignees` passes `SPECS`."""
    dialect = connection.dialect.name
    for spec in specs:
        for statement in _sqlite_ddl(spec) if dialect == "sqlite" else _postgresql_ddl(spec):
            connection.exec_driver_sql(statement)


def drop_triggers(connection: Connection, specs: tuple[_Spec, ...] = (MONTHS,)) -> None:
    sqlite = connection.dialect.name == "sqlite"
    for spec in specs:
        for table, *events in TRIGGERS:
            for event in events:
                name = f"{spec.table}_{event}"
                if sqlite:
                    connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
                else:
                    connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                    connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")


def fresh_totals_sql(dialect: str, spec: _Spec = MONTHS) -> str:
    """A GROUP BY over every job and its assignees giving what the totals must hold: fills
    them in the migration, and tests compare the two."""
    bucket, converted, counts = (e[dialect].format(j="j") for e in (spec.of, _CONVERTED, _COUNTS))
    return (
        f"SELECT {bucket}, coalesce(a.user_id, 0), j.currency, count(*), sum({converted}), "
        f"sum(j.value_minor) "
        f"FROM jobs AS j LEFT JOIN job_assignees AS a ON a.job_id = j.id WHERE {counts} "
        f"GROUP BY {bucket}, coalesce(a.user_id, 0), j.currency"
    )


def rebuild(connection: Connection, specs: tuple[_Spec, ...] = (MONTHS,)) -> None:
    """Fill the totals from the jobs and assignees as they are now."""
    for spec in specs:
        connection.exec_driver_sql(f"DELETE FROM {spec.table}")
        connection.exec_driver_sql(
            f"INSERT INTO {spec.table} ({', '.join(spec.keys + MEASURES)}) "
            f"{fresh_totals_sql(connection.dialect.name, spec)}"
        )
