"""A searchable picker of locales (`German (Germany)`, `English (India)`), with a first
entry for the default (the system's locale, or whatever the caller names)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from gojee_desktop.locales import locale_choices


class LocaleCombo(QComboBox):
    """`chosen()` is the chosen identifier, "" for the default entry."""

    def __init__(self, default_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem(default_text, "")
        for identifier, name in locale_choices():
            self.addItem(f"{name} – {identifier}", identifier)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def chosen(self) -> str:
        index = self.findText(self.currentText())
        return str(self.itemData(index)) if index >= 0 else self.currentText().strip()

    def choose(self, identifier: str) -> None:
        index = self.findData(identifier)
        if index < 0:
            self.addItem(identifier, identifier)
            index = self.count() - 1
        self.setCurrentIndex(index)
