"""Demo BOMs and quotes: real rows the services read back, and the id sequences still work."""

from __future__ import annotations

from decimal import Decimal as D

from gojee_desktop.services import bom, quotes
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.demo.generate import generate_demo
from gojee_desktop.services.demo.quotes import generate_demo_quotes
from gojee_desktop.services.price_book import list_items


def test_demo_gives_some_jobs_boms_and_quotes(db):
    generate_demo(db, 60, 40, seed=3)
    result = generate_demo_quotes(db, 25, seed=3)
    assert result.boms == 25 and 0 < result.quotes <= 25 and result.lines >= 50
    assert len(list_items(db.sessions)) >= 10
    with db.sessions() as session:
        job_ids = bom.job_ids_with_lines(session)
    assert len(job_ids) == 25
    statuses = set()
    for job_id in job_ids:
        view = bom.get_bom(db.sessions, job_id)
        assert view.totals.grand_total > 0
        found = quotes.list_quotes(db.sessions, job_id)
        if found:
            detail = quotes.get_quote(db.sessions, found[0].number)
            assert detail.totals == view.totals  # the snapshot equals the BOM it came from
            assert view.frozen == (detail.summary.status == "accepted")
            statuses.add(detail.summary.status)
    assert len(statuses) >= 2
    # New rows after the bulk insert get fresh ids (PostgreSQL sequences were moved on).
    editable = next(j for j in job_ids if not bom.get_bom(db.sessions, j).frozen)
    bom.add_line(db.sessions, editable, LineData(description="Extra", unit_cost=D(1)), section_name="New one")
    again = generate_demo_quotes(db, 5, seed=4)
    assert again.boms == 5
