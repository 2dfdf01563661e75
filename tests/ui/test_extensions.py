"""The job editor and the Settings dialog as the app assembles them: BOM and quotes tabs, the
stages, business and price-book pages, and BOM work that never blocks saving the job."""

from __future__ import annotations

import pytest

from gojee_desktop.services import bom, quotes
from gojee_desktop.services import jobs as job_service
from gojee_desktop.ui import extension_points, extensions
from gojee_desktop.ui.commands import undo
from gojee_desktop.ui.dialogs import job_editor
from gojee_desktop.ui.dialogs.job_editor import JobEditor
from gojee_desktop.ui.dialogs.settings_dialog import SettingsDialog
from gojee_desktop.ui.widgets.bom_editor import BomEditor
from gojee_desktop.ui.widgets.quotes_panel import QuotesPanel


@pytest.fixture
def installed(monkeypatch):
    monkeypatch.setattr(extension_points, "EDITOR_TAB_FACTORIES", [])
    monkeypatch.setattr(extension_points, "SETTINGS_PAGE_FACTORIES", [])
    extensions.install()
    extensions.install()  # twice adds nothing


def _editor(qtbot, context, job_id: int) -> JobEditor:
    editor = JobEditor(context, job_id)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_editor_has_bom_and_quotes_tabs(installed, qtbot, context, some_leads):
    editor = _editor(qtbot, context, some_leads[0])
    titles = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
    assert titles[-2:] == ["Bill of materials", "Quotes"]
    assert isinstance(editor.tabs.widget(editor.tabs.count() - 2), BomEditor)
    assert isinstance(editor.tabs.widget(editor.tabs.count() - 1), QuotesPanel)


def test_bom_and_quote_work_does_not_block_saving_the_job(installed, qtbot, context, some_leads, monkeypatch):
    shown: list[str] = []  # an error box would block the test: record it instead
    for module in (job_editor, undo):
        monkeypatch.setattr(module, "show_error", lambda _parent, error: shown.append(str(error)))
    job_id = some_leads[0]
    editor = _editor(qtbot, context, job_id)
    bom_tab = editor.tabs.widget(editor.tabs.count() - 2)
    assert isinstance(bom_tab, BomEditor)
    editor.title_edit.setText("Kitchen rewire, stage 2")  # an unsaved edit in the form
    bom_tab.add_line()  # the BOM tab of the same window
    qtbot.waitUntil(lambda: len(bom.get_bom(context.sessions, job_id).sections) == 1)
    quote = quotes.create_quote(context.sessions, job_id)
    context.signals.jobs_changed.emit([job_id])
    assert editor.save(), shown
    assert shown == []
    saved = job_service.get_job(context.sessions, job_id)
    assert saved.summary.title == "Kitchen rewire, stage 2"
    fields = [entry.field for entry in saved.history]
    assert "BOM line added" in fields and "quote" in fields
    assert quote.number == "Q-000001-1"


def test_settings_has_stages_business_and_price_book_pages(installed, qtbot, context):
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    pages = [dialog.page_list.item(i).text() for i in range(dialog.page_list.count())]
    assert pages[-4:] == ["Stages", "Business and quotes", "Price book", "Appearance"]
    assert "Statuses" in pages
