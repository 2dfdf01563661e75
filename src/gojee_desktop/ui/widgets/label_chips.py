"""A job's labels as removable chips, with a box to add an existing or a new label."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QWidget

from gojee_desktop.services.dto import NamedItem
from gojee_desktop.ui import theme


class LabelChips(QWidget):
    """Chips of the chosen labels; `add_box` offers the others (typing a new name adds it)."""

    changed = Signal()
    #: A name typed that is not a label yet: the editor creates it.
    new_label_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: list[NamedItem] = []
        self._chosen: list[int] = []
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.add_box = QComboBox(self)
        self.add_box.setEditable(True)
        self.add_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.add_box.setMinimumWidth(140)
        line = self.add_box.lineEdit()
        assert line is not None
        line.setPlaceholderText("Add label…")
        self.add_box.activated.connect(self._picked)
        line.returnPressed.connect(self._typed)
        self._chips: list[QToolButton] = []
        self._layout.addWidget(self.add_box)
        self._layout.addStretch(1)

    def set_labels(self, labels: list[NamedItem]) -> None:
        self._labels = labels
        known = {label.id for label in labels}
        self._chosen = [i for i in self._chosen if i in known]
        self._rebuild()

    def set_chosen(self, ids: list[int] | tuple[int, ...]) -> None:
        self._chosen = list(ids)
        self._rebuild()

    def chosen(self) -> list[int]:
        return list(self._chosen)

    def chip_texts(self) -> list[str]:
        return [chip.text().removesuffix("  ×") for chip in self._chips]

    def add(self, label_id: int) -> None:
        if label_id not in self._chosen:
            self._chosen.append(label_id)
            self._rebuild()
            self.changed.emit()

    def remove(self, label_id: int) -> None:
        if label_id in self._chosen:
            self._chosen.remove(label_id)
            self._rebuild()
            self.changed.emit()

    def _picked(self, index: int) -> None:
        label_id = self.add_box.itemData(index)
        if isinstance(label_id, int):
            self.add(label_id)

    def _typed(self) -> None:
        text = self.add_box.currentText().strip()
        if not text:
            return
        match = next((label for label in self._labels if label.name.lower() == text.lower()), None)
        if match is not None:
            self.add(match.id)
        else:
            self.new_label_requested.emit(text)
        self.add_box.setEditText("")

    def _rebuild(self) -> None:
        for chip in self._chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        by_id = {label.id: label for label in self._labels}
        for position, label_id in enumerate(self._chosen):
            label = by_id.get(label_id)
            if label is None:
                continue
            chip = QToolButton(self)
            chip.setText(f"{label.name}  ×")
            chip.setToolTip(f"Remove the label {label.name}")
            chip.setAccessibleName(f"Label {label.name}")
            chip.setAccessibleDescription("Press to remove the label")
            colour = label.color or theme.colors().chip_fallback
            chip.setStyleSheet(
                f"QToolButton {{ background: {colour}; color: {theme.text_on(colour).name()};"
                " border-radius: 9px; padding: 2px 8px; border: none; }"
            )
            chip.clicked.connect(lambda _c=False, i=label_id: self.remove(i))
            self._layout.insertWidget(position, chip)
            self._chips.append(chip)
        self.add_box.blockSignals(True)
        self.add_box.clear()
        for label in self._labels:
            if label.id not in self._chosen:
                self.add_box.addItem(label.name, label.id)
        self.add_box.setCurrentIndex(-1)
        self.add_box.setEditText("")
        self.add_box.blockSignals(False)
