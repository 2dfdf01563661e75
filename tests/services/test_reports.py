"""Dashboard figures on a small business whose every number is worked out by hand, on SQLite
and PostgreSQL: pipeline per stage, weighted forecast, the period's cohort (conversion and
median days, won/lost with reasons, by source, by assignee)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete, select, update

from gojee_desktop.models import Job, job_assignees
from gojee_desktop.services import catalog, conversion, jobs, pipelines
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.services.reports import Period, assignee_figures, dashboard_figures, named_period
from gojee_desktop.store.database import Database

PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))


def _at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=UTC)


def _set_times(db: Database, job_id: int, created: str, converted: str | None = None) -> None:
    values: dict[str, object] = {"created_at": _at(created)}
    if converted:
        values["converted_at"] = _at(converted)
    with db.sessions() as session, session.begin():
        session.execute(update(Job).where(Job.id == job_id).values(**values))


def _lead(db: Database, title: str, value: str, created: str, **fields: object) -> int:
    job_id = jobs.create_lead(db.sessions, NewJob(title=title, value=Decimal(value), **fields)).summary.id  # type: ignore[arg-type]
    _set_times(db, job_id, created)
    return job_id


@pytest.fixture
def business(db: Database) -> Database:
    stages = {s.name: s.id for s in pipelines.list_stages(db.sessions, "leads")}
    sources = {s.name: s.id for s in catalog.list_items(db.sessions, "source_channel")}
    me = next(u.id for u in catalog.list_items(db.sessions, "user") if u.name == "Me")
    lost_status = next(s.id for s in catalog.list_statuses(db.sessions) if s.key == "lost")
    _lead(
        db,
        "A",
        "1000",
        "2026-01-10",
        stage_id=stages["Quoting"],
        expected_close=date(2026, 2, 15),
        source_channel_id=sources["Referral"],
        assignee_ids=[me],
    )
    _lead(
        db,
        "B",
        "500.05",
        "2026-02-01",
        stage_id=stages["Negotiation"],
        expected_close=date(2026, 2, 20),
        source_channel_id=sources["Website"],
    )
    c = _lead(db, "C", "2000", "2026-02-05", source_channel_id=sources["Referral"])
    d = _lead(db, "D", "300", "2026-03-01", source_channel_id=sources["Website"])
    for job_id, created, converted in ((c, "2026-02-05", "2026-02-15"), (d, "2026-03-01", "2026-03-21")):
        conversion.convert_lead(db.sessions, job_id)
        _set_times(db, job_id, created, converted)
    e = _lead(
        db, "E", "0", "2026-03-02", source_channel_id=sources["Referral"], expected_close=date(2026, 3, 9)
    )
    jobs.update_job(db.sessions, e, {"status_id": lost_status, "lost_reason": "Too expensive"})
    _lead(db, "F", "70", "2025-12-31", expected_close=date(2026, 1, 20))  # created before the period
    g = jobs.create_customer_job(db.sessions, NewJob(title="G", value=Decimal("999"))).summary.id
    _set_times(db, g, "2026-02-10", "2026-02-10")  # created as a customer job: never a lead
    _lead(db, "H", "100", "2026-01-20", currency="NZD", expected_close=date(2026, 3, 5))
    return db


def test_conversion_and_won_lost_follow_the_periods_cohort(business: Database) -> None:
    figures = dashboard_figures(business.sessions, PERIOD)
    assert figures.conversion.created == 6  # A B C D E H
    assert figures.conversion.converted == 2
    assert figures.conversion.rate == Decimal("0.3333")
    assert figures.conversion.median_days == Decimal("15.0")  # 10 and 20 days
    assert figures.won_lost.won == 2
    assert figures.won_lost.lost == 1
    assert figures.won_lost.reasons == {"Too expensive": 1}


def test_forecast_weights_open_leads_closing_in_the_period_by_their_stage(business: Database) -> None:
    figures = dashboard_figures(business.sessions, PERIOD)
    forecast = {(f.month, f.currency): f.weighted_value for f in figures.forecast}
    # A 1000 × 40 % + B 500.05 × 80 %; H 100 NZD × 10 % (New enquiry); F 70 × 10 % in January.
    # E is lost, C and D are customer jobs now: none of them counts.
    assert forecast == {
        ("2026-01", "AUD"): Decimal("7.00"),
        ("2026-02", "AUD"): Decimal("800.04"),
        ("2026-03", "NZD"): Decimal("10.00"),
    }


def test_part_months_alone_worked_by_hand(business: Database) -> None:
    """A period of part-months only (read from the jobs, one range across two months): a lead
    without a stage weighs nothing in the forecast, as in the totals; a customer job with a
    lost status and reason is no lost lead."""
    lost_status = next(s.id for s in catalog.list_statuses(business.sessions) if s.key == "lost")
    stageless = _lead(business, "S", "5000", "2025-11-01", expected_close=date(2026, 2, 25))
    won = _lead(business, "W", "10", "2026-03-03")
    conversion.convert_lead(business.sessions, won)
    _set_times(business, won, "2026-03-03", "2026-03-04")
    with business.sessions() as session, session.begin():
        session.execute(update(Job).where(Job.id == stageless).values(stage_id=None))
        session.execute(update(Job).where(Job.id == won).values(status_id=lost_status, lost_reason="Other"))
    figures = dashboard_figures(business.sessions, Period(date(2026, 2, 10), date(2026, 3, 8)))
    forecast = {(f.month, f.currency): (f.weighted_value, f.count) for f in figures.forecast}
    # A 1000 × 40 % + B 500.05 × 80 % in February; H 100 NZD × 10 % in March; S has no stage.
    assert forecast == {("2026-02", "AUD"): (Decimal("800.04"), 2), ("2026-03", "NZD"): (Decimal("10.00"), 1)}
    # Created 10 February to 8 March: D (converted), E (lost, a reason) and W (converted).
    assert (figures.conversion.created, figures.conversion.converted) == (3, 2)
    assert figures.won_lost.lost == 1
    assert figures.won_lost.reasons == {"Too expensive": 1}


def test_pipeline_shows_open_jobs_per_stage_and_currency_without_the_lost(business: Database) -> None:
    figures = dashboard_figures(business.sessions, PERIOD)
    shown = {(f.pipeline, f.stage, f.currency): (f.count, f.value) for f in figures.pipeline}
    assert shown[("leads", "Quoting", "AUD")] == (1, Decimal("1000.00"))
    assert shown[("leads", "Negotiation", "AUD")] == (1, Decimal("500.05"))
    assert shown[("leads", "New enquiry", "AUD")] == (1, Decimal("70.00"))  # F; E is lost
    assert shown[("leads", "New enquiry", "NZD")] == (1, Decimal("100.00"))
    assert shown[("jobs", "Scheduled", "AUD")] == (3, Decimal("3299.00"))  # C, D and G
    assert sum(count for count, _ in shown.values()) == 7
    assert [f.pipeline for f in figures.pipeline] == sorted(
        (f.pipeline for f in figures.pipeline), key=lambda p: p != "leads"
    )


def test_source_and_assignee_split_the_cohort(business: Database) -> None:
    figures = dashboard_figures(business.sessions, PERIOD)
    by_source = {(f.name, f.currency): (f.count, f.converted, f.value) for f in figures.by_source}
    assert by_source == {
        ("Referral", "AUD"): (3, 1, Decimal("3000.00")),
        ("Website", "AUD"): (2, 1, Decimal("800.05")),
        ("No source", "NZD"): (1, 0, Decimal("100.00")),
    }
    assignees = assignee_figures(business.sessions, PERIOD)
    by_assignee = {(f.name, f.currency): (f.count, f.converted) for f in assignees}
    assert by_assignee[("Me", "AUD")] == (1, 0)
    assert by_assignee[("Unassigned", "AUD")] == (4, 2)
    assert assignees[-1].name == "Unassigned"


def _by_assignee(db: Database, period: Period = PERIOD) -> dict[tuple[str, str], tuple[int, int, Decimal]]:
    return {
        (f.name, f.currency): (f.count, f.converted, f.value) for f in assignee_figures(db.sessions, period)
    }


def test_assignee_figures_follow_assignments_reassignments_and_deletes(business: Database) -> None:
    """Worked by hand: a job with two assignees counts for both; one without any is
    Unassigned; reassigning in bulk SQL, removing an assignee and deleting an assigned job
    move the figures at once (whole months come from the running totals, revision 0016)."""
    sessions = business.sessions
    me = next(u.id for u in catalog.list_items(sessions, "user") if u.name == "Me")
    ana = catalog.add_item(sessions, "user", "Ana").id
    bo = catalog.add_item(sessions, "user", "Bo").id
    with sessions() as session:
        ids = dict(session.execute(select(Job.title, Job.id)).tuples().all())
    jobs.update_job(sessions, ids["C"], {"assignee_ids": [ana, me]})
    jobs.update_job(sessions, ids["H"], {"assignee_ids": [ana]})
    assert _by_assignee(business) == {
        ("Ana", "AUD"): (1, 1, Decimal("2000.00")),
        ("Ana", "NZD"): (1, 0, Decimal("100.00")),
        ("Me", "AUD"): (2, 1, Decimal("3000.00")),
        ("Unassigned", "AUD"): (3, 1, Decimal("800.05")),
    }
    # Mid-January to 1 March: part-months from the jobs, February from the totals.
    assert _by_assignee(business, Period(date(2026, 1, 15), date(2026, 3, 1))) == {
        ("Ana", "AUD"): (1, 1, Decimal("2000.00")),
        ("Ana", "NZD"): (1, 0, Decimal("100.00")),
        ("Me", "AUD"): (1, 1, Decimal("2000.00")),
        ("Unassigned", "AUD"): (2, 1, Decimal("800.05")),
    }
    with sessions() as session, session.begin():
        session.execute(update(job_assignees).where(job_assignees.c.user_id == ana).values(user_id=bo))
        session.execute(delete(job_assignees).where(job_assignees.c.job_id == ids["H"]))
    jobs.delete_job(sessions, ids["A"])
    figures = assignee_figures(sessions, PERIOD)
    assert [(f.name, f.currency) for f in figures] == [
        ("Bo", "AUD"),
        ("Me", "AUD"),
        ("Unassigned", "AUD"),
        ("Unassigned", "NZD"),
    ]
    assert _by_assignee(business) == {
        ("Bo", "AUD"): (1, 1, Decimal("2000.00")),
        ("Me", "AUD"): (1, 1, Decimal("2000.00")),
        ("Unassigned", "AUD"): (3, 1, Decimal("800.05")),
        ("Unassigned", "NZD"): (1, 0, Decimal("100.00")),
    }
    assert figures[0].key_id == bo and figures[-1].key_id is None
    with sessions() as session, session.begin():  # the job's assignee rows cascade
        session.execute(delete(Job).where(Job.id == ids["C"]))
    assert _by_assignee(business) == {
        ("Unassigned", "AUD"): (3, 1, Decimal("800.05")),
        ("Unassigned", "NZD"): (1, 0, Decimal("100.00")),
    }


def test_median_days_of_an_odd_count_to_a_tenth_of_a_day(db: Database) -> None:
    for created, converted in (
        ("2026-01-01", "2026-01-03"),
        ("2026-01-05", "2026-01-12"),
        ("2026-01-10", "2026-02-09"),
    ):
        job_id = _lead(db, "x", "1", created)
        conversion.convert_lead(db.sessions, job_id)
        _set_times(db, job_id, created, converted)
    with db.sessions() as session, session.begin():  # 7.25 days for the middle one
        session.execute(
            update(Job)
            .where(Job.title == "x", Job.created_at == _at("2026-01-05"))
            .values(converted_at=datetime(2026, 1, 12, 18, 0, tzinfo=UTC))
        )
    figures = dashboard_figures(db.sessions, PERIOD)
    assert figures.conversion.median_days == Decimal("7.3")  # 2, 7.25 and 30 days


def test_an_empty_period_gives_zeros_not_errors(db: Database) -> None:
    figures = dashboard_figures(db.sessions, Period(date(2020, 1, 1), date(2020, 1, 31)))
    assert figures.conversion.created == 0
    assert figures.conversion.rate == Decimal("0.0000")
    assert figures.conversion.median_days is None
    assert figures.won_lost.reasons == {}
    assert figures.forecast == [] and figures.by_source == []
    assert assignee_figures(db.sessions, Period(date(2020, 1, 1), date(2020, 1, 31))) == []


def test_a_part_month_is_read_from_its_smaller_side() -> None:
    """Days inside the period added, or the whole month from the totals and the days
    outside taken away: whichever reads fewer days of jobs."""
    from gojee_desktop.services.reports.windows import Window, split

    d = date
    assert split(d(2026, 1, 20), d(2026, 3, 10)) == Window(
        ("2026-02", "2026-03"), ((d(2026, 1, 20), d(2026, 2, 1)), (d(2026, 3, 1), d(2026, 3, 10)))
    )
    assert split(d(2026, 1, 3), d(2026, 3, 29)) == Window(
        ("2026-01", "2026-04"), (), ((d(2026, 1, 1), d(2026, 1, 3)), (d(2026, 3, 29), d(2026, 4, 1)))
    )
    assert split(d(2026, 1, 1), d(2026, 4, 1)) == Window(("2026-01", "2026-04"), ())
    # Inside one month: its few days outside the period, not the 26 inside it ...
    assert split(d(2026, 1, 3), d(2026, 1, 29)) == Window(
        ("2026-01", "2026-02"), (), ((d(2026, 1, 1), d(2026, 1, 3)), (d(2026, 1, 29), d(2026, 2, 1)))
    )
    assert split(d(2026, 1, 10), d(2026, 1, 20)) == Window(None, ((d(2026, 1, 10), d(2026, 1, 20)),))
    # ... and across two months without a whole one between, each end from its smaller side.
    assert split(d(2026, 10, 2), d(2026, 11, 30)) == Window(
        ("2026-10", "2026-12"), (), ((d(2026, 10, 1), d(2026, 10, 2)), (d(2026, 11, 30), d(2026, 12, 1)))
    )
    assert split(d(2026, 1, 16), d(2026, 2, 10)) == Window(
        ("2026-01", "2026-02"), ((d(2026, 2, 1), d(2026, 2, 10)),), ((d(2026, 1, 1), d(2026, 1, 16)),)
    )
    assert split(d(2026, 1, 16), d(2026, 2, 20)) == Window(
        ("2026-01", "2026-03"), (), ((d(2026, 1, 1), d(2026, 1, 16)), (d(2026, 2, 20), d(2026, 3, 1)))
    )
    assert split(d(2026, 1, 20), d(2026, 2, 10)) == Window(None, ((d(2026, 1, 20), d(2026, 2, 10)),))
    assert split(d(2026, 1, 5), d(2026, 1, 5)) == Window(None, ())
    # Part-months in whole UTC days and the hours around them (a local period's ends).
    from gojee_desktop.services.reports.windows import split_days

    def at(day: int, hour: int) -> datetime:
        return datetime(2026, 1, day, hour, tzinfo=UTC)

    assert split_days(at(15, 13), at(31, 0)) == Window(
        ("2026-01-16", "2026-01-31"), ((at(15, 13), at(16, 0)),)
    )
    assert split_days(at(15, 5), at(30, 20)) == Window(
        ("2026-01-15", "2026-01-31"), (), ((at(15, 0), at(15, 5)), (at(30, 20), at(31, 0)))
    )
    window = split(d(2026, 1, 3), d(2026, 3, 10))
    assert window.months == ("2026-01", "2026-03")
    assert window.ranges() == [(d(2026, 3, 1), d(2026, 3, 10), 1), (d(2026, 1, 1), d(2026, 1, 3), -1)]


def test_named_periods_and_a_backwards_period() -> None:
    today = date(2026, 12, 6)
    assert named_period("month", today) == Period(date(2026, 12, 1), date(2026, 12, 31))
    assert named_period("quarter", date(2026, 5, 15)) == Period(date(2026, 4, 1), date(2026, 6, 30))
    assert named_period("year", today) == Period(date(2026, 1, 1), date(2026, 12, 31))
    assert named_period("last12", today) == Period(date(2026, 1, 1), date(2026, 12, 31))
    assert named_period("last12", date(2026, 3, 2)) == Period(date(2025, 4, 1), date(2026, 3, 31))
    with pytest.raises(ValidationError, match="ends"):
        Period(date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(ValidationError, match="Unknown period"):
        named_period("decade", today)


def _read_directly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every figure read from the jobs alone, the period as one range: the oracle."""
    from gojee_desktop.services.reports import figures, windows

    def whole(period: Period) -> windows.Window:  # type: ignore[type-arg]
        begin, end = period.bounds()
        return windows.Window(None, ((begin, end),))

    def days(period: Period) -> windows.Window:  # type: ignore[type-arg]
        return windows.Window(None, ((period.start, period.end + timedelta(days=1)),))

    def one_range(begin: datetime, end: datetime) -> windows.Window:  # type: ignore[type-arg]
        return windows.Window(None, ((begin, end),))

    monkeypatch.setattr(figures, "created_window", whole)
    monkeypatch.setattr(figures, "close_window", days)
    monkeypatch.setattr(figures, "split_days", one_range)


@pytest.mark.parametrize("zone", ["UTC", "Australia/Sydney", "America/New_York"])
def test_totals_and_part_months_give_what_the_jobs_give(
    business: Database, zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Periods whose ends fall inside months, in time zones whose days are not UTC days:
    whole months from the running totals plus the ragged ends from the jobs give exactly
    what reading every job gives."""
    me = next(u.id for u in catalog.list_items(business.sessions, "user") if u.name == "Me")
    late = _lead(business, "I", "40", "2026-02-25", assignee_ids=[me], expected_close=date(2026, 2, 27))
    jobs.update_job(business.sessions, late, {"lost_reason": "Too expensive"})
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        periods = [
            PERIOD,
            Period(date(2026, 1, 15), date(2026, 3, 1)),
            Period(date(2026, 2, 1), date(2026, 2, 28)),
            Period(date(2025, 12, 31), date(2026, 2, 5)),
            Period(date(2026, 2, 10), date(2026, 2, 10)),
            # Part-months read as whole months minus the days outside the period, with jobs
            # created (A on 10 January, I on 25 February) and closing (B on 20 February) there.
            Period(date(2026, 1, 11), date(2026, 2, 8)),
            Period(date(2026, 1, 5), date(2026, 2, 17)),
            # Inside one month, and across two without a whole month between: the months
            # from the totals and the few days outside the period taken away (I closes on
            # 27 February, outside the first); or the period as one range (the last).
            Period(date(2026, 2, 3), date(2026, 2, 26)),
            Period(date(2026, 1, 3), date(2026, 2, 26)),
            Period(date(2026, 1, 20), date(2026, 2, 10)),
        ]
        split = [dashboard_figures(business.sessions, p) for p in periods]
        split_assignees = [assignee_figures(business.sessions, p) for p in periods]
        with monkeypatch.context() as patch:
            _read_directly(patch)
            direct = [dashboard_figures(business.sessions, p) for p in periods]
            direct_assignees = [assignee_figures(business.sessions, p) for p in periods]
        assert split == direct
        assert split_assignees == direct_assignees
        assert split_assignees[0] and split_assignees[1] != split_assignees[0]
        assert split[6].conversion.created == 4  # A, B, C and H; not I, created after the period
        assert split[0].conversion.created == 7  # with I
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_each_figure_lists_exactly_the_jobs_it_counts(business: Database) -> None:
    """The filters behind the dashboard's bars and slices (services.reports.drill) count
    what the figures count, on both databases."""
    from gojee_desktop.models import LIFECYCLE_CUSTOMER_JOB, LIFECYCLE_LEAD
    from gojee_desktop.services.job_query import JobQuery, count_jobs
    from gojee_desktop.services.reports.drill import FigureFilter, cohort_filter, month_days

    figures = dashboard_figures(business.sessions, PERIOD)
    statuses, stages = figures.lost_ids
    lost_ids = {"lost_status_ids": statuses, "lost_stage_ids": stages}

    def count(lifecycle: str, figure: FigureFilter, archived: bool | None = None) -> int:
        return count_jobs(business.sessions, JobQuery(lifecycle=lifecycle, archived=archived, figure=figure))

    for row in figures.by_source:
        still = cohort_filter(PERIOD, "x", source=row.key_id, currency=row.currency)
        won = cohort_filter(PERIOD, "x", source=row.key_id, currency=row.currency, converted=True)
        assert count(LIFECYCLE_LEAD, still) == row.count - row.converted, row
        assert count(LIFECYCLE_CUSTOMER_JOB, won) == row.converted, row
    for reason, n in figures.won_lost.reasons.items():
        assert (
            count(LIFECYCLE_LEAD, cohort_filter(PERIOD, "x", lost=True, lost_reason=reason, **lost_ids)) == n
        )
    assert count(LIFECYCLE_CUSTOMER_JOB, cohort_filter(PERIOD, "x", converted=True)) == figures.won_lost.won
    assert count(LIFECYCLE_LEAD, cohort_filter(PERIOD, "x", lost=True, **lost_ids)) == figures.won_lost.lost
    for month in figures.forecast:
        first, last = month_days(month.month, PERIOD)
        figure = FigureFilter("x", currency=month.currency, close_from=first, close_to=last, **lost_ids)
        assert count(LIFECYCLE_LEAD, figure, archived=False) == month.count > 0, month
    for stage in figures.pipeline:
        figure = FigureFilter("x", stage=stage.stage_id, currency=stage.currency, not_lost=True, **lost_ids)
        lifecycle = LIFECYCLE_LEAD if stage.pipeline == "leads" else LIFECYCLE_CUSTOMER_JOB
        assert count(lifecycle, figure, archived=False) == stage.count, stage
