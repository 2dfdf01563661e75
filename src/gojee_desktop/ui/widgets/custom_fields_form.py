"""Widgets for custom fields, built from their definitions (text, number, money, date,
choice, checkbox). Values are read and written as the stored canonical text."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from gojee_desktop.services.custom_fields import canonical_value
from gojee_desktop.services.dto import CustomFieldInfo
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.ui import theme

_PLACEHOLDERS = {"number": "e.g. 12.5", "money": "e.g. 1234.50", "date": "YYYY-MM-DD", "text": ""}


class CustomFieldsForm(QWidget):
    """One row per definition, with its error label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = QFormLayout(self)
        self._definitions: list[CustomFieldInfo] = []
        self._widgets: dict[int, QWidget] = {}
        self._errors: dict[int, QLabel] = {}
        self._values: dict[int, str] = {}

    def set_definitions(self, definitions: list[CustomFieldInfo]) -> None:
        """Rebuild the rows; what was typed in fields that still exist is kept."""
        typed = {field_id: self._raw(field_id) for field_id in self._widgets}
        while self._form.rowCount():
            self._form.removeRow(0)
        self._definitions = definitions
        self._widgets, self._errors = {}, {}
        for definition in definitions:
            widget = self._widget_for(definition)
            error = QLabel(self)
            theme.set_style(error, "color: $error;")
            error.hide()
            self._widgets[definition.id] = widget
            self._errors[definition.id] = error
            box = QWidget(self)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            self._form.addRow(definition.name, box)
        if not definitions:
            self._form.addRow(
                QLabel("No custom fields yet: add them in Edit › Settings › Custom fields.", self)
            )
        self.set_values(self._values)
        for field_id, raw in typed.items():
            if field_id in self._widgets:
                self._set_raw(field_id, raw)

    def _widget_for(self, definition: CustomFieldInfo) -> QWidget:
        if definition.field_type == "choice":
            box = QComboBox(self)
            box.addItem("")
            box.addItems(list(definition.choices))
            return box
        if definition.field_type == "checkbox":
            return QCheckBox(self)
        edit = QLineEdit(self)
        edit.setPlaceholderText(_PLACEHOLDERS.get(definition.field_type, ""))
        return edit

    def widget(self, field_id: int) -> QWidget:
        return self._widgets[field_id]

    def set_values(self, values: dict[int, str]) -> None:
        """Show a job's stored values (and forget earlier error messages)."""
        self._values = dict(values)
        for field_id in self._widgets:
            self._set_raw(field_id, values.get(field_id, ""))
            self._errors[field_id].hide()

    def _set_raw(self, field_id: int, value: str) -> None:
        widget = self._widgets[field_id]
        if isinstance(widget, QComboBox):
            widget.setCurrentText(value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(value == "yes")
        elif isinstance(widget, QLineEdit):
            widget.setText(value)

    def _raw(self, field_id: int) -> str:
        widget = self._widgets[field_id]
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QCheckBox):
            return "yes" if widget.isChecked() else "no"
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def changes(self) -> tuple[dict[int, str], dict[int, str]]:
        """(changed values by field id, error messages by field id)."""
        changed: dict[int, str] = {}
        errors: dict[int, str] = {}
        for definition in self._definitions:
            raw = self._raw(definition.id)
            try:
                value = canonical_value(definition.field_type, definition.name, raw, definition.choices)
            except ValidationError as error:
                errors[definition.id] = str(error)
                continue
            old = self._values.get(definition.id, "")
            if definition.field_type == "checkbox" and not old:
                old = "no"
            if value != old:
                changed[definition.id] = value
        for field_id, label in self._errors.items():
            label.setText(errors.get(field_id, ""))
            label.setVisible(field_id in errors)
        return changed, errors
