"""Merge in the window: two rows selected on the People page offer "Merge…"; the dialog
lists each differing field with a choice; the merge moves the jobs and Ctrl+Z splits the
two again with their links."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QItemSelectionModel

from gojee_desktop.services import contacts, jobs
from gojee_desktop.services.contact_query import PERSON
from gojee_desktop.services.contact_records import ContactChanges, create_contact, get_contact
from gojee_desktop.services.errors import NotFound
from gojee_desktop.ui.dialogs.merge_dialog import MergeDialog, merge_contacts
from gojee_desktop.ui.pages.people import PeoplePage


def test_merge_two_people_field_by_field_and_undo_restores_both(qtbot, context):
    keep = create_contact(
        context.sessions, PERSON, ContactChanges(name="Ann Smith", emails=("ann@example.com",))
    )
    gone = create_contact(
        context.sessions,
        PERSON,
        ContactChanges(name="Anne Smith", organization="Smith Builders", phones=("0412 345 678",)),
    )
    lead = jobs.create_lead(
        context.sessions, jobs.NewJob(title="Deck", value=Decimal("900"), person_id=gone.id)
    )

    page = PeoplePage(context)
    qtbot.addWidget(page)
    page.load()
    page.view.selectAll()
    assert sorted(page.selected_ids()) == sorted([keep.id, gone.id])
    merge_action = next(a for a in page.build_context_menu().actions() if a.text() == "&Merge…")
    assert merge_action.isEnabled()
    page.view.selectionModel().select(
        page.model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert not next(a for a in page.build_context_menu().actions() if a.text() == "&Merge…").isEnabled()

    dialog = MergeDialog(
        get_contact(context.sessions, PERSON, keep.id), get_contact(context.sessions, PERSON, gone.id)
    )
    qtbot.addWidget(dialog)
    assert set(dialog.groups) == {"name", "organization"}  # both differ
    dialog.findChild(type(dialog.groups["organization"].button(1)), "organizationGone").setChecked(True)
    assert (dialog.source_of("name"), dialog.source_of("organization")) == ("keep", "gone")

    assert merge_contacts(
        context, PERSON, keep.id, gone.id, dialog.source_of("name"), dialog.source_of("organization")
    )
    merged = get_contact(context.sessions, PERSON, keep.id)
    assert (merged.name, merged.organization) == ("Ann Smith", "Smith Builders")
    assert sorted(d.value for d in merged.details) == ["0412 345 678", "ann@example.com"]
    assert jobs.get_job(context.sessions, lead.id).summary.customer == "Ann Smith"
    assert context.undo_stack.undoText() == "Merge"
    try:
        get_contact(context.sessions, PERSON, gone.id)
        raise AssertionError("the merged person should be gone")
    except NotFound:
        pass

    context.undo_stack.undo()
    back = get_contact(context.sessions, PERSON, gone.id)
    assert (back.name, back.organization) == ("Anne Smith", "Smith Builders")
    assert [d.value for d in back.details] == ["0412 345 678"]
    assert get_contact(context.sessions, PERSON, keep.id).organization is None
    assert jobs.get_job(context.sessions, lead.id).summary.customer == "Anne Smith"
    context.undo_stack.redo()
    assert jobs.get_job(context.sessions, lead.id).summary.customer == "Ann Smith"
    assert [p.name for p in contacts.search_people(context.sessions, "smith")] == ["Ann Smith"]
