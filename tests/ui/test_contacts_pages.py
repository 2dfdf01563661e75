"""Contacts › People and Organisations: the lazy models pass the model tester, search and
sort in SQL, the editor saves (and refuses bad input inline), its Jobs tab opens a job with
Enter, delete is refused while jobs name the contact or moves them, and all of it undoes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from gojee_desktop.models import Job
from gojee_desktop.services import jobs
from gojee_desktop.services.contact_query import ORGANIZATION, PERSON, ContactQuery
from gojee_desktop.services.contact_records import ContactChanges, create_contact, get_contact
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.errors import NotFound
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui.dialogs.contact_editor import ContactEditor
from gojee_desktop.ui.itemmodels import contact_table_model
from gojee_desktop.ui.itemmodels.contact_jobs_model import ContactJobsModel
from gojee_desktop.ui.itemmodels.contact_table_model import CONTACT_ID_ROLE, ContactTableModel
from gojee_desktop.ui.main_window import MainWindow
from gojee_desktop.ui.pages.contacts_page import ARCHIVE_INSTEAD, MOVE_JOBS
from gojee_desktop.ui.pages.people import PeoplePage


@pytest.fixture
def people(context):
    """Three people (one at an organisation) and a lead for Ann."""
    ids = {}
    for name, org in (("Ann Smith", "Smith Builders"), ("Bob Jones", ""), ("Cara Lee", "")):
        ids[name] = create_contact(context.sessions, PERSON, ContactChanges(name=name, organization=org)).id
    lead = jobs.create_lead(
        context.sessions,
        NewJob(title="Deck", value=Decimal("900"), customer=CustomerInput(person_name="Ann Smith")),
    )
    ids["lead"] = lead.id
    return ids


def _names(model: ContactTableModel) -> list[str]:
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


@pytest.mark.parametrize("kind", [PERSON, ORGANIZATION])
def test_models_pass_the_model_tester(qtmodeltester, context, people, kind):
    model = ContactTableModel(context.sessions, ContactQuery(kind=kind))
    model.set_query(ContactQuery(kind=kind))
    qtmodeltester.check(model)
    assert model.rowCount() == (3 if kind == PERSON else 1)


def test_jobs_model_passes_the_model_tester(qtmodeltester, context, people):
    model = ContactJobsModel()
    model.set_jobs(get_contact(context.sessions, PERSON, people["Ann Smith"]).jobs)
    qtmodeltester.check(model)
    assert model.data(model.index(0, 1)) == "Deck"


def test_the_model_reads_blocks_past_the_first_and_counts_in_the_background(qtbot, context, monkeypatch):
    monkeypatch.setattr(contact_table_model, "BLOCK", 4)
    monkeypatch.setattr(contact_table_model, "DIRECT_ROWS", 8)
    for number in range(30):
        create_contact(context.sessions, PERSON, ContactChanges(name=f"Person {number:02d}"))
    model = ContactTableModel(context.sessions, ContactQuery())
    model.set_query(ContactQuery())
    assert model.is_counting() and model.rowCount() == 5
    assert model.wait_for_count() == 30
    assert _names(model) == [f"Person {n:02d}" for n in range(30)]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.wait_for_count()
    assert _names(model)[:2] == ["Person 29", "Person 28"]


def test_page_searches_as_you_type_and_hides_archived(qtbot, context, people):
    page = PeoplePage(context)
    qtbot.addWidget(page)
    page.load()
    assert _names(page.model) == ["Ann Smith", "Bob Jones", "Cara Lee"]
    page.search.setText("jon")
    qtbot.waitUntil(lambda: _names(page.model) == ["Bob Jones"])
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.view.selectRow(1)
    assert page.archive_selected(True)
    assert _names(page.model) == ["Ann Smith", "Cara Lee"]
    page.show_box.setCurrentIndex(1)  # Archived
    assert _names(page.model) == ["Bob Jones"]
    context.undo_stack.undo()
    assert _names(page.model) == []
    page.set_column_visible("email", False)
    assert "email" not in page.visible_columns()


def _active_people_page(qtbot, context) -> PeoplePage:
    """A People page shown, loaded and the active window, so keys reach it."""
    page = PeoplePage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.load()
    return page


def test_enter_opens_the_editor_and_save_is_undoable(qtbot, context, people):
    page = _active_people_page(qtbot, context)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, 0))
    QTest.keyClick(page.view, Qt.Key.Key_Return)
    editor = next(w for w in page.window().findChildren(ContactEditor) if w.contact_id == people["Ann Smith"])
    assert editor.name_edit.text() == "Ann Smith"
    assert editor.organization_edit is not None and editor.organization_edit.text() == "Smith Builders"
    assert "Open pipeline: <b>$900.00</b>" in editor.totals_label.text()
    editor.phones_edit.setPlainText("12")
    assert not editor.save()
    assert "not a valid phone" in editor.error_label.text()
    assert get_contact(context.sessions, PERSON, people["Ann Smith"]).details == ()
    editor.phones_edit.setPlainText("0412 345 678")
    editor.name_edit.setText("Ann Jones")
    assert editor.save()
    assert page.model.data(page.model.index(0, 0)) == "Ann Jones"
    assert jobs.get_job(context.sessions, people["lead"]).summary.customer == "Ann Jones"
    context.undo_stack.undo()
    record = get_contact(context.sessions, PERSON, people["Ann Smith"])
    assert (record.name, record.details) == ("Ann Smith", ())
    assert page.model.data(page.model.index(0, 0)) == "Ann Smith"


def test_jobs_tab_opens_a_job_with_enter(qtbot, context, people):
    editor = ContactEditor(context, PERSON, people["Ann Smith"])
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    editor.tabs.setCurrentIndex(editor.jobs_tab_index)
    assert editor.tabs.tabText(editor.jobs_tab_index) == "&Jobs (1)"
    editor.jobs_view.setFocus()
    editor.jobs_view.setCurrentIndex(editor.jobs_model.index(0, 0))
    with qtbot.waitSignal(context.signals.open_job_requested) as opened:
        QTest.keyClick(editor.jobs_view, Qt.Key.Key_Return)
    assert opened.args == [people["lead"]]


def test_new_person_from_the_editor(qtbot, context, people):
    editor = ContactEditor(context, PERSON, None)
    qtbot.addWidget(editor)
    editor.name_edit.setText("Dee Park")
    editor.emails_edit.setPlainText("dee@park.example\n")
    assert editor.save()
    found = [r for r in (get_contact(context.sessions, PERSON, editor.contact_id),)]
    assert found[0].values("email") == ("dee@park.example",)
    context.undo_stack.undo()
    with pytest.raises(NotFound):
        get_contact(context.sessions, PERSON, editor.contact_id)
    context.undo_stack.redo()
    assert get_contact(context.sessions, PERSON, editor.contact_id).name == "Dee Park"


def test_delete_with_jobs_offers_to_move_them_and_undo_puts_all_back(qtbot, context, people):
    page = PeoplePage(context)
    qtbot.addWidget(page)
    page.load()
    page.view.setCurrentIndex(page.model.index(0, 0))  # Ann, named by the lead
    page.ask_jobs_choice = lambda record: ARCHIVE_INSTEAD  # type: ignore[method-assign]
    assert page.delete_current()
    assert get_contact(context.sessions, PERSON, people["Ann Smith"]).archived
    context.undo_stack.undo()
    page.view.setCurrentIndex(page.model.index(0, 0))
    page.ask_jobs_choice = lambda record: MOVE_JOBS  # type: ignore[method-assign]
    page.ask_reassign_target = lambda record: people["Cara Lee"]  # type: ignore[method-assign]
    assert page.delete_current()
    assert _names(page.model) == ["Bob Jones", "Cara Lee"]
    with context.sessions() as session:
        assert session.scalar(select(Job.person_id).where(Job.id == people["lead"])) == people["Cara Lee"]
    context.undo_stack.undo()
    assert _names(page.model) == ["Ann Smith", "Bob Jones", "Cara Lee"]
    assert jobs.get_job(context.sessions, people["lead"]).summary.customer == "Ann Smith"
    page.view.setCurrentIndex(page.model.index(1, 0))  # Bob: no jobs, a plain question
    page.confirm_delete = lambda name: name == "Bob Jones"  # type: ignore[method-assign]
    assert page.delete_current()
    assert page.model.data(page.model.index(1, 0), CONTACT_ID_ROLE) == people["Cara Lee"]


def test_main_window_shows_the_contacts_pages_when_asked(qtbot, context, people):
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.contact_pages == {}  # built when first shown
    window.show_page("people")
    assert window.current_page_name() == "people"
    assert window.navigation.currentItem().text(0) == "People"
    assert window.row_count_label.text() == "3 people"
    window.show_page("organizations")
    assert window.current_page_name() == "organizations"
    assert window.row_count_label.text() == "1 organisation"
    window.show_page("leads")
    assert window.current_page_name() == "leads"
    people_item = next(i for i in window._navigation_items() if i.text(0) == "People")
    window.navigation.setCurrentItem(people_item)
    assert window.current_page_name() == "people"


def test_saved_views_keep_the_show_choice_order_and_columns_across_a_restart(qtbot, context, people):
    page = PeoplePage(context)
    qtbot.addWidget(page)
    page.load()
    page.show_box.setCurrentIndex(2)  # All
    page.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    page.set_column_visible("phone", False)
    page.save_view("Everyone, Z first")
    assert _names(page.model) == ["Cara Lee", "Bob Jones", "Ann Smith"]
    page.apply_view("All")
    assert page.query().archived is False and not page.query().descending
    page.apply_view("Everyone, Z first")
    again = PeoplePage(context)
    qtbot.addWidget(again)
    again.load()
    assert again.view_box.currentText() == "Everyone, Z first"
    assert (again.query().archived, again.query().descending) == (None, True)
    assert again.show_box.currentText() == "All"
    assert "phone" not in again.visible_columns()
    assert _names(again.model) == ["Cara Lee", "Bob Jones", "Ann Smith"]


def test_navigation_has_icons_and_live_count_badges(qtbot, context, people):
    from PySide6.QtCore import QThreadPool

    from gojee_desktop.ui.navigation_badges import BADGE_COLUMN, badge_text

    window = MainWindow(context)
    qtbot.addWidget(window)
    items = {item.text(0): item for item in window._navigation_items()}
    assert all(not items[name].icon(0).isNull() for name in ("Dashboard", "Leads", "People", "Organisations"))

    def badge(name: str) -> str:
        QThreadPool.globalInstance().waitForDone()
        return items[name].text(BADGE_COLUMN)

    qtbot.waitUntil(lambda: badge("People") == "3")
    assert (badge("Leads"), badge("Organisations")) == ("1", "1")
    create_contact(context.sessions, PERSON, ContactChanges(name="Dee Park"))
    context.signals.contacts_changed.emit(PERSON)
    qtbot.waitUntil(lambda: badge("People") == "4", timeout=5000)
    assert [badge_text(n) for n in (987, 12_345, 1_000_000, 1_250_000)] == ["987", "12.3k", "1M", "1.2M"]


def test_help_lists_every_shortcut_and_filters_as_you_type(qtbot, context, people):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show_page("people")
    dialog = window.show_shortcuts()
    rows = dialog.visible_rows()
    whats = {(what, keys) for _where, what, keys in rows}
    assert ("Leads", "Ctrl+2") in whats and ("People", "Ctrl+5") in whats
    assert ("Undo", "Ctrl+Z") in whats and ("Keyboard shortcuts", "Ctrl+/") in whats
    assert any(where == "People" and what == "Delete" for where, what, _keys in rows)
    dialog.search.setText("board")
    assert dialog.visible_rows() and all("board" in " ".join(row).lower() for row in dialog.visible_rows())
    dialog.search.setText("no such thing")
    assert dialog.visible_rows() == []
    dialog.close()


def _save_as(monkeypatch, path, offered: list) -> None:
    """The save dialog answers `path`; what it offered is kept."""
    from PySide6.QtWidgets import QFileDialog

    def answer(_parent, _title, suggested, filters):
        offered.append((suggested, filters))
        return str(path), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)


def test_export_this_list_on_people_writes_its_filtered_contacts(
    qtbot, context, people, tmp_path, monkeypatch
):
    import csv

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show_page("people")
    page = window.contact_pages["people"]
    page.search.setText("smith")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5_000)
    offered: list = []
    _save_as(monkeypatch, tmp_path / "people", offered)
    window.export_current()
    assert offered[0][0] == "people.xlsx" and "vCard (*.vcf)" in offered[0][1]
    assert not (tmp_path / "people").exists()  # the first filter's suffix was added
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "people.xlsx").active
    assert [[cell.value for cell in row][:2] for row in sheet.iter_rows()] == [
        ["Name", "Organisation"],
        ["Ann Smith", "Smith Builders"],
    ]
    assert window.statusBar().currentMessage() == "1 person exported to people.xlsx."
    page.search.setText("")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5_000)
    _save_as(monkeypatch, tmp_path / "all.csv", offered)
    window.export_current()
    rows = list(csv.reader((tmp_path / "all.csv").open(encoding="utf-8-sig")))
    assert [row[0] for row in rows[1:]] == ["Ann Smith", "Bob Jones", "Cara Lee"]


def test_selected_people_export_as_vcards(qtbot, context, people, tmp_path, monkeypatch):
    from gojee_desktop.services.capture.vcards import parse_vcards

    page = PeoplePage(context)
    qtbot.addWidget(page)
    page.load()
    page.view.selectRow(2)
    offered: list = []
    _save_as(monkeypatch, tmp_path / "one.vcf", offered)
    assert page.export_selected_vcards().rows == 1  # type: ignore[union-attr]
    assert offered[-1] == ("Cara Lee.vcf", "vCard (*.vcf)")
    assert [card.name for card in parse_vcards((tmp_path / "one.vcf").read_text(encoding="utf-8"))] == [
        "Cara Lee"
    ]
    page.view.selectAll()
    _save_as(monkeypatch, tmp_path / "all.vcf", offered)
    menu = page.build_context_menu()
    assert page.vcard_action in menu.actions()
    page.vcard_action.trigger()
    cards = parse_vcards((tmp_path / "all.vcf").read_text(encoding="utf-8"))
    assert [(card.name, card.organization) for card in cards] == [
        ("Ann Smith", "Smith Builders"),
        ("Bob Jones", ""),
        ("Cara Lee", ""),
    ]
    assert offered[-1][0] == "people.vcf"


def _check_label(page: PeoplePage, name: str, on: bool = True) -> None:
    action = next(a for a in page.label_filter.menu().actions() if a.text() == name)
    action.setChecked(on)


def test_label_filter_shows_only_the_people_with_every_checked_label(qtbot, context, people):
    from gojee_desktop.services.contact_records import update_contact

    for name, labels in (("Ann Smith", ("VIP", "Strata")), ("Bob Jones", ("VIP",))):
        update_contact(context.sessions, PERSON, people[name], ContactChanges(name=name, labels=labels))
    page = PeoplePage(context)
    qtbot.addWidget(page)
    page.load()
    assert [a.text() for a in page.label_filter.menu().actions()] == ["Strata", "VIP"]
    assert page.label_filter.text() == "Labels: any"
    _check_label(page, "VIP")
    assert _names(page.model) == ["Ann Smith", "Bob Jones"]
    assert page.label_filter.text() == "Labels: VIP"
    _check_label(page, "Strata")
    assert _names(page.model) == ["Ann Smith"]
    assert page.label_filter.text() == "Labels: 2"
    _check_label(page, "VIP", False)
    _check_label(page, "Strata", False)
    assert _names(page.model) == ["Ann Smith", "Bob Jones", "Cara Lee"]


def test_the_label_filter_is_saved_with_a_view_and_follows_the_settings(qtbot, context, people):
    from gojee_desktop.services import catalog
    from gojee_desktop.services.contact_records import update_contact

    update_contact(
        context.sessions, PERSON, people["Bob Jones"], ContactChanges(name="Bob Jones", labels=("VIP",))
    )
    page = PeoplePage(context)
    qtbot.addWidget(page)
    page.load()
    _check_label(page, "VIP")
    page.save_view("VIPs")
    page.apply_view("All")
    assert page.query().label_ids == () and page.label_filter.text() == "Labels: any"
    assert _names(page.model) == ["Ann Smith", "Bob Jones", "Cara Lee"]
    page.apply_view("VIPs")
    assert _names(page.model) == ["Bob Jones"]
    again = PeoplePage(context)  # the next start
    qtbot.addWidget(again)
    again.load()
    assert again.view_box.currentText() == "VIPs"
    assert again.label_filter.text() == "Labels: VIP"
    assert _names(again.model) == ["Bob Jones"]
    # A label added in the settings (or an editor) joins the filter's choices at once.
    catalog.add_item(context.sessions, "label", "Strata")
    context.signals.catalog_changed.emit("labels")
    assert [a.text() for a in again.label_filter.menu().actions()] == ["Strata", "VIP"]
    # A label deleted leaves the filter and the saved view shows everyone again.
    vip = next(i for i in catalog.list_items(context.sessions, "label") if i.name == "VIP")
    catalog.delete_item(context.sessions, "label", vip.id)
    context.signals.catalog_changed.emit("labels")
    assert again.query().label_ids == ()
    assert _names(again.model) == ["Ann Smith", "Bob Jones", "Cara Lee"]
    third = PeoplePage(context)
    qtbot.addWidget(third)
    third.load()
    assert third.query().label_ids == () and third.label_filter.text() == "Labels: any"


def test_the_editor_sets_labels_and_undo_takes_them_back(qtbot, context, people):
    editor = ContactEditor(context, PERSON, people["Cara Lee"])
    qtbot.addWidget(editor)
    assert editor.labels.chosen() == []
    line = editor.labels.add_box.lineEdit()
    line.setText("Strata")
    line.returnPressed.emit()  # a new name: the label is added, then chosen
    assert editor.labels.chip_texts() == ["Strata"]
    assert editor.save()
    assert get_contact(context.sessions, PERSON, people["Cara Lee"]).labels == ("Strata",)
    context.undo_stack.undo()
    assert get_contact(context.sessions, PERSON, people["Cara Lee"]).labels == ()
    context.undo_stack.redo()
    again = ContactEditor(context, PERSON, people["Cara Lee"])
    qtbot.addWidget(again)
    assert again.labels.chip_texts() == ["Strata"]


def test_alt_l_opens_the_label_filter(qtbot, context, people, monkeypatch):
    from PySide6.QtWidgets import QApplication

    page = _active_people_page(qtbot, context)
    opened: list[bool] = []
    # The real popup needs a window system; that the key reaches it is what is tested here.
    monkeypatch.setattr(page.label_filter, "showMenu", lambda: opened.append(True))
    page.search.setFocus()
    QTest.keyClick(page.search, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert opened == [True]
    assert QApplication.focusWidget() is page.label_filter


@pytest.mark.parametrize("how", ["button", "escape", "reject"])
def test_a_long_export_shows_progress_and_cancel_stops_it(qtbot, how):
    """The export runs on a worker thread behind a progress dialog; the window keeps
    answering, and Cancel stops the export at its next page."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    from gojee_desktop.services.capture.exporter import ExportCancelled
    from gojee_desktop.ui.dialogs.export_dialog import with_progress

    seen: list[str] = []

    def work(progress):
        done = 0
        while progress(done, 1_000_000):
            done += 500
            time.sleep(0.002)
            if time.monotonic() - started > 40:  # fail, not hang, when the cancel is lost
                raise AssertionError("the export was not cancelled")
        raise ExportCancelled("The export was cancelled; no file was written.")

    started = time.monotonic()

    def cancel_once_shown() -> None:
        """Once the dialog shows (after 400 ms; later on a busy machine), cancel it; after
        20 s cancel anyway, so a dialog that never shows fails the test instead of hanging it."""
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        shown = [d for d in dialogs if d.isVisible() and "rows" in d.labelText()]
        if not shown and time.monotonic() - started < 20:
            return
        poll.stop()
        seen.extend(d.labelText() for d in shown)
        for dialog in dialogs:
            if how == "button":
                dialog.findChild(QPushButton).click()
            elif how == "escape":
                QTest.keyClick(dialog, Qt.Key.Key_Escape)
            else:  # what Escape does where the dialog's Cancel shortcut is not active
                dialog.reject()

    poll = QTimer()
    poll.timeout.connect(cancel_once_shown)
    poll.start(50)
    with pytest.raises(ExportCancelled, match="no file was written"):
        with_progress(None, "Exporting to people.csv…", work)
    assert len(seen) == 1 and seen[0].startswith("Exporting to people.csv… ")
    assert seen[0].endswith("of 1,000,000 rows")
