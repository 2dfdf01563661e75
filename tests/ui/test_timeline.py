"""The job editor's Timeline tab with real widgets: add through the dialogs, Space marks done,
filter by kind, every step undoable; the model passes Qt's model tester."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from gojee_desktop.services import activities
from gojee_desktop.services.activities import ActivityDraft, clock
from gojee_desktop.services.jobs import NewJob, create_lead, get_job
from gojee_desktop.ui import theme
from gojee_desktop.ui.dialogs.activity_dialog import ActivityDialog
from gojee_desktop.ui.dialogs.job_editor import JobEditor
from gojee_desktop.ui.dialogs.note_dialog import NoteDialog
from gojee_desktop.ui.extensions import install
from gojee_desktop.ui.itemmodels.timeline_model import TimelineModel
from gojee_desktop.ui.widgets.timeline_panel import TimelinePanel

NOW = datetime(2026, 12, 9, 10, 0)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(clock, "system_now", lambda: NOW)


@pytest.fixture
def job_id(context):
    return create_lead(context.sessions, NewJob(title="Hot water upgrade")).id


@pytest.fixture
def panel(qtbot, context, job_id, qtmodeltester):
    widget = TimelinePanel(context, job_id)
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    qtmodeltester.check(widget.model)


def _titles(panel) -> list[str]:
    """Titles of the activities and notes shown (the job's own history is left out)."""
    entries = (panel.model.entry(row) for row in range(panel.model.rowCount()))
    return [entry.title for entry in entries if entry.kind != "history"]


def test_the_editor_has_a_timeline_tab(qtbot, context, job_id):
    install()
    editor = JobEditor(context, job_id)
    qtbot.addWidget(editor)
    titles = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
    assert "Timeline" in titles
    assert isinstance(editor.tabs.widget(titles.index("Timeline")), TimelinePanel)


def test_add_activity_through_the_dialog_then_undo_and_redo(qtbot, panel, context, job_id, monkeypatch):
    def fill_and_save(dialog: ActivityDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData("meeting"))
        dialog.subject.setText("Measure the roof")
        dialog.timed.setChecked(True)
        dialog.time.setTime(dialog.time.time().fromString("14:30", "HH:mm"))
        dialog.duration.setValue(45)
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(ActivityDialog, "exec", fill_and_save)
    panel.add_activity()
    assert _titles(panel) == ["Measure the roof"]
    info = panel.model.entry(0).activity
    assert (info.duration_minutes, info.due_date) == (45, date(2026, 12, 9))
    assert context.undo_stack.undoText() == "Add meeting 'Measure the roof'"
    context.undo_stack.undo()
    assert _titles(panel) == []
    context.undo_stack.redo()
    assert panel.model.entry(0).activity.id == info.id
    history = [h.field for h in get_job(context.sessions, job_id).history]
    assert history[-3:] == ["activity", "activity", "activity"]  # added, removed, back


def test_a_refused_activity_stays_in_the_dialog_with_the_message(qtbot, context, job_id):
    saved = []

    def save(draft):
        try:
            saved.append(activities.add_activity(context.sessions, job_id, draft))
        except Exception as error:
            return error
        return None

    dialog = ActivityDialog(context, save)
    qtbot.addWidget(dialog)
    dialog.subject.setText("   ")
    dialog.save()
    assert not dialog.error.isHidden() and dialog.error.text() == "An activity needs a subject."
    assert saved == []


def test_space_marks_done_and_undo_reopens(qtbot, panel, context, job_id):
    late = activities.add_activity(
        context.sessions, job_id, ActivityDraft(kind="call", subject="Late", due_date="2026-12-01")
    )
    activities.add_activity(
        context.sessions, job_id, ActivityDraft(kind="task", subject="Soon", due_date="2026-12-12")
    )
    panel.reload()
    assert panel.model.index(0, 2).data(Qt.ItemDataRole.ForegroundRole).color() == theme.color("overdue")
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert activities.get_activity(context.sessions, late.id).done
    # The done one moves below the planned ones, and is grey and struck through.
    assert _titles(panel)[0] == "Soon"
    done_row = next(
        r
        for r in range(panel.model.rowCount())
        if panel.model.entry(r).activity and panel.model.entry(r).activity.done
    )
    assert panel.model.index(done_row, 2).data(Qt.ItemDataRole.FontRole).strikeOut()
    context.undo_stack.undo()
    assert not activities.get_activity(context.sessions, late.id).done


def test_notes_render_markdown_without_html_and_edit_delete_undo(qtbot, panel, context, job_id, monkeypatch):
    def write(dialog: NoteDialog) -> int:
        dialog.editor.setPlainText("Gate code\n\n**1234** <script>alert(1)</script>\n\n- dog")
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(NoteDialog, "exec", write)
    panel.add_note()
    assert _titles(panel)[0] == "Gate code"
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    html = panel.detail.toHtml()
    assert "font-weight" in html and "1234" in html
    assert "&lt;script&gt;" in html  # shown as text, not taken as markup
    note = panel.model.entry(0).note

    def rewrite(dialog: NoteDialog) -> int:
        dialog.editor.setPlainText("Gate code 9999")
        dialog.save()
        return 1

    monkeypatch.setattr(NoteDialog, "exec", rewrite)
    panel.edit_selected()
    assert activities.list_notes(context.sessions, job_id)[0].body == "Gate code 9999"
    context.undo_stack.undo()
    assert activities.list_notes(context.sessions, job_id)[0].body == note.body
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    panel.delete_selected()
    assert activities.list_notes(context.sessions, job_id) == []
    context.undo_stack.undo()
    assert [n.id for n in activities.list_notes(context.sessions, job_id)] == [note.id]


def test_filter_by_kind(qtbot, panel, context, job_id):
    activities.add_activity(
        context.sessions,
        job_id,
        ActivityDraft(kind="call", subject="Ring", due_date="2026-12-10", due_time=time(9)),
    )
    activities.add_note(context.sessions, job_id, "A note")
    panel.reload()
    assert {panel.model.entry(r).kind for r in range(panel.model.rowCount())} >= {"activity", "note"}
    panel.filter.setCurrentIndex(panel.filter.findData("note"))
    assert _titles(panel) == ["A note"]
    panel.filter.setCurrentIndex(panel.filter.findData("history"))
    assert {panel.model.entry(r).kind for r in range(panel.model.rowCount())} == {"history"}
    panel.filter.setCurrentIndex(panel.filter.findData("activity"))
    assert _titles(panel) == ["Ring"]


def test_model_tester_on_a_filled_model(qtmodeltester, context, job_id):
    activities.add_activity(
        context.sessions, job_id, ActivityDraft(kind="call", subject="x", due_date="2026-12-10")
    )
    activities.add_note(context.sessions, job_id, "y")
    model = TimelineModel()
    model.set_entries(activities.job_timeline(context.sessions, job_id), NOW)
    qtmodeltester.check(model)
    assert model.rowCount() >= 2


def test_attach_by_drop_off_the_gui_thread_open_save_and_remove(
    qtbot, panel, context, job_id, tmp_path, monkeypatch
):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent, QImage

    from gojee_desktop.ui.widgets import attachment_actions

    photo = tmp_path / "meter box.png"
    picture = QImage(1200, 900, QImage.Format.Format_RGB32)
    picture.fill(QColor("#2e7d32"))
    assert picture.save(str(photo))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.dropEvent(drop)
    files = [
        panel.model.entry(r)
        for r in range(panel.model.rowCount())
        if panel.model.entry(r).kind == "attachment"
    ]
    assert [f.title for f in files] == ["meter box.png"]
    panel.view.setCurrentIndex(panel.model.index(_row_of(panel, "meter box.png"), 0))
    assert panel.save_copy_button.isVisibleTo(panel)
    assert panel.thumbnail is not None and panel.thumbnail.width() == 1200  # shown scaled to 160
    opened: list[QUrl] = []
    monkeypatch.setattr(
        attachment_actions.QDesktopServices, "openUrl", lambda url: opened.append(url) or True
    )
    panel.edit_selected()  # Enter / double-click on a file opens it
    assert Path(opened[0].toLocalFile()).read_bytes() == photo.read_bytes()
    copy = tmp_path / "copy.png"
    monkeypatch.setattr(attachment_actions.QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    panel.save_copy()
    assert copy.read_bytes() == photo.read_bytes()
    panel.delete_selected()
    assert activities.list_attachments(context.sessions, job_id) == []


def _row_of(panel, title: str) -> int:
    return next(r for r in range(panel.model.rowCount()) if panel.model.entry(r).title == title)


def test_a_refused_attachment_shows_the_message(qtbot, context, job_id, tmp_path, monkeypatch):
    from gojee_desktop.services.catalog import set_setting
    from gojee_desktop.ui.widgets import attachment_actions

    set_setting(context.sessions, "attachments.max_mb", "1")
    big = tmp_path / "big.bin"
    big.write_bytes(b"0" * 1_100_000)
    shown: list[str] = []
    monkeypatch.setattr(attachment_actions, "show_error", lambda parent, error: shown.append(str(error)))
    results = attachment_actions.attach_files(context, job_id, [big], None)
    assert shown == ["big.bin is 1.0 MB; attachments can be at most 1 MB (a setting)."]
    assert activities.list_attachments(context.sessions, job_id) == [] and len(results) == 1


def _stored_files() -> list[Path]:
    from gojee_desktop.services.activities.attachments import file_store

    root = file_store().root
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_attach_and_remove_are_undoable_and_bytes_go_when_no_step_needs_them(
    qtbot, panel, context, job_id, tmp_path
):
    from gojee_desktop.ui.widgets.attachment_actions import attach_files

    plan = tmp_path / "plan.pdf"
    plan.write_bytes(b"%PDF plan")
    stack = context.undo_stack
    [info] = attach_files(context, job_id, [plan], panel)
    assert stack.undoText() == "Attach plan.pdf"
    stack.undo()  # Ctrl+Z: the attachment goes; its bytes wait while Redo may need them
    assert activities.list_attachments(context.sessions, job_id) == []
    assert len(_stored_files()) == 1
    stack.redo()
    assert activities.list_attachments(context.sessions, job_id) == [info]

    panel.view.setCurrentIndex(panel.model.index(_row_of(panel, "plan.pdf"), 0))
    panel.delete_selected()  # no question: it is undoable
    assert stack.undoText() == "Remove plan.pdf"
    assert activities.list_attachments(context.sessions, job_id) == []
    stack.undo()
    assert activities.list_attachments(context.sessions, job_id) == [info]
    assert "plan.pdf" in _titles(panel)
    _info, data = activities.read_attachment(context.sessions, info.id)
    assert data == b"%PDF plan"

    stack.redo()  # removed again; a new step drops the redo-able ones, then nothing needs it
    assert len(_stored_files()) == 1
    stack.clear()
    assert _stored_files() == []


def test_undo_of_a_job_delete_restores_its_timeline_and_files(qtbot, context, job_id, tmp_path):
    from gojee_desktop.ui.commands.job import delete_jobs

    activities.add_activity(
        context.sessions, job_id, ActivityDraft(kind="task", subject="Order parts", due_date="2026-12-11")
    )
    activities.add_note(context.sessions, job_id, "Side gate is locked")
    photo = tmp_path / "gate.jpg"
    photo.write_bytes(b"\xff\xd8 gate")
    attached = activities.add_attachment(context.sessions, job_id, photo)
    before = activities.job_timeline(context.sessions, job_id)
    assert delete_jobs(context, [job_id])
    assert len(_stored_files()) == 1  # kept for the Undo
    context.undo_stack.undo()
    assert activities.job_timeline(context.sessions, job_id) == before
    _info, data = activities.read_attachment(context.sessions, attached.id)
    assert data == b"\xff\xd8 gate"
    context.undo_stack.redo()
    context.undo_stack.clear()  # no step can restore the job any more
    assert _stored_files() == []
