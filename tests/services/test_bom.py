"""BOM editing on SQLite and PostgreSQL: sections, lines, order, checks, undo payloads."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from gojee_desktop.models import BomLine
from gojee_desktop.services import bom
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.company import CompanyInfo, get_company, save_company
from gojee_desktop.services.errors import NotFound, ValidationError
from gojee_desktop.services.jobs import NewJob, create_lead


@pytest.fixture
def job_id(db) -> int:
    return create_lead(db.sessions, NewJob(title="Kitchen rewire", currency="AUD")).id


def _line(description: str, qty: str = "1", cost: str = "10", **extra) -> LineData:
    return LineData(description=description, quantity=D(qty), unit_cost=D(cost), **extra)


def _descriptions(view: bom.BomView) -> list[list[str]]:
    return [[x.data.description for x in s.lines] for s in view.sections]


def test_lines_go_into_a_general_section_and_totals_add_up(db, job_id):
    bom.add_line(db.sessions, job_id, _line("Cable", "2.5", "4.00", markup=D(25), unit="m", tax_rate=D(10)))
    bom.add_line(db.sessions, job_id, _line("Labour", "1.5", "80", kind="labour", unit="h", tax_rate=D(10)))
    view = bom.get_bom(db.sessions, job_id)
    assert [s.name for s in view.sections] == ["General"]
    cable, labour = view.sections[0].lines
    assert cable.amounts.unit_price == D("5.00")
    assert cable.amounts.net == D("12.50")
    assert labour.amounts.net == D("120.00")
    assert view.totals.subtotal == D("132.50")
    assert view.totals.tax_total == D("13.25")
    assert view.totals.grand_total == D("145.75")
    assert cable.data.quantity == D("2.5")  # exact, not a float


def test_named_sections_positions_and_moves(db, job_id):
    bom.add_lines(db.sessions, job_id, [_line("A"), _line("B"), _line("C")], section_name="Switchboard")
    bom.add_line(db.sessions, job_id, _line("X"), section_name="Lighting")
    bom.add_line(db.sessions, job_id, _line("A2"), section_name="switchboard", position=1)
    view = bom.get_bom(db.sessions, job_id)
    assert _descriptions(view) == [["A", "A2", "B", "C"], ["X"]]
    switchboard, lighting = view.sections
    ids = {x.data.description: x.id for s in view.sections for x in s.lines}
    before = bom.layout(db.sessions, job_id)
    bom.move_lines(db.sessions, [ids["C"], ids["A"]], lighting.id, 0)
    assert _descriptions(bom.get_bom(db.sessions, job_id)) == [["A2", "B"], ["C", "A", "X"]]
    bom.move_lines(db.sessions, [ids["X"]], lighting.id, 0)
    assert _descriptions(bom.get_bom(db.sessions, job_id)) == [["A2", "B"], ["X", "C", "A"]]
    bom.move_lines(db.sessions, [ids["B"]], switchboard.id, 0)
    assert _descriptions(bom.get_bom(db.sessions, job_id)) == [["B", "A2"], ["X", "C", "A"]]
    bom.move_section(db.sessions, lighting.id, 0)
    assert [s.name for s in bom.get_bom(db.sessions, job_id).sections] == ["Lighting", "Switchboard"]
    bom.restore_layout(db.sessions, job_id, before)
    assert _descriptions(bom.get_bom(db.sessions, job_id)) == [["A", "A2", "B", "C"], ["X"]]


def test_update_returns_the_old_line_and_bad_values_write_nothing(db, job_id):
    line_id = bom.add_line(db.sessions, job_id, _line("Cable", "2", "10"))
    old = bom.update_line(db.sessions, line_id, {"quantity": D("3.75"), "unit_price": D("19.99")})
    assert old.quantity == D(2)
    line = bom.get_bom(db.sessions, job_id).sections[0].lines[0]
    assert line.amounts.net == D("74.96")  # 3.75 × 19.99 = 74.9625
    for changes, word in (
        ({"unit_cost": D("-1")}, "cannot be negative"),
        ({"discount": D("101")}, "between 0 and 100"),
        ({"tax_rate": D("-5")}, "between 0 and 100"),
        ({"kind": "magic"}, "material, labour, other"),
        ({"quantity": D("1.1234567")}, "at most 6 decimals"),
        ({"colour": "red"}, "do not exist"),
    ):
        with pytest.raises(ValidationError, match=word):
            bom.update_line(db.sessions, line_id, {"description": "changed", **changes})
    assert bom.get_bom(db.sessions, job_id).sections[0].lines[0].data.description == "Cable"


def test_delete_and_restore_lines_and_sections(db, job_id):
    ids = bom.add_lines(db.sessions, job_id, [_line("A"), _line("B"), _line("C")])
    deleted = bom.delete_lines(db.sessions, [ids[1]])
    assert _descriptions(bom.get_bom(db.sessions, job_id)) == [["A", "C"]]
    bom.restore_lines(db.sessions, deleted)
    view = bom.get_bom(db.sessions, job_id)
    assert _descriptions(view) == [["A", "B", "C"]]
    gone = bom.delete_section(db.sessions, view.sections[0].id)
    with db.sessions() as session:
        assert session.scalar(select(func.count(BomLine.id))) == 0
    bom.restore_section(db.sessions, gone)
    assert _descriptions(bom.get_bom(db.sessions, job_id)) == [["A", "B", "C"]]


def test_optional_lines_count_only_when_chosen(db, job_id):
    line_id = bom.add_line(db.sessions, job_id, _line("Upgrade", "1", "100", optional=True))
    assert bom.get_bom(db.sessions, job_id).totals.subtotal == D("0.00")
    bom.update_line(db.sessions, line_id, {"chosen": True})
    assert bom.get_bom(db.sessions, job_id).totals.subtotal == D("100.00")


def test_tax_rounding_setting_changes_the_totals(db, job_id):
    bom.add_lines(db.sessions, job_id, [_line("x", "1", "33.33", tax_rate=D(10))] * 3)
    assert bom.get_bom(db.sessions, job_id).totals.tax_total == D("9.99")
    save_company(db.sessions, CompanyInfo(name="Spark & Co", tax_rounding="total"))
    assert get_company(db.sessions).tax_rounding == "total"
    assert bom.get_bom(db.sessions, job_id).totals.tax_total == D("10.00")


def test_unknown_job_and_line(db):
    with pytest.raises(NotFound):
        bom.get_bom(db.sessions, 999999)
    with pytest.raises(NotFound):
        bom.update_line(db.sessions, 999999, {"quantity": D(1)})


def test_line_data_round_trips_through_a_dict():
    line = _line("Cable <b>", "2.5", "4.10", markup=D("12.5"), unit_price=None, optional=True)
    assert LineData.from_dict(line.as_dict()) == line
    with pytest.raises(ValidationError, match="not a number"):
        LineData.from_dict({"quantity": "abc"})
