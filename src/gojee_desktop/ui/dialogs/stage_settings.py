"""Stage settings of a pipeline: add, rename, recolour, reorder (drag or Move up/down), win
probability, won/lost meaning, delete (moving the stage's jobs to a stage picked first).

Each change is saved at once (one service call) and announced with
`catalog_changed("stages")`, so open boards redraw their columns.

Entry points: `open_stage_settings` (the board's button and column menu),
`StageSettingsWidget` (one pipeline) and `stage_settings_page` (both pipelines, in tabs,
for the main Settings dialog)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.models import PIPELINE_JOBS, PIPELINE_LEADS
from gojee_desktop.services import pipelines
from gojee_desktop.services.dto import StageInfo
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui import theme
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.dialogs.conversion_dialog import swatch
from gojee_desktop.ui.widgets.screen_fit import fit_window

STAGE_ROLE = Qt.ItemDataRole.UserRole + 1
MEANINGS = (("No meaning", None), ("Won", "won"), ("Lost (asks for a reason)", "lost"))
PIPELINE_TITLES = {PIPELINE_LEADS: "Leads", PIPELINE_JOBS: "Customer Jobs"}


class StageSettingsWidget(QWidget):
    """The stages of one pipeline, editable in place."""

    def __init__(
        self,
        context: AppContext,
        pipeline_key: str,
        parent: QWidget | None = None,
        select_stage_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"stageSettings-{pipeline_key}")
        self._context = context
        self.pipeline_key = pipeline_key
        self._stages: list[StageInfo] = []
        self._filling = False

        self.list = QListWidget(self)
        self.list.setObjectName("stageList")
        self.list.setDragDropMode(QListWidget.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setMinimumWidth(200)
        self.list.currentRowChanged.connect(lambda _row: self._show_current())
        list_model = self.list.model()
        assert list_model is not None
        list_model.rowsMoved.connect(self._rows_moved)

        self.add_button = QPushButton("&Add stage", self)
        self.add_button.clicked.connect(lambda: self.add_stage())
        self.delete_button = QPushButton("&Delete…", self)
        self.delete_button.clicked.connect(lambda: self.delete_interactively())
        self.up_button = QPushButton("Move &up", self)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = QPushButton("Move do&wn", self)
        self.down_button.clicked.connect(lambda: self.move_current(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.delete_button, self.up_button, self.down_button):
            buttons.addWidget(button)

        self.name = QLineEdit(self)
        self.name.setObjectName("stageName")
        self.name.editingFinished.connect(self._save_name)
        self.color = QLineEdit(self)
        self.color.setObjectName("stageColor")
        self.color.setMaximumWidth(100)
        self.color.editingFinished.connect(lambda: self.save(color=self.color.text()))
        self.pick_color = QPushButton("Pick…", self)
        self.pick_color.clicked.connect(self._pick_color)
        color_row = QHBoxLayout()
        color_row.addWidget(self.color)
        color_row.addWidget(self.pick_color)
        color_row.addStretch(1)
        self.probability = QSpinBox(self)
        self.probability.setObjectName("stageProbability")
        self.probability.setRange(0, 100)
        self.probability.setSuffix(" %")
        self.probability.editingFinished.connect(lambda: self.save(win_probability=self.probability.value()))
        self.meaning = QComboBox(self)
        self.meaning.setObjectName("stageMeaning")
        for text, value in MEANINGS:
            self.meaning.addItem(text, value)
        self.meaning.activated.connect(lambda _i: self.save(outcome=self.meaning.currentData()))
        self.jobs_label = QLabel(self)
        self.error = QLabel(self)
        self.error.setObjectName("stageError")
        theme.set_style(self.error, "color: $error;")
        self.error.setWordWrap(True)

        form = QFormLayout()
        form.addRow("&Name", self.name)
        color_label = QLabel("&Colour", self)
        color_label.setBuddy(self.color)
        form.addRow(color_label, color_row)
        form.addRow("&Win probability", self.probability)
        form.addRow("&Meaning", self.meaning)
        form.addRow("", self.jobs_label)
        form.addRow(self.error)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(form, 1)
        self.refresh(select_stage_id)

    # -- reading ---------------------------------------------------------------------------

    def stages(self) -> list[StageInfo]:
        return list(self._stages)

    def current_stage(self) -> StageInfo | None:
        item = self.list.currentItem()
        if item is None:
            return None
        stage_id = item.data(STAGE_ROLE)
        return next((s for s in self._stages if s.id == stage_id), None)

    def refresh(self, select_stage_id: int | None = None) -> None:
        current = self.current_stage()
        wanted = select_stage_id if select_stage_id is not None else (current.id if current else None)
        self._stages = pipelines.list_stages(self._context.sessions, self.pipeline_key)
        self._filling = True
        self.list.clear()
        for stage in self._stages:
            meaning = {"won": "  (won)", "lost": "  (lost)"}.get(stage.outcome or "", "")
            item = QListWidgetItem(swatch(stage.color), stage.name + meaning, self.list)
            item.setData(STAGE_ROLE, stage.id)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
        self._filling = False
        row = next((i for i, s in enumerate(self._stages) if s.id == wanted), 0)
        self.list.setCurrentRow(row if self._stages else -1)
        self._show_current()

    def _show_current(self) -> None:
        if self._filling:
            return
        stage = self.current_stage()
        for widget in (self.name, self.color, self.pick_color, self.probability, self.meaning):
            widget.setEnabled(stage is not None)
        self.delete_button.setEnabled(stage is not None and len(self._stages) > 1)
        if stage is None:
            return
        self.name.setText(stage.name)
        self.color.setText(stage.color)
        self.probability.setValue(stage.win_probability)
        self.meaning.setCurrentIndex(max(0, self.meaning.findData(stage.outcome)))
        count = pipelines.jobs_in_stage(self._context.sessions, stage.id)
        self.jobs_label.setText(f"{count:,} job{'s' if count != 1 else ''} in this stage")

    # -- changes -----------------------------------------------------------------------------

    def _done(self, select_stage_id: int | None = None) -> None:
        self.error.clear()
        self.refresh(select_stage_id)
        self._context.signals.catalog_changed.emit("stages")

    def _failed(self, error: GojeeError) -> None:
        self.error.setText(str(error))
        self._show_current()  # back to the saved values

    def save(self, **changes: object) -> bool:
        """Save one change of the current stage (name, color, win_probability, outcome)."""
        stage = self.current_stage()
        if stage is None:
            return False
        current = {
            "name": stage.name,
            "color": stage.color,
            "win_probability": stage.win_probability,
            "outcome": stage.outcome,
        }
        if all(current[key] == value for key, value in changes.items()):
            return True
        try:
            pipelines.update_stage(self._context.sessions, stage.id, **changes)  # type: ignore[arg-type]
        except GojeeError as error:
            self._failed(error)
            return False
        self._done(stage.id)
        return True

    def _save_name(self) -> None:
        stage = self.current_stage()
        if stage is not None and self.name.text().strip() != stage.name:
            self.save(name=self.name.text())

    def _pick_color(self) -> None:
        stage = self.current_stage()
        if stage is None:
            return
        color = QColorDialog.getColor(QColor(stage.color), self, f"Colour of '{stage.name}'")
        if color.isValid():
            self.save(color=color.name())

    def add_stage(self, name: str | None = None) -> StageInfo | None:
        """Add a stage at the end (named "New stage", "New stage 2"... unless given)."""
        if name is None:
            taken = {s.name.lower() for s in self._stages}
            name = next(
                n
                for n in (f"New stage{'' if i == 1 else f' {i}'}" for i in range(1, 1000))
                if n.lower() not in taken
            )
        try:
            stage = pipelines.add_stage(self._context.sessions, self.pipeline_key, name)
        except GojeeError as error:
            self._failed(error)
            return None
        self._done(stage.id)
        self.name.setFocus()
        self.name.selectAll()
        return stage

    def move_current(self, step: int) -> bool:
        stage = self.current_stage()
        if stage is None:
            return False
        position = self.list.currentRow() + step
        if not 0 <= position < len(self._stages):
            return False
        try:
            pipelines.move_stage(self._context.sessions, stage.id, position)
        except GojeeError as error:
            self._failed(error)
            return False
        self._done(stage.id)
        return True

    def _rows_moved(
        self,
        _parent: QModelIndex | QPersistentModelIndex,
        _start: int,
        _end: int,
        _destination: QModelIndex | QPersistentModelIndex,
        _row: int,
    ) -> None:
        if self._filling:
            return
        order = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None:
                order.append(int(item.data(STAGE_ROLE)))
        moved = self.current_stage()
        try:
            pipelines.reorder_stages(self._context.sessions, self.pipeline_key, order)
        except GojeeError as error:
            self._failed(error)
            self.refresh()
            return
        self._done(moved.id if moved else None)

    def delete_stage(self, move_jobs_to: int | None = None) -> bool:
        """Delete the current stage, moving its jobs to `move_jobs_to` first."""
        stage = self.current_stage()
        if stage is None:
            return False
        try:
            moved = pipelines.delete_stage(self._context.sessions, stage.id, move_jobs_to=move_jobs_to)
        except GojeeError as error:
            self._failed(error)
            return False
        self._done()
        if moved:
            target = next((s.name for s in self._stages if s.id == move_jobs_to), "")
            self._context.signals.status_message.emit(
                f"Deleted '{stage.name}'; {moved} job(s) moved to '{target}'."
            )
        return True

    def delete_interactively(self) -> bool:
        """Ask where the stage's jobs go (or just confirm when it is empty), then delete."""
        stage = self.current_stage()
        if stage is None:
            return False
        count = pipelines.jobs_in_stage(self._context.sessions, stage.id)
        if count == 0:
            answer = QMessageBox.question(self, "Delete stage", f"Delete the empty stage '{stage.name}'?")
            return answer == QMessageBox.StandardButton.Yes and self.delete_stage()
        others = [s for s in self._stages if s.id != stage.id]
        name, ok = QInputDialog.getItem(
            self,
            "Delete stage",
            f"'{stage.name}' holds {count:,} job(s). Move them to:",
            [s.name for s in others],
            0,
            False,
        )
        if not ok:
            return False
        target = next(s for s in others if s.name == name)
        return self.delete_stage(move_jobs_to=target.id)


class StageSettingsDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        pipeline_key: str,
        parent: QWidget | None = None,
        select_stage_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("stageSettingsDialog")
        self.setWindowTitle(f"{PIPELINE_TITLES.get(pipeline_key, pipeline_key)} stages")
        self.settings = StageSettingsWidget(context, pipeline_key, self, select_stage_id)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Changes are saved as you make them. Drag stages to reorder them.", self))
        layout.addWidget(self.settings, 1)
        layout.addWidget(buttons)
        self.settings.list.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_window(self, QSize(640, 380))


def open_stage_settings(
    parent: QWidget | None, context: AppContext, pipeline_key: str, stage_id: int | None = None
) -> None:
    """The stage settings of one pipeline as a modal dialog (from a board)."""
    dialog = StageSettingsDialog(context, pipeline_key, parent, stage_id)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()


def stage_settings_page(context: AppContext, parent: QWidget | None = None) -> QWidget:
    """Both pipelines' stages in tabs, for a page of the main Settings dialog."""
    tabs = QTabWidget(parent)
    tabs.setObjectName("stageSettingsPage")
    for key in (PIPELINE_LEADS, PIPELINE_JOBS):
        tabs.addTab(StageSettingsWidget(context, key, tabs), PIPELINE_TITLES[key])
    return tabs
