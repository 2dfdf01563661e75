"""A date field that takes what people type, in their locale's short format or as
YYYY-MM-DD, and opens a calendar (its button, Alt+Down or F4). Empty means "no date", which a
`QDateEdit` cannot say."""

from __future__ import annotations

import datetime
from datetime import date

from PySide6.QtCore import QDate, QPoint, QRect, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QVBoxLayout, QWidget

from gojee_desktop.locales import LocaleError, parse_date
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.ui.icons import calendar_icon
from gojee_desktop.ui.itemmodels.job_table_model import format_date
from gojee_desktop.ui.widgets.screen_fit import keep_inside, screen_of

EXAMPLE_DATE = date(2026, 3, 31)


def parse_user_date(text: str, locale: str | None = None, field: str = "expected_close") -> date | None:
    """A date typed in the display locale's short format or as YYYY-MM-DD; empty means none.
    ValidationError when it is not a real date (31/02 is refused)."""
    try:
        return parse_date(text, locale)
    except LocaleError as exc:
        raise ValidationError(str(exc), field=field) from exc


def date_placeholder(locale: str | None = None) -> str:
    """'e.g. 31/03/2026': the locale's format, shown once."""
    return f"e.g. {format_date(EXAMPLE_DATE, locale)}"


class CalendarPopup(QWidget):
    """The month calendar under a date field; Enter or a click picks, Escape closes."""

    def __init__(self, field: DateField) -> None:
        super().__init__(field, Qt.WindowType.Popup)
        self.setObjectName("calendarPopup")
        self.setAttribute(Qt.WidgetAttribute.WA_NoMouseReplay)  # the icon's click only closes it
        self._field = field
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setAccessibleName("Calendar")
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.calendar)

    def _picked(self, day: QDate) -> None:
        self._field.set_date(date(day.year(), day.month(), day.day()))
        self.close()
        self._field.setFocus(Qt.FocusReason.PopupFocusReason)


class DateField(QLineEdit):
    """Text in, `date()` out; `set_date()` writes the locale's short format."""

    def __init__(self, parent: QWidget | None = None, field: str = "expected_close") -> None:
        super().__init__(parent)
        self._field = field
        self.setPlaceholderText(date_placeholder())
        self.calendar_action = QAction(calendar_icon(), "Pick a date", self)
        self.calendar_action.setToolTip("Pick a date from a calendar (Alt+Down)")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.popup: CalendarPopup | None = None

    def date(self) -> datetime.date | None:
        """The typed date, None when empty; ValidationError when it is not a date."""
        return parse_user_date(self.text(), field=self._field)

    def set_date(self, value: datetime.date | None) -> None:
        self.setText(format_date(value))

    def open_calendar(self) -> CalendarPopup:
        """Show the calendar under the field, on the typed date (today when none or bad)."""
        if self.popup is None:
            self.popup = CalendarPopup(self)
        try:
            current = self.date() or date.today()
        except ValidationError:
            current = date.today()
        calendar = self.popup.calendar
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self.popup.adjustSize()
        below = self.mapToGlobal(QPoint(0, self.height()))
        available = screen_of(self).availableGeometry()
        self.popup.setGeometry(keep_inside(QRect(below, self.popup.sizeHint()), available))
        self.popup.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)
        return self.popup

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.open_calendar()
            return
        super().keyPressEvent(event)
