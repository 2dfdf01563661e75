"""The job editor's Timeline tab: activities, notes, changes and files in one list (planned
activities first, then newest first), filtered by kind, with the selected entry shown in
full below. Adds, edits, done and deletes are undoable commands."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QUrl
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QKeySequence,
    QShortcut,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.services import activities
from gojee_desktop.services.activities import ActivityDraft, ActivityInfo, TimelineEntry
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui.commands.activity import ActivityCommands
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.activity_dialog import ActivityDialog, draft_changes
from gojee_desktop.ui.dialogs.note_dialog import NoteDialog, render_markdown
from gojee_desktop.ui.errors import show_error
from gojee_desktop.ui.itemmodels.timeline_model import TimelineModel
from gojee_desktop.ui.widgets.attachment_actions import (
    attach_files,
    choose_and_attach,
    open_attachment,
    remove_attachment,
    save_attachment_copy,
)

FILTERS = (
    ("Everything", None),
    ("Activities", "activity"),
    ("Notes", "note"),
    ("Changes", "history"),
    ("Files", "attachment"),
)
ADD_ACTIVITY_KEYS = "Ctrl+Shift+A"
ADD_NOTE_KEYS = "Ctrl+Shift+O"
THUMBNAIL_SIZE = 160
THUMBNAIL_MAX_BYTES = 20 * 1024 * 1024


def add_activity_dialog(
    context: AppContext, job_id: int, parent: QWidget | None = None, person: tuple[int, str] | None = None
) -> ActivityDialog:
    """The New activity dialog for a job; Save pushes an undoable add."""
    commands = ActivityCommands(context, parent)

    def save(draft: ActivityDraft) -> GojeeError | None:
        refused: list[GojeeError] = []
        commands.add(job_id, draft, refused.append)
        return refused[0] if refused else None

    return ActivityDialog(context, save, person=person, parent=parent)


class TimelinePanel(QWidget):
    def __init__(self, context: AppContext, job_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelinePanel")
        self.context = context
        self.job_id = job_id
        self.commands = ActivityCommands(context, self)
        self.thumbnail: QImage | None = None
        self.filter = QComboBox(self)
        self.filter.setObjectName("timelineFilter")
        for title, kind in FILTERS:
            self.filter.addItem(title, kind)
        self.filter.setToolTip("Show one kind of entry")
        self.add_activity_button = QPushButton("Add &activity…", self)
        self.add_activity_button.setToolTip(
            f"New call, email, meeting, task or deadline ({ADD_ACTIVITY_KEYS})"
        )
        self.add_note_button = QPushButton("Add &note…", self)
        self.add_note_button.setToolTip(f"New note ({ADD_NOTE_KEYS})")
        self.done_button = QPushButton("&Done", self)
        self.done_button.setToolTip("Mark the selected activity done, or open again (Space)")
        self.attach_button = QPushButton("Attac&h…", self)
        self.attach_button.setToolTip("Attach files (or drop them here)")
        self.save_copy_button = QPushButton("Save cop&y…", self)
        self.edit_button = QPushButton("&Edit…", self)
        self.delete_button = QPushButton("De&lete", self)
        bar = QHBoxLayout()
        bar.addWidget(self.filter)
        bar.addStretch(1)
        for button in (
            self.add_activity_button,
            self.add_note_button,
            self.attach_button,
            self.done_button,
            self.save_copy_button,
            self.edit_button,
            self.delete_button,
        ):
            bar.addWidget(button)

        self.model = TimelineModel(self)
        self.view = QTreeView(self)
        self.view.setObjectName("timelineView")
        self.view.setModel(self.model)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._show_selected())
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 200)
        header.resizeSection(1, 80)
        header.resizeSection(3, 100)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("timelineDetail")
        self.detail.setOpenExternalLinks(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.add_activity_button.clicked.connect(self.add_activity)
        self.add_note_button.clicked.connect(self.add_note)
        self.attach_button.clicked.connect(lambda: choose_and_attach(self.context, self.job_id, self))
        self.save_copy_button.clicked.connect(self.save_copy)
        self.setAcceptDrops(True)
        self.done_button.clicked.connect(self.toggle_done)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.doubleClicked.connect(lambda _i: self.edit_selected())
        QShortcut(QKeySequence(ADD_ACTIVITY_KEYS), self, self.add_activity)
        QShortcut(QKeySequence(ADD_NOTE_KEYS), self, self.add_note)
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.view, self.toggle_done)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view, self.delete_selected)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        context.signals.jobs_changed.connect(self._jobs_changed)
        self.reload()

    # -- showing ----------------------------------------------------------------------------

    def reload(self) -> None:
        selected = self.selected()
        key = _key(selected) if selected else None
        try:
            entries = activities.job_timeline(self.context.sessions, self.job_id, self.filter.currentData())
        except GojeeError:
            entries = []
        self.model.set_entries(entries, activities.local_now())
        row = next((i for i, entry in enumerate(entries) if key and _key(entry) == key), 0 if entries else -1)
        if row >= 0:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._show_selected()

    def _jobs_changed(self, ids: list[int]) -> None:
        if self.job_id in ids:
            self.reload()

    def selected(self) -> TimelineEntry | None:
        index = self.view.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _show_selected(self) -> None:
        entry = self.selected()
        activity = entry.activity if entry else None
        self.done_button.setEnabled(activity is not None)
        self.done_button.setText("Open a&gain" if activity and activity.done else "&Done")
        self.save_copy_button.setVisible(entry is not None and entry.attachment_id is not None)
        editable = entry is not None and (
            entry.activity is not None or entry.note is not None or entry.attachment_id is not None
        )
        self.edit_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        if entry is None:
            self.detail.clear()
        elif entry.note is not None:
            render_markdown(self.detail, entry.note.body)
        elif entry.attachment_id is not None:
            self._show_attachment(entry)
        else:
            lines = [entry.title, entry.detail]
            if activity is not None:
                extra = [
                    f"Assignee: {activity.assignee}" if activity.assignee else "",
                    f"Person: {activity.person}" if activity.person else "",
                ]
                if activity.duration_minutes:
                    extra.append(f"Duration: {activity.duration_minutes} min")
                lines = [entry.title, *[e for e in extra if e], "", activity.note]
            self.detail.setPlainText("\n".join(line for line in lines if line is not None).strip())

    def _show_attachment(self, entry: TimelineEntry) -> None:
        """Name, size and type; an image also as a thumbnail (read when selected)."""
        self.detail.clear()
        text = f"{entry.title}\n{entry.detail}\nEnter opens it; Save copy… writes it elsewhere."
        image = QImage()
        if "image/" in entry.detail and entry.attachment_id is not None:
            try:
                _info, data = activities.read_attachment(self.context.sessions, entry.attachment_id)
            except GojeeError as error:
                text += f"\n\n{error}"
                data = b""
            if data and len(data) <= THUMBNAIL_MAX_BYTES:
                image.loadFromData(data)
        self.detail.setPlainText(text)
        if not image.isNull():
            thumbnail = image.scaled(
                THUMBNAIL_SIZE,
                THUMBNAIL_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            document = self.detail.document()
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl("thumbnail://0"), thumbnail)
            cursor = self.detail.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertBlock()
            cursor.insertImage("thumbnail://0")
        self.thumbnail = None if image.isNull() else image

    # -- actions ----------------------------------------------------------------------------

    def add_activity(self) -> None:
        dialog = add_activity_dialog(self.context, self.job_id, self, self._person())
        dialog.exec()
        dialog.deleteLater()

    def _person(self) -> tuple[int, str] | None:
        from gojee_desktop.services.jobs import get_summaries

        summaries = get_summaries(self.context.sessions, [self.job_id])
        if summaries and summaries[0].person_id is not None and summaries[0].customer:
            return summaries[0].person_id, summaries[0].customer
        return None

    def add_note(self) -> None:
        def save(text: str, pinned: bool) -> GojeeError | None:
            refused: list[GojeeError] = []
            self.commands.add_note(self.job_id, text, pinned, refused.append)
            return refused[0] if refused else None

        dialog = NoteDialog(save, parent=self)
        dialog.exec()
        dialog.deleteLater()

    def toggle_done(self) -> None:
        entry = self.selected()
        if entry is not None and entry.activity is not None:
            self.commands.set_done(entry.activity, not entry.activity.done)

    def edit_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.attachment_id is not None:
            open_attachment(self.context, entry.attachment_id, self)
        elif entry.activity is not None:
            self.edit_activity(entry.activity)
        elif entry.note is not None:
            note = entry.note

            def save(text: str, pinned: bool) -> GojeeError | None:
                refused: list[GojeeError] = []
                if text != note.body or pinned != note.pinned:
                    self.commands.edit_note(
                        note,
                        text if text != note.body else None,
                        pinned if pinned != note.pinned else None,
                        refused.append,
                    )
                return refused[0] if refused else None

            dialog = NoteDialog(save, text=note.body, pinned=note.pinned, parent=self)
            dialog.exec()
            dialog.deleteLater()

    def edit_activity(self, info: ActivityInfo) -> None:
        def save(draft: ActivityDraft) -> GojeeError | None:
            changes = draft_changes(info, draft)
            refused: list[GojeeError] = []
            if changes:
                self.commands.edit(info, changes, refused.append)
            return refused[0] if refused else None

        dialog = ActivityDialog(self.context, save, info=info, person=self._person(), parent=self)
        dialog.exec()
        dialog.deleteLater()

    def save_copy(self) -> None:
        entry = self.selected()
        if entry is not None and entry.attachment_id is not None:
            save_attachment_copy(self.context, entry.attachment_id, self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = _dropped_files(event)
        if files:
            event.acceptProposedAction()
            attach_files(self.context, self.job_id, files, self)

    def delete_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.activity is not None:
            self.commands.delete(entry.activity)
        elif entry.note is not None:
            self.commands.delete_note(entry.note)
        elif entry.attachment_id is not None:
            remove_attachment(self.context, entry.attachment_id, self.job_id, entry.title, self)
        else:
            show_error(self, GojeeError("Changes in the history cannot be deleted."))


def _dropped_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]


def _key(entry: TimelineEntry) -> tuple[str, int] | None:
    if entry.activity is not None:
        return ("activity", entry.activity.id)
    if entry.note is not None:
        return ("note", entry.note.id)
    if entry.attachment_id is not None:
        return ("attachment", entry.attachment_id)
    return None
