"""A button that folds less used controls into a panel: "Filters (2)" opens the panel under
it. A bar keeps its most used controls on one row and its width small this way, instead of
eliding labels when the window narrows."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QToolButton, QVBoxLayout, QWidget

from gojee_desktop.ui.widgets.screen_fit import keep_inside, screen_of


class FoldPanel(QFrame):
    """The popup holding the folded controls; Escape or a click outside closes it."""

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("foldPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # A click on the button while the panel is open only closes it (not closes and reopens).
        self.setAttribute(Qt.WidgetAttribute.WA_NoMouseReplay)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 10, 10, 10)

    def set_content(self, content: QWidget) -> None:
        content.setParent(self)
        self._layout.addWidget(content)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.closed.emit()


class FoldButton(QToolButton):
    """Shows "Title" or "Title (n)" with n active controls in its panel; Enter, Space or
    Alt+Down open the panel with the keyboard in its first field."""

    def __init__(self, title: str, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._active: list[str] = []
        self.setCheckable(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.panel = FoldPanel(self)
        self.panel.set_content(content)
        self.panel.closed.connect(self._panel_closed)
        self.clicked.connect(self._clicked)
        self.set_active([])

    def set_active(self, names: list[str]) -> None:
        """The names of the active folded controls: their count shows on the button."""
        self._active = list(names)
        count = len(names)
        self.setText(f"{self._title} ({count})" if count else self._title)
        listed = ", ".join(names) if names else "none"
        self.setToolTip(f"More filters (active: {listed})")
        self.setAccessibleName(f"{self._title}, {count} active" if count else self._title)

    def active(self) -> list[str]:
        return list(self._active)

    def _clicked(self, checked: bool) -> None:
        if checked:
            self.open_panel()
        else:
            self.panel.hide()

    def open_panel(self) -> None:
        """Show the panel under the button (kept on the screen), focus in its first field."""
        panel = self.panel
        panel.adjustSize()
        below = self.mapToGlobal(QPoint(0, self.height()))
        available = screen_of(self).availableGeometry()
        size = panel.sizeHint().boundedTo(available.size())
        panel.setGeometry(keep_inside(QRect(below, size), available))
        self.setChecked(True)
        panel.show()
        panel.activateWindow()
        first = panel.nextInFocusChain()
        while first is not None and first is not panel and not _takes_focus(first, panel):
            first = first.nextInFocusChain()
        if first is not None and first is not panel:
            first.setFocus(Qt.FocusReason.PopupFocusReason)

    def _panel_closed(self) -> None:
        self.setChecked(False)
        if self.isVisible():
            self.setFocus(Qt.FocusReason.PopupFocusReason)  # the keyboard carries on from here

    def keyPressEvent(self, event: QKeyEvent) -> None:
        down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or down:
            self.open_panel()
            return
        super().keyPressEvent(event)


def _takes_focus(widget: QWidget, panel: QWidget) -> bool:
    return (
        panel.isAncestorOf(widget)
        and widget.isVisible()
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    )
