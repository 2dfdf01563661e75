"""The quotes tab, the company settings page and the price book dialog with real widgets."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal as D

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from gojee_desktop.services import bom
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.company import get_company
from gojee_desktop.services.jobs import NewJob, create_lead, get_job
from gojee_desktop.services.price_book import list_items
from gojee_desktop.services.quotes import get_quote
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.price_book_dialog import PriceBookDialog, PriceItemDialog
from gojee_desktop.ui.dialogs.quote_dialogs import CompareDialog
from gojee_desktop.ui.itemmodels.price_book_model import PriceBookModel
from gojee_desktop.ui.itemmodels.quote_list_model import QuoteListModel
from gojee_desktop.ui.widgets.company_settings import CompanySettings
from gojee_desktop.ui.widgets.quote_print import quote_html
from gojee_desktop.ui.widgets.quotes_panel import QuotesPanel, printing_available


@pytest.fixture
def context(sqlite_db):
    return AppContext.create(sqlite_db)


@pytest.fixture
def job_id(sqlite_db):
    job = create_lead(sqlite_db.sessions, NewJob(title="Garage <power> & lights"))
    bom.add_lines(
        sqlite_db.sessions,
        job.id,
        [
            LineData(
                description="Cable & clips <b>", quantity=D("12.5"), unit="m", unit_cost=D(2), tax_rate=D(10)
            )
        ],
        section_name="Power",
    )
    return job.id


@pytest.fixture
def panel(qtbot, context, job_id):
    widget = QuotesPanel(context, job_id)
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    return widget


def test_create_send_accept_revise_from_the_panel(qtbot, panel, sqlite_db, job_id, qtmodeltester):
    assert panel.new_button.text() == "&New quote"
    assert not panel.pdf_button.isEnabled()
    with qtbot.waitSignal(panel.changed):
        first = panel.new_quote()
    assert first is not None and panel.model.rowCount() == 1
    qtmodeltester.check(panel.model)
    assert panel.new_button.text() == "&Revise"
    assert panel.status_actions["sent"].isEnabled()
    assert panel.set_status("sent", confirm=False)
    assert get_job(sqlite_db.sessions, job_id).summary.status == "Quoted"
    assert not panel.status_actions["sent"].isEnabled()
    assert panel.set_status("accepted", confirm=False)
    assert get_job(sqlite_db.sessions, job_id).summary.status == "Approved"
    assert "frozen" in panel.hint.text()
    second = panel.new_quote()
    assert second is not None and second.summary.revision == 2
    assert [panel.model.index(r, 1).data() for r in range(2)] == ["Draft", "Accepted (old revision)"]


def test_compare_two_revisions(qtbot, panel, sqlite_db, job_id, monkeypatch):
    panel.new_quote()
    line = bom.get_bom(sqlite_db.sessions, job_id).sections[0].lines[0]
    bom.update_line(sqlite_db.sessions, line.id, {"quantity": D(20)})
    panel.new_quote()
    shown: list[CompareDialog] = []
    monkeypatch.setattr(CompareDialog, "exec", lambda self: shown.append(self) or 0)
    panel.select_row(0)
    panel.compare()
    assert len(shown) == 1
    table = shown[0].table
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == "Changed"
    assert "quantity: 12.5 → 20" in table.item(0, 3).text()


def test_save_as_pdf_writes_and_opens_it(qtbot, panel, tmp_path):
    panel.new_quote()
    opened: list[str] = []
    panel.open_file = lambda url: opened.append(url.toLocalFile()) or True
    target = panel.save_pdf(str(tmp_path / "quote.pdf"))
    assert target is not None and target.stat().st_size > 1000
    assert opened == [str(target)]
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Cable & clips <b>" in text


def test_print_is_offered_and_its_html_is_escaped(panel, sqlite_db):
    assert printing_available()  # PySide6-Essentials ships QtPrintSupport
    assert panel.print_button.isVisibleTo(panel)
    detail = panel.new_quote()
    assert detail is not None
    html = quote_html(get_quote(sqlite_db.sessions, detail.number), get_company(sqlite_db.sessions))
    assert "Cable &amp; clips &lt;b&gt;" in html and "<b>Cable" not in html
    assert "$27.50" in html  # 12.5 × 2 + 10 % tax


def test_company_settings_save_and_reject_a_bad_logo(qtbot, context, sqlite_db):
    page = CompanySettings(context)
    qtbot.addWidget(page)
    page.name.setText("Spark & Co")
    page.tax_number.setText("ABN 1")
    page.rounding.setCurrentIndex(1)
    page.valid_days.setValue(14)
    buffer = io.BytesIO()
    Image.new("RGB", (80, 30), (10, 80, 120)).save(buffer, "PNG")
    assert page.set_logo(buffer.getvalue())
    with qtbot.waitSignal(page.saved):
        assert page.save()
    stored = get_company(sqlite_db.sessions)
    assert (stored.name, stored.tax_number, stored.tax_rounding, stored.valid_days) == (
        "Spark & Co",
        "ABN 1",
        "total",
        14,
    )
    assert stored.logo == buffer.getvalue()
    assert not page.set_logo(b"not an image")
    assert "not an image" in page.message.text()
    page.name.setText("Changed")
    page.load()
    assert page.name.text() == "Spark & Co"


def test_price_book_dialog_adds_and_lists_items(qtbot, context, sqlite_db, monkeypatch, qtmodeltester):
    dialog = PriceBookDialog(context)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)

    def fill(self):
        self.code.setText("GPO-2")
        self.description.setText("Double power point")
        self.cost.setText("11.80")
        self.markup.setText("60 %")
        self._accept()
        return self.DialogCode.Accepted if self.result_item else self.DialogCode.Rejected

    monkeypatch.setattr(PriceItemDialog, "exec", fill)
    dialog.add_item()
    assert [i.code for i in list_items(sqlite_db.sessions)] == ["GPO-2"]
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 4).data() == "11.80"
    bad = PriceItemDialog(None)
    qtbot.addWidget(bad)
    bad.cost.setText("ten")
    bad._accept()
    assert "Unit cost" in bad.message.text() and bad.result_item is None


def test_list_models_pass_the_model_tester(qtmodeltester):
    qtmodeltester.check(QuoteListModel())
    qtmodeltester.check(PriceBookModel())


def test_enter_opens_details(qtbot, panel, monkeypatch):
    panel.new_quote()
    calls: list[bool] = []
    monkeypatch.setattr(panel, "edit_details", lambda: calls.append(True))
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert calls == [True]
