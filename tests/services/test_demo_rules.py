"""The sample business tells one consistent story: each job's status fits its stage, lost
leads say why, BOMs hold the items of the job's trade, an accepted quote's total is the job's
value, and the dates run created < converted < completed inside the last year, as a funnel."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from gojee_desktop.models import BomLine, BomSection, Job, Pipeline, Quote, Stage, Status
from gojee_desktop.money import to_minor
from gojee_desktop.services import quotes
from gojee_desktop.services.demo.sample_data import load_sample_data
from gojee_desktop.services.demo.trades import ITEMS, TRADES
from gojee_desktop.services.demo.words import LOST_REASONS, WORK
from gojee_desktop.store.database import Database

ALLOWED = {
    ("lead", "New enquiry"): {"new", "contacted"},
    ("lead", "Site visit"): {"contacted", "qualified"},
    ("lead", "Quoting"): {"qualified"},
    ("lead", "Quote sent"): {"quoted"},
    ("lead", "Negotiation"): {"quoted"},
    ("customer_job", "Scheduled"): {"approved"},
    ("customer_job", "In progress"): {"in_progress"},
    ("customer_job", "Awaiting materials"): {"in_progress"},
    ("customer_job", "Completed"): {"completed"},
    ("customer_job", "Invoiced"): {"completed"},
}
# Codes no roof repair, rewire or clean may carry, whatever the mapping says.
NOT_FOR = {
    "Roof leak repair": ("SMK-", "TIL-", "CBL-", "GPO-", "PLB-"),
    "Kitchen rewire": ("RF-", "TIL-", "CLN-", "LND-"),
    "End of lease clean": ("CBL-", "RF-", "SWB-", "LAB-ELEC"),
}


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


@pytest.fixture
def demo(db: Database) -> Database:
    load_sample_data(db, 1500, 500, boms=300, seed=21)
    return db


def _jobs(db: Database) -> list[Any]:
    with db.sessions() as session:
        return list(
            session.execute(
                select(
                    Job.id,
                    Job.lifecycle,
                    Job.title,
                    Job.value_minor,
                    Job.currency,
                    Job.lost_reason,
                    Job.created_at,
                    Job.converted_at,
                    Job.updated_at,
                    Stage.name.label("stage"),
                    Stage.position,
                    Stage.outcome,
                    Status.key.label("status"),
                )
                .join(Stage, Stage.id == Job.stage_id)
                .join(Status, Status.id == Job.status_id)
                .order_by(Job.id)
            )
        )


def test_every_status_fits_its_stage_and_lost_leads_say_why(demo: Database) -> None:
    jobs = _jobs(demo)
    assert len(jobs) == 2000
    lost = [job for job in jobs if job.status == "lost"]
    for job in jobs:
        if job.status == "lost":
            assert job.lifecycle == "lead"
            assert job.lost_reason in LOST_REASONS
        else:
            assert job.status in ALLOWED[(job.lifecycle, job.stage)], (job.stage, job.status)
            assert job.lost_reason == ""
        if job.status == "completed":
            assert job.outcome == "won"
    assert 100 < len(lost) < 500  # some leads are lost, at several stages, for several reasons
    assert len({job.stage for job in lost}) >= 3
    assert len({job.lost_reason for job in lost}) >= 3
    assert not any(job.stage == "New enquiry" for job in lost)


def test_bom_lines_are_the_items_of_the_jobs_trade(demo: Database) -> None:
    with demo.sessions() as session:
        lines = session.execute(
            select(Job.title, BomLine.item_code, BomLine.description)
            .join(BomSection, BomSection.job_id == Job.id)
            .join(BomLine, BomLine.section_id == BomSection.id)
        ).all()
    assert len(lines) > 600
    works = Counter()
    for title, code, description in lines:
        work = title.rsplit(" - ", 1)[0]
        works[work] += 1
        assert code in TRADES[work].items, (title, code)
        assert description == ITEMS[code][1]
        assert not code.startswith(NOT_FOR.get(work, ("-none-",))), (title, code)
    assert len(works) >= 15  # BOMs across most kinds of work
    assert set(TRADES) == {title for title, _, _ in WORK}


def test_a_jobs_value_is_its_accepted_quotes_grand_total(demo: Database) -> None:
    values = {job.id: (job.value_minor, job.currency, job.status) for job in _jobs(demo)}
    with demo.sessions() as session:
        quoted = session.execute(select(Quote.job_id, Quote.number, Quote.status)).all()
    accepted = [(job_id, number) for job_id, number, status in quoted if status == "accepted"]
    assert len(accepted) >= 40
    for job_id, number in accepted:
        detail = quotes.get_quote(demo.sessions, number)
        value, currency, status = values[job_id]
        assert value == to_minor(detail.totals.grand_total, currency)
        assert status in ("approved", "in_progress", "completed")
    statuses = {status for _, _, status in quoted}
    assert {"sent", "accepted"} <= statuses


def test_dates_run_created_converted_completed_within_the_year(demo: Database) -> None:
    now = datetime.now(UTC)
    year_ago = now - timedelta(days=366)
    jobs = _jobs(demo)
    ages: dict[int, list[float]] = defaultdict(list)
    months = Counter()
    for job in jobs:
        created, converted, updated = map(_aware, (job.created_at, job.converted_at, job.updated_at))
        assert year_ago < created < now
        assert created <= updated <= now
        months[(now - created).days // 31] += 1
        if job.lifecycle == "lead":
            assert converted is None
            if job.status != "lost":
                ages[job.position].append((now - created).total_seconds())
        else:
            assert converted is not None and created < converted <= now
            assert converted < updated  # completed (or last changed) after conversion
    assert set(months) >= set(range(12))  # enquiries in every month of the year
    # Leads further along the funnel are older, and fewer.
    mean = [sum(values) / len(values) for _, values in sorted(ages.items())]
    assert mean == sorted(mean)
    per_stage = Counter(job.position for job in jobs if job.lifecycle == "lead")
    counts = [per_stage[position] for position in sorted(per_stage)]
    assert counts == sorted(counts, reverse=True) and counts[0] > 3 * counts[-1]
    with demo.sessions() as session:
        issued = session.execute(
            select(Quote.issue_date, Quote.status, Job.created_at, Job.converted_at).join(
                Job, Job.id == Quote.job_id
            )
        ).all()
    for issue_date, status, created, converted in issued:
        assert _aware(created).date() <= issue_date <= now.date()  # type: ignore[union-attr]
        if status == "accepted":
            assert issue_date <= _aware(converted).date()  # type: ignore[union-attr]


def test_won_jobs_sit_in_won_stages_of_the_jobs_pipeline(demo: Database) -> None:
    with demo.sessions() as session:
        won = set(
            session.scalars(
                select(Stage.name).join(Pipeline).where(Pipeline.key == "jobs", Stage.outcome == "won")
            )
        )
    completed = {job.stage for job in _jobs(demo) if job.status == "completed"}
    assert completed and completed <= won
