"""Settings › Appearance: follow the operating system's light or dark scheme, or force one.
Kept per user on this computer (like the display locale); applied the moment it is picked."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QLabel, QRadioButton, QVBoxLayout, QWidget

from gojee_desktop.ui import theme
from gojee_desktop.ui.context import AppContext


class AppearanceSettings(QWidget):
    """Three choices: System, Light, Dark."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appearanceSettings")
        self.context = context
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        self.note = QLabel(self)
        self.note.setObjectName("appearanceNote")
        self.note.setWordWrap(True)
        theme.set_style(self.note, "color: $hint;")
        layout.addWidget(QLabel("Colours of the window:", self))
        for mode, text in (
            (theme.SYSTEM, "&System (follow the operating system)"),
            (theme.LIGHT, "&Light"),
            (theme.DARK, "&Dark"),
        ):
            button = QRadioButton(text, self)
            button.setObjectName(f"appearance-{mode}")
            self.group.addButton(button)
            self.buttons[mode] = button
            layout.addWidget(button)
            button.toggled.connect(lambda on, m=mode: self.choose(m) if on else None)
        self.buttons[theme.stored_mode(context.settings)].setChecked(True)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self._describe()

    def choose(self, mode: str) -> None:
        """Apply a mode now and keep it."""
        if mode != theme.stored_mode(self.context.settings) or theme.theme().mode != mode:
            theme.set_mode(self.context.settings, mode)
        if not self.buttons[mode].isChecked():
            self.buttons[mode].setChecked(True)
        self._describe()

    def _describe(self) -> None:
        system = "dark" if theme.system_is_dark() else "light"
        self.note.setText(f"The operating system's scheme is {system} now.")
