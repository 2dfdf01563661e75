"""Saving a job someone else changed meanwhile: their change beside yours, field by field;
reload theirs, overwrite knowingly (fields only they changed keep their value), or keep
editing with the form as typed. Never a silent overwrite."""

from __future__ import annotations

from decimal import Decimal

import pytest
from board_helpers import answer_modal
from PySide6.QtWidgets import QWidget

from gojee_desktop.services import jobs as job_service
from gojee_desktop.ui.dialogs.conflict_dialog import ConflictDialog
from gojee_desktop.ui.dialogs.job_editor import JobEditor


@pytest.fixture
def opened(qtbot, context, some_leads):
    """An editor open on a job, then someone else saves a new title and value."""
    job_id = some_leads[0]
    editor = JobEditor(context, job_id)
    qtbot.addWidget(editor)
    editor.show()
    job_service.update_job(context.sessions, job_id, {"title": "Their title", "value": Decimal("750")})
    editor.title_edit.setText("My title")
    editor.site_address.setPlainText("12 Main St")
    return editor, job_id


def _answer(button: str, seen_rows: list[tuple[str, ...]]):
    def action(dialog: QWidget) -> None:
        assert isinstance(dialog, ConflictDialog)
        table = dialog.table
        for row in range(table.rowCount()):
            item = table.item(row, 0)
            assert item is not None
            cells = tuple(table.item(row, c).text() for c in range(4))  # type: ignore[union-attr]
            seen_rows.append((*cells, "bold" if item.font().bold() else ""))
        getattr(dialog, button).click()

    return action


def test_their_change_beside_mine_then_overwrite_knowingly(opened, context):
    editor, job_id = opened
    rows: list[tuple[str, ...]] = []
    seen = answer_modal(_answer("overwrite_button", rows))
    assert editor.save()
    assert seen == ["ConflictDialog"]
    assert ("Title", "Kitchen rewire", "Their title", "My title", "bold") in rows
    assert ("Value", "500.00", "750.00", "500.00", "") in rows
    assert ("Site address", "—", "—", "12 Main St", "") in rows
    saved = job_service.get_job(context.sessions, job_id)
    assert saved.summary.title == "My title"
    assert saved.site_address == "12 Main St"
    assert saved.summary.value == Decimal("750")  # only they changed it: theirs is kept
    assert editor.title_edit.text() == "My title"


def test_reload_takes_theirs(opened, context):
    editor, job_id = opened
    answer_modal(_answer("reload_button", []))
    assert not editor.save()
    assert editor.title_edit.text() == "Their title"
    assert editor.site_address.toPlainText() == ""
    saved = job_service.get_job(context.sessions, job_id)
    assert saved.summary.title == "Their title" and saved.site_address == ""
    assert context.undo_stack.count() == 0


def test_keep_editing_leaves_the_form_and_the_job_as_they_are(opened, context):
    editor, job_id = opened
    answer_modal(_answer("cancel_button", []))
    assert not editor.save()
    assert editor.title_edit.text() == "My title" and editor.site_address.toPlainText() == "12 Main St"
    assert job_service.get_job(context.sessions, job_id).summary.title == "Their title"
    assert context.undo_stack.count() == 0
