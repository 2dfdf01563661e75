"""Import at scale: people from a CSV file, with duplicate checking, into a SQLite database
that already holds many people (default 100,000), beside a baseline in the same run: the
same rows inserted with bare `sqlite3` `executemany` (no checks, no duplicates found).

Each measurement runs in its own process, so its peak RSS is its own. Reported: rows per
second (whole import: reading, checking every email and phone, duplicate matching, writing,
commit; also per CPU second, which a busy machine does not skew), peak RSS, the ratio to the
baseline, and, when two sizes are run, the RSS ratio
between them (flat memory: the bigger within 1.2x of the smaller).

    .venv/bin/python benchmarks/bench_import.py [--rows 10000 [--rows 100000]] [--existing 100000]
        [--at-organizations] [--postgres postgresql+psycopg://USER@HOST:PORT/DB]

One row in 20 repeats an existing person's email in another case (found and skipped).
With `--at-organizations` the existing people work at the 5,000 organisations the file's
rows name, so every row is matched by name against the people already there.
With `--postgres` the same runs go to PostgreSQL as well (the server of that URL; databases
`gojee_bench_import_*` are created there, each run in a fresh copy of a template), beside
the same rows inserted with bare psycopg `executemany`.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = [
    "Ann",
    "Bob",
    "Carol",
    "Dan",
    "Eve",
    "Fay",
    "Gus",
    "Hana",
    "Ivan",
    "Jo",
    "Kiri",
    "Liam",
    "Mia",
    "Noor",
]
LAST = ["Smith", "Nguyen", "Brown", "Wilson", "Taylor", "Singh", "Martin", "Lee", "Walker", "Khan", "Patel"]


def person(n: int, prefix: str) -> tuple[str, str, str, str]:
    """(name, email, phone, company) of the n-th made-up person; valid Australian mobiles."""
    name = f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]} {prefix}{n}"
    base, k = (10 if prefix == "old" else 26) + n % 15, n // 15  # unique, and old and new never share one
    phone = f"04{base} {k // 1000 % 1000:03d} {k % 1000:03d}"
    return name, f"{prefix}{n}@example.com", phone, f"Business {n % 5000}"


def _rss_mb() -> float:
    """This process's peak RSS. Linux's `ru_maxrss` survives exec, so a child would report at
    least its parent's size at the fork; the kernel's VmHWM is the program's own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


ORGANIZATIONS = 5_000  # "Business 0" ... as `person` names them


def existing_rows(
    existing: int, at_organizations: bool
) -> tuple[list[tuple[int, str]], list[tuple[int, str, int | None]], list[tuple[int, str, str, str]]]:
    """The existing organisations (id, name), people (id, name, organisation id) and their
    details (person id, kind, value, normalized). Without `at_organizations`: no organisation."""
    organizations = [(k + 1, f"Business {k}") for k in range(ORGANIZATIONS)] if at_organizations else []
    people: list[tuple[int, str, int | None]] = []
    details = []
    for n in range(existing):
        name, email, phone, _company = person(n, "old")
        people.append((n + 1, name, n % ORGANIZATIONS + 1 if at_organizations else None))
        details.append((n + 1, "email", email, email))
        details.append((n + 1, "phone", phone, f"+61{phone.replace(' ', '')[1:]}"))
    return organizations, people, details


def build(folder: Path, existing: int, rows: int, at_organizations: bool = False) -> tuple[Path, Path]:
    """A migrated database with `existing` people (and their details), and a CSV of `rows`."""
    from gojee_desktop.services.startup import open_app_database

    db_path = folder / f"base-{existing}{'-at-organizations' if at_organizations else ''}.sqlite3"
    if not db_path.exists():
        database = open_app_database(f"sqlite:///{db_path}")
        database.dispose()
        connection = sqlite3.connect(db_path)
        organizations, people, details = existing_rows(existing, at_organizations)
        connection.executemany(
            "INSERT INTO organizations (id, name, archived, notes) VALUES (?, ?, 0, '')", organizations
        )
        connection.executemany("INSERT INTO persons (id, name, organization_id) VALUES (?, ?, ?)", people)
        connection.executemany(
            "INSERT INTO contact_details (person_id, kind, label, value, normalized, position)"
            " VALUES (?, ?, '', ?, ?, 0)",
            details,
        )
        connection.commit()
        connection.close()
    csv_path = folder / f"import-{rows}.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Name", "Email", "Phone", "Company"])
        for n in range(rows):
            if n % 20 == 19 and existing:
                name, email, _phone, company = person(n % existing, "old")
                out.writerow([name, email.upper(), "", company])
            else:
                out.writerow(person(n, "new"))
    return db_path, csv_path


def _url(db: str) -> str:
    """A child's database: a PostgreSQL URL as it is, else a SQLite file's path."""
    return db if "://" in db else f"sqlite:///{db}"


def _driver_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as psycopg takes it."""
    return "postgresql://" + url.split("://", 1)[1]


def _pg_url(server_url: str, database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(server_url).set(database=database).render_as_string(hide_password=False)


def _pg_admin(server_url: str, *statements: str) -> None:
    """Statements outside a transaction (CREATE / DROP DATABASE) on the server's own database."""
    import psycopg

    with psycopg.connect(_driver_url(server_url), autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def build_postgres(server_url: str, existing: int, at_organizations: bool = False) -> str:
    """A template database on the server with `existing` people (as `build` makes them);
    made once, kept for later runs. Returns its name."""
    import psycopg

    from gojee_desktop.services.startup import open_app_database

    name = f"gojee_bench_import_base_{existing}{'_at_organizations' if at_organizations else ''}"
    with psycopg.connect(_driver_url(server_url), autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return name
    _pg_admin(server_url, f"CREATE DATABASE {name}_new")
    database = open_app_database(_pg_url(server_url, f"{name}_new"))
    database.dispose()
    organizations, people, details = existing_rows(existing, at_organizations)
    url = _driver_url(_pg_url(server_url, f"{name}_new"))
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO organizations (id, name, archived, notes) VALUES (%s, %s, false, '')", organizations
        )
        cursor.executemany("INSERT INTO persons (id, name, organization_id) VALUES (%s, %s, %s)", people)
        cursor.executemany(
            "INSERT INTO contact_details (person_id, kind, label, value, normalized, position)"
            " VALUES (%s, %s, '', %s, %s, 0)",
            details,
        )
        for table in ("organizations", "persons", "contact_details"):  # ids given: move the sequences on
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
    _pg_admin(server_url, f"ALTER DATABASE {name}_new RENAME TO {name}")
    return name


def child_import(db: str, csv_path: Path) -> dict[str, float]:
    from gojee_desktop.services.capture.importer import ImportOptions, run_import
    from gojee_desktop.services.capture.mapping import PEOPLE, auto_map
    from gojee_desktop.services.capture.readers import open_table
    from gojee_desktop.services.startup import open_app_database

    database = open_app_database(_url(db))
    start, cpu_start = time.perf_counter(), time.process_time()
    table = open_table(csv_path)
    summary = run_import(database.sessions, table, ImportOptions(auto_map(table.headers, PEOPLE)))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    database.dispose()
    assert summary.written and not summary.errors, summary.errors[:3]
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rows": summary.rows,
        "created": summary.created,
        "skipped": summary.skipped,
        "rss_mb": _rss_mb(),
    }


def _csv_rows(csv_path: Path) -> list[list[str]]:
    with csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return list(reader)


def _baseline_rows(
    rows: list[list[str]], first_id: int
) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]]]:
    """The baseline's people (id, name) and their details (person id, kind, value)."""
    people = [(first_id + i, row[0]) for i, row in enumerate(rows)]
    details = [
        (first_id + i, kind, value)
        for i, row in enumerate(rows)
        for kind, value in (("email", row[1]), ("phone", row[2]))
        if value
    ]
    return people, details


def child_baseline(db: str, csv_path: Path) -> dict[str, float]:
    if "://" in db:
        return _baseline_postgres(db, csv_path)
    connection = sqlite3.connect(db)
    start, cpu_start = time.perf_counter(), time.process_time()
    rows = _csv_rows(csv_path)
    first_id = (connection.execute("SELECT max(id) FROM persons").fetchone()[0] or 0) + 1
    people, details = _baseline_rows(rows, first_id)
    connection.executemany("INSERT INTO persons (id, name) VALUES (?, ?)", people)
    connection.executemany(
        "INSERT INTO contact_details (person_id, kind, label, value, position) VALUES (?, ?, '', ?, 0)",
        details,
    )
    connection.commit()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    connection.close()
    return {"seconds": seconds, "cpu": cpu, "rows": len(rows), "rss_mb": _rss_mb()}


def _baseline_postgres(url: str, csv_path: Path) -> dict[str, float]:
    """The SQLite baseline's inserts with bare psycopg `executemany`."""
    import psycopg

    with psycopg.connect(_driver_url(url)) as connection:
        start, cpu_start = time.perf_counter(), time.process_time()
        rows = _csv_rows(csv_path)
        with connection.cursor() as cursor:
            first_id = (cursor.execute("SELECT max(id) FROM persons").fetchone() or (0,))[0] + 1
            people, details = _baseline_rows(rows, first_id)
            cursor.executemany("INSERT INTO persons (id, name) VALUES (%s, %s)", people)
            cursor.executemany(
                "INSERT INTO contact_details (person_id, kind, label, value, position)"
                " VALUES (%s, %s, '', %s, 0)",
                details,
            )
        connection.commit()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return {"seconds": seconds, "cpu": cpu, "rows": len(rows), "rss_mb": _rss_mb()}


def run_child(kind: str, db_path: Path, csv_path: Path) -> dict[str, float]:
    work = db_path.with_name(f"{kind}-{csv_path.stem}.sqlite3")
    work.write_bytes(db_path.read_bytes())
    try:
        return _child(kind, str(work), csv_path)
    finally:
        work.unlink()


def run_child_postgres(kind: str, server_url: str, template: str, csv_path: Path) -> dict[str, float]:
    """A run in a fresh copy of the template database, dropped afterwards."""
    name = "gojee_bench_import_run"
    _pg_admin(server_url, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name} TEMPLATE {template}")
    try:
        return _child(kind, _pg_url(server_url, name), csv_path)
    finally:
        _pg_admin(server_url, f"DROP DATABASE IF EXISTS {name}")


def _child(kind: str, db: str, csv_path: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", kind, db, str(csv_path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def report(rows: int, ours: dict[str, float], base: dict[str, float], baseline: str) -> None:
    ours_rate = ours["rows"] / ours["seconds"]
    base_rate = base["rows"] / base["seconds"]
    print(
        f"{rows:>9,} rows  import {ours_rate:>9,.0f} rows/s ({ours['seconds']:.2f} s; "
        f"{ours['rows'] / ours['cpu']:,.0f} rows per CPU second), "
        f"{ours['created']:,.0f} created, {ours['skipped']:,.0f} duplicates skipped, "
        f"peak RSS {ours['rss_mb']:.0f} MB"
    )
    print(
        f"{'':>9}       baseline {base_rate:>7,.0f} rows/s ({base['seconds']:.2f} s; "
        f"{base['rows'] / base['cpu']:,.0f} rows per CPU second, {baseline}), "
        f"peak RSS {base['rss_mb']:.0f} MB;  import / baseline speed {ours_rate / base_rate:.3f}x "
        f"(per CPU second {base['cpu'] / ours['cpu'] * ours['rows'] / base['rows']:.3f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="rows in the file (repeatable)")
    parser.add_argument("--existing", type=int, default=100_000)
    parser.add_argument(
        "--at-organizations",
        action="store_true",
        help=f"the existing people work at {ORGANIZATIONS:,} organisations, the file's companies",
    )
    parser.add_argument("--folder", type=Path, help="keep the databases and files here")
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL server")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "DB", "CSV"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, db_path, csv_path = args.child
        worker = child_import if kind == "import" else child_baseline
        print(json.dumps(worker(db_path, Path(csv_path))))
        return
    sizes = args.rows or [10_000]
    folder = args.folder or Path(tempfile.mkdtemp(prefix="bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    where = f" at {ORGANIZATIONS:,} organisations" if args.at_organizations else ""
    print(f"existing people: {args.existing:,}{where}   folder: {folder}")
    results = {}
    for rows in sizes:
        db_path, csv_path = build(folder, args.existing, rows, args.at_organizations)
        ours = run_child("import", db_path, csv_path)
        base = run_child("baseline", db_path, csv_path)
        results[rows] = ours
        report(rows, ours, base, "bare sqlite3 executemany")
    if len(results) > 1:
        small, big = min(results), max(results)
        ratio = results[big]["rss_mb"] / results[small]["rss_mb"]
        print(f"peak RSS {big:,} rows / {small:,} rows: {ratio:.2f}x")
    if args.postgres:
        template = build_postgres(args.postgres, args.existing, args.at_organizations)
        print(f"PostgreSQL ({template}):")
        for rows in sizes:
            _db_path, csv_path = build(folder, args.existing, rows)
            ours = run_child_postgres("import", args.postgres, template, csv_path)
            base = run_child_postgres("baseline", args.postgres, template, csv_path)
            report(rows, ours, base, "bare psycopg executemany")


if __name__ == "__main__":
    main()
