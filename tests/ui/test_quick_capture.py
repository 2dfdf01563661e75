"""Quick capture (Ctrl+Shift+E) and the duplicate warning on manual creation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gojee_desktop.services import contacts, jobs
from gojee_desktop.services.activities.notes import list_notes
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.job_query import JobQuery, list_jobs
from gojee_desktop.ui.dialogs.quick_capture import QuickCaptureDialog
from gojee_desktop.ui.main_window import MainWindow


def test_ctrl_shift_e_opens_it_and_enter_saves_and_closes(qtbot, context):
    contacts.create_customer(context.sessions, CustomerInput(person_name="Bob Jones", phone="0412 345 678"))
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    QTest.keyClick(
        main, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QuickCaptureDialog) and w.isVisible()
    ]
    if not dialogs:  # offscreen windows may not take keyboard focus: the menu entry does the same
        main.enquiry_action.trigger()
        dialogs = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, QuickCaptureDialog) and w.isVisible()
        ]
    dialog = dialogs[0]
    assert main.enquiry_action.shortcut().toString() == "Ctrl+Shift+E"
    dialog.name.setText("Robert Jones")
    dialog.phone.setText("+61 412 345 678")
    dialog.check_duplicates()
    assert "Bob Jones" in dialog.duplicate.text() and "phone" in dialog.duplicate.text()
    dialog.name.setText("Bob Jones")  # it is him: his name picks him
    dialog.note.setText("Wants a quote for a deck")
    assert dialog.source.currentText() == "Phone enquiry"
    QTest.keyClick(dialog.note, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    lead = list_jobs(context.sessions, JobQuery(lifecycle="lead")).rows[0]
    assert (lead.title, lead.customer, lead.source_channel) == (
        "Enquiry from Bob Jones",
        "Bob Jones",
        "Phone enquiry",
    )
    history = jobs.get_job(context.sessions, lead.id).history
    assert [(h.field, h.new_value) for h in history][-1] == ("note", "Wants a quote for a deck")
    assert [n.body for n in list_notes(context.sessions, lead.id)] == ["Wants a quote for a deck"]
    assert len(contacts.search_people(context.sessions, "jones")) == 1


def test_bad_input_stays_in_the_form(qtbot, context):
    dialog = QuickCaptureDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.save() is None
    assert "Give a title or the caller's name" in dialog.error.text()
    dialog.name.setText("Ann")
    dialog.email.setText("ann@")
    assert dialog.save() is None and "not a valid email address" in dialog.error.text()
    assert dialog.isVisible()
    assert list_jobs(context.sessions, JobQuery(lifecycle="lead")).total == 0


def test_the_new_lead_form_warns_of_a_likely_duplicate(qtbot, context):
    from gojee_desktop.ui.widgets.customer_picker import CustomerPicker

    contacts.create_customer(
        context.sessions, CustomerInput(person_name="Carol King", organization_name="Harbour Electrical")
    )
    picker = CustomerPicker(context.sessions)
    qtbot.addWidget(picker)
    picker.show()
    picker.person.setText("Carole King")
    picker.organization.setText("Harbour Electrical")
    picker.update_completions()
    assert picker.duplicate_hint.isVisible()
    assert "Carol King at Harbour Electrical" in picker.duplicate_hint.text()
    picker.person.setText("Carol King")  # the stored name picks her: no warning
    picker.update_completions()
    assert not picker.duplicate_hint.isVisible()


def test_the_conversion_window_warns_when_the_customer_is_probably_here_twice(qtbot, context):
    from gojee_desktop.services import pipelines
    from gojee_desktop.ui.conversion import customer_duplicates
    from gojee_desktop.ui.dialogs.conversion_dialog import ConversionDialog

    contacts.create_customer(context.sessions, CustomerInput(person_name="Ann Smith", phone="0412 345 678"))
    lead = jobs.create_lead(
        context.sessions,
        jobs.NewJob(title="Deck", customer=CustomerInput(person_name="A. Smith", phone="+61 412 345 678")),
    )
    texts = customer_duplicates(context, lead)
    assert len(texts) == 1 and texts[0].startswith("Ann Smith (the same phone")
    dialog = ConversionDialog(lead, pipelines.list_stages(context.sessions, "jobs"), None, texts)
    qtbot.addWidget(dialog)
    assert "may be here twice: Ann Smith" in dialog.duplicate_warning.text()
    alone = jobs.create_lead(
        context.sessions, jobs.NewJob(title="Fence", customer=CustomerInput(person_name="Cy"))
    )
    assert customer_duplicates(context, alone) == []


def test_the_duplicate_warning_opens_the_existing_person(qtbot, context):
    from gojee_desktop.ui.dialogs import contact_editor
    from gojee_desktop.ui.dialogs.quick_capture import QuickCaptureDialog

    ann, _org = contacts.create_customer(
        context.sessions, CustomerInput(person_name="Ann Smith", phone="0412 345 678")
    )
    assert ann is not None
    dialog = QuickCaptureDialog(context)
    qtbot.addWidget(dialog)
    dialog.phone.setText("+61 412 345 678")
    dialog.check_duplicates()
    assert f'href="person:{ann.id}">Open</a>' in dialog.duplicate.text()
    dialog.duplicate.linkActivated.emit(f"person:{ann.id}")
    editor = contact_editor._OPEN[(contact_editor.PERSON, ann.id)]
    qtbot.addWidget(editor)
    assert editor.isVisible() and "Ann Smith" in editor.windowTitle()
    editor.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen has no window stack
def test_the_tray_menu_opens_the_form_over_a_minimised_window(qtbot, context):
    """The tray itself shows only where the desktop has one (not offscreen); its menu is the
    same everywhere."""
    from PySide6.QtWidgets import QSystemTrayIcon

    from gojee_desktop.ui.tray import tray_menu

    main = MainWindow(context)
    qtbot.addWidget(main)
    assert (main.tray is None) == (not QSystemTrayIcon.isSystemTrayAvailable())
    main.showMinimized()
    menu = tray_menu(main, main.quick_capture)
    assert [a.text() for a in menu.actions()] == ["New en&quiry…", "&Show Gojee Desktop"]
    menu.actions()[0].trigger()
    dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QuickCaptureDialog) and w.isVisible()
    ]
    assert len(dialogs) == 1 and dialogs[0].parent() is main
    assert not main.isMinimized() and main.isVisible()
    dialogs[0].close()
    main.showMinimized()
    menu.actions()[1].trigger()
    assert not main.isMinimized() and main.isVisible()
