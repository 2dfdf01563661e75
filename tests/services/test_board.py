"""Board services on SQLite and PostgreSQL: columns in manual order, placements of changed
jobs, neighbour-only positions, putting moved jobs back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from gojee_desktop.models import Job
from gojee_desktop.services import board, jobs, pipelines
from gojee_desktop.services.errors import RuleViolation
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.services.jobs import NewJob

LEADS = JobQuery(lifecycle="lead")


def column(data: board.BoardData, stage_id: int) -> list[int]:
    return [e.id for e in data.entries if e.stage_id == stage_id]


def lead(db, title: str, value: str = "0", currency: str | None = None, stage_id: int | None = None) -> int:
    return jobs.create_lead(
        db.sessions, NewJob(title=title, value=Decimal(value), currency=currency, stage_id=stage_id)
    ).id


def test_board_lists_stages_and_cards_in_manual_order_with_filters(db):
    stages = pipelines.list_stages(db.sessions, "leads")
    a, b, c = (lead(db, t) for t in ("Alpha deck", "Bravo fence", "Charlie roof"))
    jobs.move_to_stage(db.sessions, c, stages[0].id, before_job_id=a)
    data = board.load_board(db.sessions, LEADS)
    assert [s.name for s in data.stages] == [s.name for s in stages]
    assert column(data, stages[0].id) == [c, a, b]
    assert data.default_currency == "AUD"
    assert data.status_colors["New"].startswith("#")
    filtered = board.load_board(db.sessions, JobQuery(lifecycle="lead", text="bravo"))
    assert [e.id for e in filtered.entries] == [b]
    jobs_board = board.load_board(db.sessions, JobQuery(lifecycle="customer_job"))
    assert jobs_board.pipeline == "jobs" and jobs_board.entries == []


def test_totals_per_currency_are_exact_decimals():
    totals = board.totals_by_currency([(1050, "AUD"), (1, "AUD"), (500, "JPY"), (1234, "KWD")])
    assert totals == {"AUD": Decimal("10.51"), "JPY": Decimal(500), "KWD": Decimal("1.234")}


def test_placements_give_the_next_matching_card(db):
    stages = pipelines.list_stages(db.sessions, "leads")
    a, b, c = (lead(db, t, "10") for t in ("A job", "B job", "C job"))
    jobs.move_to_stage(db.sessions, b, stages[1].id)
    found = board.placements(db.sessions, LEADS, [a, b, c])
    by_id = {p.entry.id: p for p in found}
    assert by_id[a].next_id == c and by_id[c].next_id is None
    assert by_id[b].entry.stage_id == stages[1].id and by_id[b].next_id is None
    assert by_id[a].entry.value_minor == 1000
    # Descending board order within a column: c is placed before a needs it as a neighbour.
    first_column = [p.entry.id for p in found if p.entry.stage_id == stages[0].id]
    assert first_column == [c, a]
    # A job that no longer matches the filter has no placement.
    assert board.placements(db.sessions, JobQuery(lifecycle="lead", text="B job"), [a, b]) == [
        p for p in found if p.entry.id == b
    ]


def test_moves_use_neighbours_and_renumber_only_when_the_gap_is_used_up(db):
    stage = pipelines.list_stages(db.sessions, "leads")[0]
    a, b, c = (lead(db, t) for t in ("A", "B", "C"))
    # Dropping repeatedly between the same two cards halves the gap until a renumber.
    for _ in range(60):
        jobs.move_to_stage(db.sessions, c, stage.id, before_job_id=b)
        jobs.move_to_stage(db.sessions, b, stage.id, before_job_id=c)
    data = board.load_board(db.sessions, LEADS)
    assert column(data, stage.id) == [a, b, c]
    jobs.move_jobs(db.sessions, [c, a], stage.id, before_job_id=b)
    assert column(board.load_board(db.sessions, LEADS), stage.id) == [c, a, b]
    with pytest.raises(RuleViolation, match="no longer in that column"):
        jobs.move_to_stage(db.sessions, a, stage.id, before_job_id=999_999)


def test_a_move_within_a_column_is_in_the_history(db):
    stage = pipelines.list_stages(db.sessions, "leads")[0]
    a, b = lead(db, "A"), lead(db, "B")
    jobs.move_to_stage(db.sessions, b, stage.id, before_job_id=a)
    history = jobs.get_job(db.sessions, b).history
    assert history[-1].field == "board order"
    assert stage.name in history[-1].new_value


def test_put_back_restores_column_order_status_and_lost_reason(db):
    stages = pipelines.list_stages(db.sessions, "leads")
    lost = pipelines.add_stage(db.sessions, "leads", "Lost", outcome="lost")
    a, b, c, d = (lead(db, t) for t in ("A", "B", "C", "D"))
    before = board.load_board(db.sessions, LEADS)
    places = board.remember_places(db.sessions, [b, c], {b: c, c: d})
    assert places[0].status_id is not None and places[0].lost_reason == ""
    jobs.move_jobs(db.sessions, [b, c], lost.id, lost_reason="Went elsewhere")
    moved = jobs.get_job(db.sessions, b)
    assert moved.summary.status == "Lost" and moved.lost_reason == "Went elsewhere"
    with db.sessions() as session:
        count = session.scalar(select(func.count(Job.id)))
    assert board.put_back(db.sessions, places) == [b, c]
    after = board.load_board(db.sessions, LEADS)
    assert column(after, stages[0].id) == column(before, stages[0].id) == [a, b, c, d]
    restored = jobs.get_job(db.sessions, b)
    assert restored.summary.status == "New" and restored.lost_reason == ""
    assert [h.field for h in restored.history][-3:] == ["stage", "status", "lost reason"]
    with db.sessions() as session:
        assert session.scalar(select(func.count(Job.id))) == count


def test_put_back_goes_to_the_end_when_the_old_neighbour_left(db):
    stages = pipelines.list_stages(db.sessions, "leads")
    a, b, c = (lead(db, t) for t in ("A", "B", "C"))
    places = board.remember_places(db.sessions, [a], {a: b})
    jobs.move_to_stage(db.sessions, a, stages[1].id)
    jobs.move_to_stage(db.sessions, b, stages[2].id)
    board.put_back(db.sessions, places)
    assert column(board.load_board(db.sessions, LEADS), stages[0].id) == [c, a]


def test_undo_conversion_puts_the_lead_back_before_its_old_neighbour(db):
    from gojee_desktop.services.conversion import convert_lead, undo_conversion

    stage = pipelines.list_stages(db.sessions, "leads")[0]
    a, b, c, d = (lead(db, t) for t in ("A", "B", "C", "D"))
    assert board.next_in_column(db.sessions, b) == c
    assert board.next_in_column(db.sessions, d) is None
    status = jobs.get_job(db.sessions, b).summary.status_id
    convert_lead(db.sessions, b)
    undo_conversion(db.sessions, b, stage.id, status, before_job_id=c)
    assert column(board.load_board(db.sessions, LEADS), stage.id) == [a, b, c, d]
    convert_lead(db.sessions, b)
    jobs.delete_job(db.sessions, c)  # the old neighbour is gone: back at the end
    undo_conversion(db.sessions, b, stage.id, status, before_job_id=c)
    assert column(board.load_board(db.sessions, LEADS), stage.id) == [a, d, b]


def test_open_board_reads_first_pages_and_aggregates_the_headers(db):
    stages = pipelines.list_stages(db.sessions, "leads")
    first = stages[0].id
    ids = [lead(db, f"Lead {i}", "10.50") for i in range(4)]
    euro = lead(db, "Euro lead", "7", currency="EUR")
    yen = lead(db, "Yen lead", "500", currency="JPY", stage_id=stages[1].id)
    jobs.archive_job(db.sessions, ids[3])
    head = board.open_board(db.sessions, LEADS, 2)
    page = head.pages[first]
    assert [e.id for e in page.entries] == ids[:2] and not page.complete
    assert head.pages[stages[1].id].complete and [e.id for e in head.pages[stages[1].id].entries] == [yen]
    assert None not in head.pages  # no column for jobs without a stage: there are none
    assert head.totals is not None
    assert head.totals[first] == board.ColumnTotals(4, {"AUD": 3150, "EUR": 700}, {"AUD": 3, "EUR": 1})
    assert head.totals[stages[1].id].minor == {"JPY": 500}
    assert stages[2].id not in head.totals  # an empty column has no aggregate row
    # Opening without the aggregate leaves it to the caller; when every column fits its
    # first page the figures come from the pages themselves, equal to the aggregate.
    assert board.open_board(db.sessions, LEADS, 2, totals=False).totals is None
    whole = board.open_board(db.sessions, LEADS, 50, totals=False)
    assert whole.totals == head.totals == board.column_totals(db.sessions, LEADS)
    filtered = board.column_totals(db.sessions, JobQuery(lifecycle="lead", text="euro"))
    assert filtered == {first: board.ColumnTotals(1, {"EUR": 700}, {"EUR": 1})}
    assert euro in [e.id for e in board.open_board(db.sessions, LEADS, 5).pages[first].entries]


def walk(db, stage_id: int, limit: int) -> list[int]:
    """A column's ids read page by page, each after the last card of the one before."""
    walked: list[int] = []
    while True:
        page = board.column_page(db.sessions, LEADS, stage_id, walked[-1] if walked else None, limit)
        assert page is not None
        walked += [e.id for e in page.entries]
        if page.complete:
            return walked


def test_column_pages_walk_a_column_in_board_order(db):
    stage = pipelines.list_stages(db.sessions, "leads")[0]
    ids = [lead(db, f"Lead {i}") for i in range(7)]
    jobs.move_to_stage(db.sessions, ids[6], stage.id, before_job_id=ids[0])
    jobs.move_to_stage(db.sessions, ids[2], stage.id, before_job_id=ids[5])
    order = column(board.load_board(db.sessions, LEADS), stage.id)
    assert walk(db, stage.id, 3) == order == [ids[6], ids[0], ids[1], ids[3], ids[4], ids[2], ids[5]]
    # Equal positions (as an old or imported board may have) still page without gaps.
    with db.sessions() as session, session.begin():
        session.execute(update(Job).where(Job.id.in_(ids)).values(board_position=1.0))
    assert walk(db, stage.id, 2) == sorted(ids)
    # After a card that has left the column there is no page: the board is behind.
    jobs.move_to_stage(db.sessions, ids[3], pipelines.list_stages(db.sessions, "leads")[1].id)
    assert board.column_page(db.sessions, LEADS, stage.id, ids[3], 2) is None
    # No-stage column and filters.
    assert board.column_page(db.sessions, LEADS, None, None, 5) == board.ColumnPage([], complete=True)
    page = board.column_page(db.sessions, JobQuery(lifecycle="lead", text="Lead 4"), stage.id, None, 5)
    assert page is not None and [e.id for e in page.entries] == [ids[4]]
