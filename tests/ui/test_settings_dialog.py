"""The settings dialog: every list managed from the GUI, changes reach open editors and
filter bars at once, errors in user words write nothing, extra pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QLabel

from gojee_desktop import locales
from gojee_desktop.services import catalog, jobs
from gojee_desktop.ui.commands import catalog as catalog_commands
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.job_editor import JobEditor
from gojee_desktop.ui.dialogs.settings_dialog import SETTINGS_PAGE_FACTORIES, SettingsDialog
from gojee_desktop.ui.itemmodels.job_table_model import column_index
from gojee_desktop.ui.main_window import MainWindow
from gojee_desktop.ui.widgets.filter_bar import FilterBar


def test_pages_and_changes_show_at_once(qtbot, context, some_leads, monkeypatch):
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    editor = JobEditor(context, some_leads[0])
    qtbot.addWidget(editor)
    bar = FilterBar(context, "lead")
    qtbot.addWidget(bar)
    titles = [dialog.page_list.item(i).text() for i in range(dialog.page_list.count())]
    assert titles[:6] == [
        "Statuses",
        "Source channels",
        "Labels",
        "Custom fields",
        "Team members",
        "Currency",
    ]
    assert titles[6] == "Language and formats"

    assert dialog.channels.add("Trade show")
    assert "Trade show" in dialog.channels.names()
    assert editor.source.findText("Trade show") >= 0
    assert dialog.labels.add("Heritage")
    assert "Heritage" in [editor.labels.add_box.itemText(i) for i in range(editor.labels.add_box.count())]
    assert dialog.team.add("Ravi Shah")
    assert "Assignees" in editor.assignees.text()
    assert "Ravi Shah" in [a.text() for a in bar.assignee.menu().actions()]
    assert dialog.statuses.add("On hold", "lead")
    assert editor.status.findText("On hold") >= 0
    assert dialog.custom_fields.add("Gate code", "text")
    field = next(f for f in catalog.list_custom_fields(context.sessions) if f.name == "Gate code")
    editor.custom.widget(field.id)  # the editor grew the field
    dialog.labels.select_name("Heritage")
    label_id = dialog.labels.current_id()
    assert dialog.labels.rename(label_id, "Heritage listed")
    assert "Heritage listed" in dialog.labels.names()
    assert dialog.labels.delete(label_id)
    assert "Heritage listed" not in dialog.labels.names()
    assert dialog.currency.set_currency("NZD")
    assert catalog.get_default_currency(context.sessions) == "NZD"
    assert dialog.currency.country.currentData() == "NZ"  # derived from the currency until set
    assert dialog.currency.set_country("GB")
    assert dialog.currency.country.currentText() == "United Kingdom (GB)"
    context.undo_stack.undo()
    assert dialog.currency.country.currentData() == "NZ"
    context.undo_stack.redo()


def test_bad_input_is_refused_in_user_words(qtbot, context, monkeypatch):
    shown = []
    monkeypatch.setattr(catalog_commands, "show_error", lambda parent, error: shown.append(str(error)))
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    before = dialog.channels.names()
    assert not dialog.channels.add("   ")
    assert not dialog.channels.add(before[0])
    assert dialog.channels.names() == before
    assert len(shown) == 2 and all(shown)
    assert not dialog.currency.set_currency("XX")
    assert catalog.get_default_currency(context.sessions) == "AUD"


def test_statuses_reorder(qtbot, context):
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    names = dialog.statuses.names()
    dialog.statuses.list.setCurrentRow(0)
    assert dialog.statuses.move_current(1)
    assert dialog.statuses.names()[:2] == [names[1], names[0]]


def test_extra_pages(qtbot, context):
    SETTINGS_PAGE_FACTORIES.append(lambda ctx: (QLabel("tax"), "Quotes"))
    try:
        dialog = SettingsDialog(context)
        qtbot.addWidget(dialog)
    finally:
        SETTINGS_PAGE_FACTORIES.clear()
    dialog.add_page(QLabel("more"), "More")
    titles = [dialog.page_list.item(i).text() for i in range(dialog.page_list.count())]
    assert titles[-2:] == ["Quotes", "More"]
    dialog.show_page("More")
    assert dialog.pages.currentIndex() == dialog.pages.count() - 1


def test_settings_changes_undo_and_redo(qtbot, context, some_leads):
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    editor = JobEditor(context, some_leads[0])
    qtbot.addWidget(editor)
    stack = context.undo_stack
    assert not dialog.undo_button.isEnabled()
    assert dialog.labels.add("Heritage")
    assert stack.undoText() == "Add label 'Heritage'"
    assert dialog.undo_button.isEnabled()
    dialog.undo_button.click()
    assert "Heritage" not in dialog.labels.names()
    stack.redo()
    assert "Heritage" in dialog.labels.names()
    dialog.channels.select_name("Website")
    assert dialog.channels.rename(dialog.channels.current_id(), "Web form")
    assert editor.source.findText("Web form") >= 0
    stack.undo()
    assert "Website" in dialog.channels.names() and editor.source.findText("Website") >= 0
    assert dialog.currency.set_currency("EUR")
    stack.undo()
    assert catalog.get_default_currency(context.sessions) == "AUD"
    assert dialog.currency.currency.currentText() == "AUD"
    assert dialog.custom_fields.add("Gate code")
    stack.undo()
    assert catalog.list_custom_fields(context.sessions) == []
    assert dialog.statuses.add("On hold")
    stack.undo()
    assert "On hold" not in dialog.statuses.names()


def test_display_locale_is_a_setting_that_tables_and_editors_follow(qtbot, context, some_leads):
    """German formats from Settings: the open table redraws, the editor reads `1.234,50`,
    the choice is kept for the next start; an unknown locale is refused in words."""
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show_page("leads")
    model = main.current_page().table.model
    value = model.index(0, column_index("value"))
    assert model.data(value) == "$500.00"
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.show_page("Language and formats")
    page = dialog.formats
    assert page.locale_choice.currentText() == "System default (en_AU)"
    assert page.set_locale("de_DE")
    assert page.locale_choice.currentText() == "German (Germany) – de_DE"
    assert model.data(value) == "500,00\u00a0AU$"
    assert "1.234.567,50" in page.preview.text() and "31.03.26" in page.preview.text()
    assert context.settings.value("display/locale") == "de_DE"
    editor = JobEditor(context, some_leads[0])
    qtbot.addWidget(editor)
    assert editor.value.text() == "500,00"
    editor.value.setText("1.234,50")
    editor.expected_close.setText("31.03.2027")
    assert editor.save()
    detail = jobs.get_job(context.sessions, some_leads[0])
    assert detail.summary.value == Decimal("1234.50")
    assert detail.summary.expected_close == date(2027, 3, 31)

    assert not page.set_locale("xx_QQ")
    assert "not a known locale" in page.message.text()
    assert context.settings.value("display/locale") == "de_DE"
    # The next start (a new context on the same settings file) keeps German.
    locales.set_current_locale(None)
    AppContext.create(context.database)
    assert str(locales.current_locale()) == "de_DE"
    assert page.set_locale("")  # back to the system's
    assert model.data(value) == "$1,234.50"
