"""Attaching files to a job off the GUI thread (a big copy shows progress and can be
cancelled), opening an attachment with the system's application, saving a copy, removing.
Attaching and removing are undoable steps."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QRunnable, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget

from gojee_desktop.config import data_dir
from gojee_desktop.services import activities
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui.commands.attachment import push_attached, push_remove
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.errors import show_error


class _AttachTask(QRunnable):
    """Runs the service on a worker thread; the GUI thread reads its progress and result."""

    def __init__(self, context: AppContext, job_id: int, path: Path) -> None:
        super().__init__()
        self.context, self.job_id, self.path = context, job_id, path
        self.done_bytes = 0
        self.total = 0
        self.result: object = None
        self.cancelled = threading.Event()
        self.finished = threading.Event()

    def _progress(self, done: int, total: int) -> bool:
        self.done_bytes, self.total = done, total
        return not self.cancelled.is_set()

    def run(self) -> None:
        try:
            self.result = activities.add_attachment(
                self.context.sessions, self.job_id, self.path, progress=self._progress
            )
        except GojeeError as error:
            self.result = error
        finally:
            self.finished.set()


def attach_files(context: AppContext, job_id: int, paths: list[Path], parent: QWidget | None) -> list[object]:
    """Attach each file in turn on a worker thread, with a progress dialog (Cancel stops the
    copy and attaches nothing); returns what each gave (an AttachmentInfo, or the error,
    which is shown)."""
    results: list[object] = []
    for path in paths:
        task = _AttachTask(context, job_id, path)
        task.setAutoDelete(False)
        dialog = QProgressDialog(f"Attaching {path.name}…", "Cancel", 0, 1000, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.canceled.connect(task.cancelled.set)
        QThreadPool.globalInstance().start(task)
        while not task.finished.wait(0.02):
            if task.total:
                dialog.setValue(int(1000 * task.done_bytes / task.total))
            QApplication.processEvents()
        dialog.reset()
        dialog.deleteLater()
        if isinstance(task.result, GojeeError) and not task.cancelled.is_set():
            show_error(parent, task.result)
        elif isinstance(task.result, activities.AttachmentInfo):
            push_attached(context, task.result, parent)  # one undoable step a file
        results.append(task.result)
    context.signals.jobs_changed.emit([job_id])
    return results


def choose_and_attach(context: AppContext, job_id: int, parent: QWidget | None) -> None:
    names, _filter = QFileDialog.getOpenFileNames(parent, "Attach files")
    if names:
        attach_files(context, job_id, [Path(name) for name in names], parent)


def open_attachment(context: AppContext, attachment_id: int, parent: QWidget | None) -> Path | None:
    """Write the attachment to a folder of its own under the data folder and open it with the
    system's application; returns the file (None when it could not be read)."""
    try:
        info, data = activities.read_attachment(context.sessions, attachment_id)
    except GojeeError as error:
        show_error(parent, error)
        return None
    folder = data_dir() / "opened" / info.content_hash[:16]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / info.name
    target.write_bytes(data)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
    return target


def save_attachment_copy(context: AppContext, attachment_id: int, parent: QWidget | None) -> Path | None:
    try:
        info, data = activities.read_attachment(context.sessions, attachment_id)
    except GojeeError as error:
        show_error(parent, error)
        return None
    name, _filter = QFileDialog.getSaveFileName(parent, "Save a copy", info.name)
    if not name:
        return None
    Path(name).write_bytes(data)
    return Path(name)


def remove_attachment(
    context: AppContext, attachment_id: int, job_id: int, name: str, parent: QWidget | None
) -> bool:
    """Remove an attachment (undoable: its stored bytes are kept while Undo may need them)."""
    return push_remove(context, attachment_id, name, parent)
