"""Hostile input, property-tested: whatever is typed into an amount, a date, the search box
or the `gojee` command line, the app answers with a value or a message, never an uncaught
exception or a traceback."""

from __future__ import annotations

import contextlib
import io
import string
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gojee_desktop.cli import main as gojee
from gojee_desktop.commands.common import CliError, parse_date, parse_decimal, parse_id
from gojee_desktop.money import MoneyError, parse_amount, parse_money
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.job_query import JobQuery, count_jobs, list_jobs
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store.database import Database

#: Text a user or a pasted file could give: any unicode, plus the characters that matter to
#: amounts, dates and full-text search, weighted so they show up often.
SPECIAL = [*"0123456789.,-+ '\"*()^:$€£¥%eE_\u00a0\u202f\u066b", "NEAR(", "AND", "OR", "NOT", "\x00"]
hostile_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(SPECIAL), max_size=30).map("".join),
    st.text(alphabet=string.printable, max_size=200),
)
QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@QUICK
@given(hostile_text)
def test_amounts_parse_or_say_why(text: str) -> None:
    for point, group in ((".", ","), (",", "."), (",", " ")):
        try:
            value = parse_amount(text, point, group)
        except MoneyError as error:
            assert str(error)
        else:
            assert isinstance(value, Decimal) and value.is_finite()


@QUICK
@given(hostile_text, st.sampled_from(["AUD", "JPY", "KWD", "EUR", "XYZ", "", "aud"]))
def test_money_parses_or_says_why(text: str, currency: str) -> None:
    try:
        value = parse_money(text, currency)
    except (MoneyError, GojeeError) as error:
        assert str(error)
    else:
        assert value.is_finite()


@QUICK
@given(hostile_text)
def test_command_line_values_parse_or_say_why(text: str) -> None:
    for parse in (lambda t: parse_date(t, "close"), lambda t: parse_decimal(t, "value"), parse_id):
        try:
            value = parse(text)
        except CliError as error:
            assert str(error)
        else:
            assert isinstance(value, date | Decimal | int)


def _database(tmp_path_factory: pytest.TempPathFactory, name: str) -> Database:
    return open_app_database(f"sqlite:///{tmp_path_factory.mktemp(name) / 'h.sqlite3'}")


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = _database(tmp_path_factory, "cli")
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def search_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = _database(tmp_path_factory, "search")
    from gojee_desktop.services.jobs import NewJob, create_lead

    for title in ("Kitchen rewire", 'Roof leak "urgent"', "Café fit-out", "NEAR the station", "50% deposit"):
        create_lead(database.sessions, NewJob(title=title))
    yield database
    database.dispose()


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(hostile_text, st.text(min_size=1000, max_size=3000)))
def test_search_text_never_breaks_the_query(search_db: Database, text: str) -> None:
    query = JobQuery(text=text, archived=None)
    try:
        rows = list_jobs(search_db.sessions, query, limit=10).rows
        total = count_jobs(search_db.sessions, query)
    except GojeeError as error:
        assert str(error)
    else:
        assert len(rows) <= total <= 5


WORDS = [
    "lead", "job", "list", "add", "show", "convert", "archive", "restore", "delete", "stage", "bom",
    "quote", "backup", "demo", "--title", "--value", "--currency", "--json", "--search", "--limit",
    "--stage", "--pipeline", "--close", "--leads", "--yes", "--list", "leads", "jobs", "42", "J-000001",
    "-1", "1e9", "2026-02-31", "--sort", "value", "--desc", "--no-stage", "--label",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(st.sampled_from(WORDS), hostile_text), max_size=7))
def test_any_command_line_exits_with_a_code_and_no_traceback(cli_db: Database, argv: list[str]) -> None:
    if "demo" in argv or ("restore" in argv) or ("backup" in argv and len(argv) > 1):
        argv = [a for a in argv if a not in ("demo", "restore", "backup")]  # slow or file-writing
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.suppress(SystemExit):
        code = gojee(["--database", cli_db.url, *argv])
        assert code in (0, 1, 2)
    assert "Traceback" not in out.getvalue() + err.getvalue()


def test_hostile_text_is_stored_and_read_back_exactly(cli_db: Database) -> None:
    from gojee_desktop.services.jobs import NewJob, create_lead, get_job

    nasty = 'Robert\'); DROP TABLE jobs;-- 🚀 \u202e NEAR(a b) "*" ' + "x" * 200
    job = create_lead(cli_db.sessions, NewJob(title=nasty))
    assert get_job(cli_db.sessions, job.id).summary.title == nasty.strip()


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(
        st.binary(max_size=400),
        hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(st.lists(hostile_text, max_size=5), max_size=6).map(
            lambda rows: "\n".join(",".join(cells) for cells in rows).encode("utf-8", "surrogatepass")
        ),
    ),
    st.sampled_from(["contacts.csv", "leads.tsv", "book.xlsx"]),
)
def test_any_file_bytes_are_read_or_refused_in_words(
    tmp_path_factory: pytest.TempPathFactory, content: bytes, name: str
) -> None:
    from gojee_desktop.services.capture.readers import ReadError, open_table

    path = tmp_path_factory.mktemp("file") / name
    path.write_bytes(content)
    try:
        table = open_table(path)
        rows = list(table.rows())
    except ReadError as error:
        assert str(error)
    else:
        assert all(isinstance(cell, str) for _number, cells in rows for cell in cells)


def test_an_amount_with_more_digits_than_a_decimal_holds_is_refused_in_words() -> None:
    with pytest.raises(MoneyError, match="too large an amount"):
        parse_money("100000000000000000000000000", "AUD")
    assert parse_money("1000000000000000000000000", "JPY") == Decimal("1000000000000000000000000")
