"""The chip a job list shows while it lists the jobs behind a dashboard figure: says which
jobs they are, and a click removes that filter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from gojee_desktop.ui import theme

if TYPE_CHECKING:  # the dashboard's reports load with the dashboard
    from gojee_desktop.services.reports.drill import FigureFilter

#: Longer labels are elided on the chip; its tooltip has the whole text.
MAX_CHIP_WIDTH = 460


class FigureChip(QToolButton):
    """Hidden until `set_figure` gives it a filter; `removed` when the user clicks it."""

    removed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureChip")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        theme.set_style(  # theme roles, filled again when the colour scheme changes
            self,
            "QToolButton#figureChip { border: 1px solid $highlight; border-radius: 10px;"
            " padding: 1px 8px; background: $alternate_base; color: $text; }",
        )
        self._figure: FigureFilter | None = None
        self.clicked.connect(self._remove)
        self.hide()

    def figure(self) -> FigureFilter | None:
        return self._figure

    def set_figure(self, figure: FigureFilter | None) -> None:
        self._figure = figure
        if figure is None:
            self.hide()
            return
        text = f"Dashboard: {figure.label}"
        elided = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, MAX_CHIP_WIDTH)
        self.setText(f"{elided}  ✕")
        self.setToolTip(f"{text}\nClick to remove this filter.")
        self.setAccessibleName(f"Remove filter: {figure.label}")
        self.show()

    def _remove(self) -> None:
        self.set_figure(None)
        self.removed.emit()
