"""File › Restore from backup…: the backups with date, reason, size and what they hold;
Restore asks for confirmation, then the database is replaced (the current file is backed
up first) and the window reopens on the restored data."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.services.backups import BackupInfo, database_backups, describe_backup
from gojee_desktop.store.backups import backup_folder

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def backup_when(info: BackupInfo) -> str:
    return info.created.astimezone().strftime("%Y-%m-%d %H:%M")


def confirm_restore(parent: QWidget | None, info: BackupInfo) -> bool:
    """Ask before replacing the database; the answer names what is restored."""
    answer = QMessageBox.question(
        parent,
        "Restore from backup",
        f"Replace the current database with the backup of {backup_when(info)}?\n\n"
        f"The backup holds {info.summary()}.\n"
        "The current database is backed up first, so you can go back to it.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


class RestoreDialog(QDialog):
    """Lists the backups of `database_url`; `chosen` is the confirmed backup file."""

    def __init__(self, database_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setObjectName("restoreDialog")
        self.chosen: Path | None = None
        self._url = database_url
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTreeWidget(self)
        self.table.setObjectName("backupList")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["Date", "Made", "Size", "Holds"])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemDoubleClicked.connect(lambda _item, _column: self._restore_selected())
        self.table.currentItemChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton("&Restore…", self)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self._restore_selected)
        self.other_button = QPushButton("Restore another &file…", self)
        self.other_button.clicked.connect(self._restore_other_file)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)
        self.reload()

    def reload(self) -> None:
        self.table.clear()
        backups = database_backups(self._url)
        for info in backups:
            item = QTreeWidgetItem(
                [
                    backup_when(info),
                    info.reason_text(),
                    info.size_text(),
                    info.summary() if info.sound else "unreadable",
                ]
            )
            item.setData(0, PATH_ROLE, str(info.path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not info.sound:
                item.setDisabled(True)
            self.table.addTopLevelItem(item)
        for column in range(3):
            self.table.resizeColumnToContents(column)
        from gojee_desktop.services.backups import database_file

        path = database_file(self._url)
        folder = backup_folder(path) if path is not None else None
        self.intro.setText(
            f"{len(backups)} backup{'s' if len(backups) != 1 else ''} in {folder}. Backups are made "
            "every day at start-up, before upgrades, imports and restores, and on File › Back up now."
            if backups
            else f"No backups yet in {folder}. Use File › Back up now to make one."
        )
        first = self.table.topLevelItem(0)
        if first is not None:
            self.table.setCurrentItem(first)
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.table.currentItem()
        self.restore_button.setEnabled(item is not None and not item.isDisabled())

    def _restore_selected(self) -> None:
        item = self.table.currentItem()
        if item is None or item.isDisabled():
            return
        self._confirm(Path(str(item.data(0, PATH_ROLE))))

    def _restore_other_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Restore from a backup file", "", "Gojee Desktop backups (*.sqlite3);;All files (*)"
        )
        if name:
            self._confirm(Path(name))

    def _confirm(self, path: Path) -> None:
        info = describe_backup(path)
        if not info.sound:
            QMessageBox.warning(self, "Restore from backup", f"{path.name} cannot be read as a backup.")
            return
        if confirm_restore(self, info):
            self.chosen = path
            self.accept()
