"""Custom fields in the person and organisation editors: only the fields defined for that
kind show (the tab is absent without any), the job editor's widgets and checks, a bad value
refused next to the field with nothing written, Save undoable, and the settings page that
says what a field applies to."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from gojee_desktop.services import catalog
from gojee_desktop.services.contact_query import ORGANIZATION, PERSON
from gojee_desktop.services.contact_records import ContactChanges, create_contact, get_contact
from gojee_desktop.ui.commands import catalog as catalog_commands
from gojee_desktop.ui.dialogs.contact_editor import ContactEditor
from gojee_desktop.ui.dialogs.job_editor import JobEditor
from gojee_desktop.ui.dialogs.settings_dialog import SettingsDialog


@pytest.fixture
def fields(context):
    sessions = context.sessions
    return {
        "gate": catalog.add_custom_field(sessions, "Gate code", "text", applies_to=PERSON),
        "tier": catalog.add_custom_field(sessions, "Tier", "choice", ["Gold", "Silver"], applies_to=PERSON),
        "since": catalog.add_custom_field(sessions, "Customer since", "date", applies_to=PERSON),
        "dog": catalog.add_custom_field(sessions, "Dog on site", "checkbox", applies_to=PERSON),
        "abn": catalog.add_custom_field(sessions, "ABN", "text", applies_to=ORGANIZATION),
        "pitch": catalog.add_custom_field(sessions, "Roof pitch", "number"),
    }


def _editor(qtbot, context, kind, contact_id) -> ContactEditor:
    editor = ContactEditor(context, kind, contact_id)
    qtbot.addWidget(editor)
    return editor


def test_each_editor_shows_only_its_own_fields(qtbot, context, fields):
    person = create_contact(context.sessions, PERSON, ContactChanges(name="Ann Smith")).id
    editor = _editor(qtbot, context, PERSON, person)
    assert editor.tabs.isTabVisible(editor.custom_tab_index)
    assert editor.tabs.tabText(editor.custom_tab_index) == "Custom &fields"
    assert isinstance(editor.custom.widget(fields["gate"].id), QLineEdit)
    assert isinstance(editor.custom.widget(fields["tier"].id), QComboBox)
    assert isinstance(editor.custom.widget(fields["dog"].id), QCheckBox)
    for other in ("abn", "pitch"):
        with pytest.raises(KeyError):
            editor.custom.widget(fields[other].id)
    organization = _editor(qtbot, context, ORGANIZATION, None)
    assert isinstance(organization.custom.widget(fields["abn"].id), QLineEdit)
    with pytest.raises(KeyError):
        organization.custom.widget(fields["gate"].id)
    job_editor = JobEditor(context, None)
    qtbot.addWidget(job_editor)
    job_editor.custom.widget(fields["pitch"].id)
    with pytest.raises(KeyError):
        job_editor.custom.widget(fields["gate"].id)


def test_no_fields_for_the_kind_no_tab(qtbot, context):
    catalog.add_custom_field(context.sessions, "Roof pitch", "number")
    editor = _editor(qtbot, context, PERSON, None)
    assert not editor.tabs.isTabVisible(editor.custom_tab_index)


def test_values_save_canonically_and_undo(qtbot, context, fields):
    person = create_contact(
        context.sessions, PERSON, ContactChanges(name="Ann Smith", custom_fields={fields["gate"].id: "1234"})
    ).id
    editor = _editor(qtbot, context, PERSON, person)
    gate = editor.custom.widget(fields["gate"].id)
    assert isinstance(gate, QLineEdit) and gate.text() == "1234"
    tier = editor.custom.widget(fields["tier"].id)
    assert isinstance(tier, QComboBox)
    tier.setCurrentText("Silver")
    since = editor.custom.widget(fields["since"].id)
    assert isinstance(since, QLineEdit)
    since.setText(" 2019-07-01 ")
    dog = editor.custom.widget(fields["dog"].id)
    assert isinstance(dog, QCheckBox)
    dog.setChecked(True)
    gate.clear()
    assert editor.save()
    saved = get_contact(context.sessions, PERSON, person).custom_fields
    assert saved == {fields["tier"].id: "Silver", fields["since"].id: "2019-07-01", fields["dog"].id: "yes"}
    context.undo_stack.undo()
    assert get_contact(context.sessions, PERSON, person).custom_fields == {fields["gate"].id: "1234"}
    context.undo_stack.redo()
    assert get_contact(context.sessions, PERSON, person).custom_fields == saved
    again = _editor(qtbot, context, PERSON, person)
    assert again.custom.widget(fields["tier"].id).currentText() == "Silver"


def test_a_bad_value_is_shown_next_to_the_field_and_nothing_is_written(qtbot, context, fields):
    person = create_contact(context.sessions, PERSON, ContactChanges(name="Ann Smith")).id
    editor = _editor(qtbot, context, PERSON, person)
    editor.name_edit.setText("Ann Jones")
    since = editor.custom.widget(fields["since"].id)
    assert isinstance(since, QLineEdit)
    since.setText("next Tuesday")
    assert not editor.save()
    assert editor.tabs.currentIndex() == editor.custom_tab_index
    assert "Customer since: 'next Tuesday' is not a date" in editor.error_label.text()
    record = get_contact(context.sessions, PERSON, person)
    assert (record.name, record.custom_fields) == ("Ann Smith", {})
    assert context.undo_stack.count() == 0


def test_a_new_organisation_with_a_field(qtbot, context, fields):
    editor = _editor(qtbot, context, ORGANIZATION, None)
    editor.name_edit.setText("Acme Strata")
    abn = editor.custom.widget(fields["abn"].id)
    assert isinstance(abn, QLineEdit)
    abn.setText("51 824 753 556")
    assert editor.save()
    assert editor.contact_id is not None
    record = get_contact(context.sessions, ORGANIZATION, editor.contact_id)
    assert record.custom_fields == {fields["abn"].id: "51 824 753 556"}


def test_settings_say_what_a_field_applies_to_and_open_editors_follow(qtbot, context, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(catalog_commands, "show_error", lambda parent, error: shown.append(str(error)))
    person = create_contact(context.sessions, PERSON, ContactChanges(name="Ann Smith")).id
    editor = _editor(qtbot, context, PERSON, person)
    assert not editor.tabs.isTabVisible(editor.custom_tab_index)
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    page = dialog.custom_fields
    assert page.add("Gate code", "text", None, PERSON)
    assert "Gate code (text, people)" in page.names()
    assert editor.tabs.isTabVisible(editor.custom_tab_index)  # the open editor grew the field
    gate = next(f for f in catalog.list_custom_fields(context.sessions, PERSON) if f.name == "Gate code")
    editor.custom.widget(gate.id)
    page.select_name("Gate code (text, people)")
    assert page.applies_to.currentData() == PERSON
    assert page.set_applies_to(ORGANIZATION)
    assert "Gate code (text, organisations)" in page.names()
    assert not editor.tabs.isTabVisible(editor.custom_tab_index)
    context.undo_stack.undo()
    assert [f.name for f in catalog.list_custom_fields(context.sessions, PERSON)] == ["Gate code"]
    # Moving a field that holds values is refused in words, and nothing changes.
    editor.custom.widget(gate.id).setText("1234")
    assert editor.save()
    page.reload()
    page.select_name("Gate code (text, people)")
    assert not page.set_applies_to("job")
    assert shown and "holds values on 1 record" in shown[-1]
    assert page.applies_to.currentData() == PERSON
    assert catalog.list_custom_fields(context.sessions, "job") == []
