"""Two clients racing 1,000 updates of one job on a real database: every refusal of a stale
write is reported (never a silent overwrite), and no update is lost. Also: a connection the
server dropped (a restart, an idle timeout) is replaced on the next use."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import text

from gojee_desktop.services import jobs
from gojee_desktop.services.errors import StaleRecord
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.store.database import Database, open_database

UPDATES = 1_000
CLIENTS = 2


def _client(url: str, job_id: int, quota: int, refusals: list[int], failures: list[BaseException]) -> None:
    """Add 1 to the job's value `quota` times, as a person would: read, change, save with the
    version read; a refused save is counted and done again from a fresh read."""
    database = open_database(url, migrate=False)
    try:
        done = 0
        while done < quota:
            (seen,) = jobs.get_summaries(database.sessions, [job_id])
            try:
                jobs.update_job(
                    database.sessions, job_id, {"value": seen.value + 1}, expected_version=seen.version
                )
            except StaleRecord:
                refusals.append(1)
                continue
            done += 1
    except BaseException as exc:  # reported to the test
        failures.append(exc)
    finally:
        database.dispose()


@pytest.mark.postgres
def test_two_clients_race_without_losing_an_update(db: Database):
    if db.dialect != "postgresql":
        pytest.skip("team mode is PostgreSQL; a file has one writer at a time")
    job = jobs.create_lead(db.sessions, NewJob(title="Contested job", value=Decimal(0), currency="AUD"))
    refusals: list[int] = []
    failures: list[BaseException] = []
    threads = [
        threading.Thread(target=_client, args=(db.url, job.id, UPDATES // CLIENTS, refusals, failures))
        for _ in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert failures == []
    final = jobs.get_job(db.sessions, job.id)
    assert final.summary.value == Decimal(UPDATES)  # zero lost updates
    assert final.version == 1 + UPDATES
    value_changes = [h for h in final.history if h.field == "value"]
    assert len(value_changes) == UPDATES  # each saved update is in the history once
    print(f"\n{db.dialect}: {UPDATES} updates by {CLIENTS} clients, {len(refusals)} stale writes refused")


@pytest.mark.postgres
def test_a_dropped_connection_is_replaced(db: Database):
    if db.dialect != "postgresql":
        pytest.skip("a server drops connections; a file does not")
    job = jobs.create_lead(db.sessions, NewJob(title="Before the restart"))
    killer = open_database(db.url, migrate=False)
    try:
        with killer.engine.begin() as connection:
            dropped = connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar()
    finally:
        killer.dispose()
    assert dropped and dropped >= 1  # the pooled connection of `db` was cut
    jobs.update_job(db.sessions, job.id, {"title": "After the restart"})
    assert jobs.get_job(db.sessions, job.id).summary.title == "After the restart"
