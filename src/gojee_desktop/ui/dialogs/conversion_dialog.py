"""The lead conversion window: the job, and the Customer Jobs stage it will start in."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.money import format_money
from gojee_desktop.services.capture.matching import ExistingMatch
from gojee_desktop.services.conversion import StageChoice
from gojee_desktop.services.dto import JobDetail, StageInfo
from gojee_desktop.ui.widgets.duplicate_links import matches_html, warning_label
from gojee_desktop.ui.widgets.screen_fit import fit_window

STAGE_ROLE = Qt.ItemDataRole.UserRole + 1
NO_STAGE = -1


def swatch(color: str, size: int = 12) -> QIcon:
    """A square of the colour ('' gives a blank square, to keep texts aligned)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color) if color else QColor(0, 0, 0, 0))
    return QIcon(pixmap)


class ConversionDialog(QDialog):
    open_person_requested = Signal(int)  # the duplicate warning's "Open" link
    """Shows the lead and the Customer Jobs stages with the first one preselected; the user
    keeps it, picks another, or picks "No stage"."""

    def __init__(
        self,
        job: JobDetail,
        stages: list[StageInfo],
        parent: QWidget | None = None,
        duplicates: list[str] | None = None,
        matches: Sequence[ExistingMatch] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conversionDialog")
        self.setWindowTitle(f"Convert {job.summary.number} to a customer job")
        summary = job.summary
        customer = summary.customer_name or "no customer yet"
        heading = QLabel(
            f"<b>{escape(summary.number)} · {escape(summary.title)}</b><br>"
            f"{escape(customer)} · {escape(format_money(summary.value, summary.currency))}",
            self,
        )
        heading.setObjectName("conversionJob")
        heading.setTextFormat(Qt.TextFormat.RichText)
        explain = QLabel(
            "The lead leaves Sales › Leads and appears under Jobs › Customer Jobs with the same "
            "number, history, notes and quotes.",
            self,
        )
        explain.setWordWrap(True)
        prompt = QLabel("Start in which Customer Jobs stage?", self)
        self.stages = QListWidget(self)
        self.stages.setObjectName("conversionStages")
        for stage in stages:
            item = QListWidgetItem(swatch(stage.color), stage.name, self.stages)
            item.setData(STAGE_ROLE, stage.id)
        none = QListWidgetItem(swatch(""), "No stage (decide later)", self.stages)
        none.setData(STAGE_ROLE, NO_STAGE)
        self.stages.setCurrentRow(0)
        prompt.setBuddy(self.stages)
        self.stages.itemDoubleClicked.connect(lambda _item: self.accept())

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.convert_button().setText("Convert")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addSpacing(6)
        layout.addWidget(prompt)
        layout.addWidget(self.stages)
        self.duplicate_warning = warning_label(self, self.open_person_requested.emit)
        if matches:
            self.duplicate_warning.setText(f"The customer may be here twice: {matches_html(matches)}.")
        elif duplicates:
            self.duplicate_warning.setText(
                "The customer may be here twice: " + "; ".join(escape(text) for text in duplicates) + "."
            )
        self.duplicate_warning.setVisible(bool(matches or duplicates))
        layout.addWidget(self.duplicate_warning)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.stages.setFocus()
        fit_window(self)

    def convert_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def select_stage(self, stage_id: int | None) -> None:
        """Select a stage by id, or "No stage" for None."""
        wanted = NO_STAGE if stage_id is None else stage_id
        for row in range(self.stages.count()):
            item = self.stages.item(row)
            if item is not None and item.data(STAGE_ROLE) == wanted:
                self.stages.setCurrentRow(row)
                return
        raise KeyError(f"No stage {stage_id} in the conversion window.")

    def choice(self) -> StageChoice:
        row = self.stages.currentRow()
        item = self.stages.item(row)
        stage_id = item.data(STAGE_ROLE) if item is not None else NO_STAGE
        if stage_id == NO_STAGE:
            return StageChoice.none()
        if row == 0:
            return StageChoice.first()
        return StageChoice.of(int(stage_id))
