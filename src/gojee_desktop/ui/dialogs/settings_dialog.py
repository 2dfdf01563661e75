"""One settings dialog with a page per configured list: statuses, source channels, labels,
custom fields, team members and the default currency. Every change is saved at once through
`services.catalog` and announced with `catalog_changed`, so tables and editors follow.

Other modules add pages by appending to `SETTINGS_PAGE_FACTORIES` (each factory gets the
context and returns (widget, title)) or by calling `add_page` on an open dialog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop import locales
from gojee_desktop.models.catalog import FIELD_TYPES
from gojee_desktop.money import active_currencies, format_money
from gojee_desktop.services import catalog
from gojee_desktop.services.capture.phones import country_choices
from gojee_desktop.services.capture.region import get_region, set_country
from gojee_desktop.services.dto import CustomFieldInfo
from gojee_desktop.ui import extension_points, theme
from gojee_desktop.ui.commands.catalog import push_catalog_change
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.display_locale import change_display_locale, stored_locale
from gojee_desktop.ui.widgets.locale_combo import LocaleCombo
from gojee_desktop.ui.widgets.screen_fit import fit_window

PageFactory = extension_points.PageFactory
#: Extra settings pages (the list of `ui.extension_points`).
SETTINGS_PAGE_FACTORIES = extension_points.SETTINGS_PAGE_FACTORIES

_APPLIES_TO = (("Leads and customer jobs", "both"), ("Leads only", "lead"), ("Customer jobs only", "job"))


class ListPage(QWidget):
    """A list with Add, Rename, Delete (and optionally Up/Down) buttons; subclasses say how."""

    kind_signal = ""

    def __init__(self, context: AppContext, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.list = QListWidget(self)
        self.list.itemDoubleClicked.connect(lambda _i: self._ask_rename())
        hint_label = QLabel(hint, self)
        hint_label.setWordWrap(True)
        buttons = QVBoxLayout()
        self.add_button = QPushButton("Add…", self)
        self.rename_button = QPushButton("Rename…", self)
        self.delete_button = QPushButton("Delete", self)
        self.add_button.clicked.connect(self._ask_add)
        self.rename_button.clicked.connect(self._ask_rename)
        self.delete_button.clicked.connect(self._ask_delete)
        for button in (self.add_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        self.extra_buttons = buttons
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label)
        layout.addLayout(row)
        self.reload()

    # what a subclass provides
    def items(self) -> list[tuple[int, str]]:
        raise NotImplementedError

    def add(self, name: str) -> bool:
        raise NotImplementedError

    def rename(self, item_id: int, name: str) -> bool:
        raise NotImplementedError

    def delete(self, item_id: int) -> bool:
        raise NotImplementedError

    # shared
    def reload(self) -> None:
        current = self.current_id()
        self.list.clear()
        for item_id, name in self.items():
            item = QListWidgetItem(name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, item_id)
            if item_id == current:
                self.list.setCurrentItem(item)

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def current_id(self) -> int | None:
        item = self.list.currentItem() if hasattr(self, "list") else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_name(self, name: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).text() == name:
                self.list.setCurrentRow(i)

    def change(self, text: str, do: Callable[[], object], undo: Callable[[], object] | None = None) -> bool:
        """Call a service (an undoable step when `undo` is given); errors in user words."""
        stack, signals = self.context.undo_stack, self.context.signals
        done = push_catalog_change(stack, signals, self.kind_signal, text, do, undo, self)
        self.reload()
        return done is not None

    def name_of(self, item_id: int) -> str:
        return next((name for i, name in self.items() if i == item_id), "")

    def _ask_add(self) -> None:
        name, ok = QInputDialog.getText(self, "Add", "Name:")
        if ok:
            self.add(name)

    def _ask_rename(self) -> None:
        item_id = self.current_id()
        item = self.list.currentItem()
        if item_id is None or item is None:
            return
        name, ok = QInputDialog.getText(self, "Rename", "New name:", text=item.text())
        if ok:
            self.rename(item_id, name)

    def _ask_delete(self) -> None:
        item_id = self.current_id()
        item = self.list.currentItem()
        if item_id is None or item is None:
            return
        answer = QMessageBox.question(self, "Delete", f"Delete '{item.text()}'?")
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(item_id)


class NamedItemsPage(ListPage):
    """Source channels, labels or team members."""

    def __init__(self, context: AppContext, kind: str, hint: str, parent: QWidget | None = None) -> None:
        self.kind = kind
        self.kind_signal = {"source_channel": "source_channels", "label": "labels", "user": "users"}[kind]
        self.what = {"source_channel": "source channel", "label": "label", "user": "team member"}[kind]
        super().__init__(context, hint, parent)

    def items(self) -> list[tuple[int, str]]:
        return [(i.id, i.name) for i in catalog.list_items(self.context.sessions, self.kind)]

    def add(self, name: str) -> bool:
        sessions, made = self.context.sessions, [0]

        def do() -> object:
            item = catalog.add_item(sessions, self.kind, name)
            made[0] = item.id
            return item

        return self.change(
            f"Add {self.what} '{name.strip()}'", do, lambda: catalog.delete_item(sessions, self.kind, made[0])
        )

    def rename(self, item_id: int, name: str) -> bool:
        sessions, old = self.context.sessions, self.name_of(item_id)
        return self.change(
            f"Rename {self.what} '{old}'",
            lambda: catalog.rename_item(sessions, self.kind, item_id, name),
            lambda: catalog.rename_item(sessions, self.kind, item_id, old),
        )

    def delete(self, item_id: int) -> bool:
        return self.change("", lambda: catalog.delete_item(self.context.sessions, self.kind, item_id))


class StatusesPage(ListPage):
    """Statuses, in order, each for leads, customer jobs or both."""

    kind_signal = "statuses"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Statuses describe where a lead or job stands commercially.", parent)
        self.applies_to = QComboBox(self)
        for text, value in _APPLIES_TO:
            self.applies_to.addItem(text, value)
        self.applies_to.activated.connect(lambda _i: self._set_applies_to())
        self.up_button = QPushButton("Move up", self)
        self.down_button = QPushButton("Move down", self)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        for widget in (QLabel("Used for:", self), self.applies_to, self.up_button, self.down_button):
            self.extra_buttons.insertWidget(self.extra_buttons.count() - 1, widget)
        self.list.currentRowChanged.connect(lambda _r: self._show_applies_to())

    def items(self) -> list[tuple[int, str]]:
        return [(s.id, s.name) for s in catalog.list_statuses(self.context.sessions)]

    def add(self, name: str, applies_to: str = "both") -> bool:
        sessions, made = self.context.sessions, [0]

        def do() -> object:
            status = catalog.add_status(sessions, name, applies_to)
            made[0] = status.id
            return status

        return self.change(
            f"Add status '{name.strip()}'", do, lambda: catalog.delete_status(sessions, made[0])
        )

    def rename(self, item_id: int, name: str) -> bool:
        sessions, old = self.context.sessions, self.name_of(item_id)
        return self.change(
            f"Rename status '{old}'",
            lambda: catalog.update_status(sessions, item_id, name=name),
            lambda: catalog.update_status(sessions, item_id, name=old),
        )

    def delete(self, item_id: int) -> bool:
        return self.change("", lambda: catalog.delete_status(self.context.sessions, item_id))

    def move_current(self, step: int) -> bool:
        item_id, row = self.current_id(), self.list.currentRow()
        if item_id is None or not 0 <= row + step < self.list.count():
            return False
        sessions = self.context.sessions
        return self.change(
            f"Move status '{self.name_of(item_id)}'",
            lambda: catalog.update_status(sessions, item_id, position=row + step),
            lambda: catalog.update_status(sessions, item_id, position=row),
        )

    def _show_applies_to(self) -> None:
        item_id = self.current_id()
        status = next((s for s in catalog.list_statuses(self.context.sessions) if s.id == item_id), None)
        if status is not None:
            self.applies_to.setCurrentIndex(max(0, self.applies_to.findData(status.applies_to)))

    def _set_applies_to(self) -> None:
        item_id = self.current_id()
        status = next((s for s in catalog.list_statuses(self.context.sessions) if s.id == item_id), None)
        value = self.applies_to.currentData()
        if status is not None and value != status.applies_to:
            sessions, old = self.context.sessions, status.applies_to
            self.change(
                f"Change where '{status.name}' is used",
                lambda: catalog.update_status(sessions, status.id, applies_to=value),
                lambda: catalog.update_status(sessions, status.id, applies_to=old),
            )


#: What a custom field can belong to, as the settings show it.
FIELD_OWNER_CHOICES = (("Jobs", "job"), ("People", "person"), ("Organisations", "organization"))
_OWNER_TEXT = dict((value, text) for text, value in FIELD_OWNER_CHOICES)


class CustomFieldsPage(ListPage):
    """Custom field definitions: a name, a type, (for choice fields) the choices, and what
    they apply to: jobs, people or organisations."""

    kind_signal = "custom_fields"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            "Extra fields every job, person or organisation can carry, shown in its editor.",
            parent,
        )
        self.applies_to = QComboBox(self)
        self.applies_to.setObjectName("fieldAppliesTo")
        self.applies_to.setAccessibleName("Applies to")
        for text, value in FIELD_OWNER_CHOICES:
            self.applies_to.addItem(text, value)
        self.applies_to.activated.connect(lambda _i: self.set_applies_to(self.applies_to.currentData()))
        for widget in (QLabel("Applies to:", self), self.applies_to):
            self.extra_buttons.insertWidget(self.extra_buttons.count() - 1, widget)
        self.list.currentRowChanged.connect(lambda _r: self._show_applies_to())
        self._show_applies_to()

    def items(self) -> list[tuple[int, str]]:
        return [
            (f.id, f"{f.name} ({f.field_type}, {_OWNER_TEXT[f.applies_to].lower()})")
            for f in catalog.list_custom_fields(self.context.sessions, None)
        ]

    def _field(self, item_id: int | None) -> CustomFieldInfo | None:
        fields = catalog.list_custom_fields(self.context.sessions, None)
        return next((f for f in fields if f.id == item_id), None)

    def add(
        self, name: str, field_type: str = "text", choices: list[str] | None = None, applies_to: str = "job"
    ) -> bool:
        sessions, made = self.context.sessions, [0]

        def do() -> object:
            field = catalog.add_custom_field(sessions, name, field_type, choices, applies_to)
            made[0] = field.id
            return field

        return self.change(
            f"Add custom field '{name.strip()}'", do, lambda: catalog.delete_custom_field(sessions, made[0])
        )

    def rename(self, item_id: int, name: str) -> bool:
        sessions = self.context.sessions
        old = next(f.name for f in catalog.list_custom_fields(sessions, None) if f.id == item_id)
        return self.change(
            f"Rename custom field '{old}'",
            lambda: catalog.update_custom_field(sessions, item_id, name),
            lambda: catalog.update_custom_field(sessions, item_id, old),
        )

    def set_applies_to(self, applies_to: str) -> bool:
        """Move the current field to jobs, people or organisations (refused, with a message,
        while records hold values of it)."""
        field = self._field(self.current_id())
        if field is None or field.applies_to == applies_to:
            return False
        sessions, old = self.context.sessions, field.applies_to
        done = self.change(
            f"Make '{field.name}' a field of {_OWNER_TEXT[applies_to].lower()}",
            lambda: catalog.update_custom_field(sessions, field.id, field.name, applies_to=applies_to),
            lambda: catalog.update_custom_field(sessions, field.id, field.name, applies_to=old),
        )
        self._show_applies_to()
        return done

    def _show_applies_to(self) -> None:
        field = self._field(self.current_id())
        self.applies_to.setEnabled(field is not None)
        if field is not None:
            self.applies_to.setCurrentIndex(max(0, self.applies_to.findData(field.applies_to)))

    def delete(self, item_id: int) -> bool:
        return self.change("", lambda: catalog.delete_custom_field(self.context.sessions, item_id))

    def _ask_add(self) -> None:
        name, ok = QInputDialog.getText(self, "Add custom field", "Name:")
        if not ok:
            return
        field_type, ok = QInputDialog.getItem(self, "Add custom field", "Type:", list(FIELD_TYPES), 0, False)
        if not ok:
            return
        choices: list[str] | None = None
        if field_type == "choice":
            text, ok = QInputDialog.getText(self, "Add custom field", "Choices, separated by commas:")
            if not ok:
                return
            choices = [c.strip() for c in text.split(",") if c.strip()]
        owner, ok = QInputDialog.getItem(
            self, "Add custom field", "Applies to:", [text for text, _ in FIELD_OWNER_CHOICES], 0, False
        )
        if not ok:
            return
        self.add(name, field_type, choices, dict(FIELD_OWNER_CHOICES)[owner])

    def _ask_rename(self) -> None:
        item_id = self.current_id()
        if item_id is None:
            return
        field = self._field(item_id)
        if field is None:
            return
        name, ok = QInputDialog.getText(self, "Rename", "New name:", text=field.name)
        if ok:
            self.rename(item_id, name)


class CurrencyPage(QWidget):
    """The currency new leads and jobs start in."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.currency = QComboBox(self)
        self.currency.addItems(list(active_currencies()))
        self.currency.setCurrentText(catalog.get_default_currency(context.sessions))
        self.currency.activated.connect(lambda _i: self.set_currency(self.currency.currentText()))
        self.country = QComboBox(self)
        for code, name in country_choices():
            self.country.addItem(f"{name} ({code})", code)
        self.show_current()
        self.country.activated.connect(lambda _i: self.set_country(str(self.country.currentData())))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Default currency of new leads and jobs (existing ones keep theirs):", self))
        layout.addWidget(self.currency)
        layout.addWidget(
            QLabel("The business's country (phone numbers without +code are read as its):", self)
        )
        layout.addWidget(self.country)
        layout.addStretch(1)

    def set_country(self, code: str) -> bool:
        sessions = self.context.sessions
        old = get_region(sessions)
        done = push_catalog_change(
            self.context.undo_stack,
            self.context.signals,
            "settings",
            f"Set the business's country to {code}",
            lambda: set_country(sessions, code),
            lambda: set_country(sessions, old),
            self,
        )
        self.show_current()
        return done is not None

    def set_currency(self, code: str) -> bool:
        sessions = self.context.sessions
        old = catalog.get_default_currency(sessions)
        done = push_catalog_change(
            self.context.undo_stack,
            self.context.signals,
            "settings",
            f"Set the default currency to {code}",
            lambda: catalog.set_default_currency(sessions, code),
            lambda: catalog.set_default_currency(sessions, old),
            self,
        )
        self.show_current()
        return done is not None

    def show_current(self) -> None:
        self.currency.setCurrentText(catalog.get_default_currency(self.context.sessions))
        self.country.setCurrentIndex(self.country.findData(get_region(self.context.sessions)))


class FormatsPage(QWidget):
    """The locale amounts and dates are shown and typed in, for this user on this computer."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.locale_choice = LocaleCombo(f"System default ({locales.system_locale_name()})", self)
        self.locale_choice.choose(stored_locale(context.settings))
        self.locale_choice.activated.connect(lambda _i: self.set_locale(self.locale_choice.chosen()))
        line = self.locale_choice.lineEdit()
        assert line is not None  # the combo is editable
        line.editingFinished.connect(lambda: self.set_locale(self.locale_choice.chosen()))
        self.preview = QLabel(self)
        self.preview.setObjectName("formatsPreview")
        self.message = QLabel(self)
        self.message.setObjectName("formatsMessage")
        theme.set_style(self.message, "color: $error;")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Show and type amounts and dates as in:", self))
        layout.addWidget(self.locale_choice)
        layout.addWidget(self.preview)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.show_preview()

    def set_locale(self, name: str) -> bool:
        """Apply a locale identifier ("" for the system's); tables and boards redraw."""
        if name == stored_locale(self.context.settings):
            self.message.clear()
            return True
        try:
            change_display_locale(self.context.settings, name)
        except locales.LocaleError as error:
            self.message.setText(str(error))
            return False
        self.message.clear()
        self.locale_choice.choose(stored_locale(self.context.settings))
        self.show_preview()
        self.context.signals.catalog_changed.emit("settings")
        return True

    def show_preview(self) -> None:
        currency = catalog.get_default_currency(self.context.sessions)
        amount = format_money(Decimal("1234567.5"), currency)
        self.preview.setText(f"For example {amount} · {locales.format_date(date(2026, 3, 31))}")


class SettingsDialog(QDialog):
    """Pages on the left, the chosen page on the right."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.context = context
        self.page_list = QListWidget(self)
        self.page_list.setFixedWidth(self.page_list.fontMetrics().horizontalAdvance("Source channels") + 60)
        self.page_list.setAccessibleName("Settings pages")
        self.pages = QStackedWidget(self)
        self.page_list.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.statuses = StatusesPage(context, self)
        self.channels = NamedItemsPage(context, "source_channel", "Where leads come from.", self)
        self.labels = NamedItemsPage(context, "label", "Free-form tags for leads and jobs.", self)
        self.custom_fields = CustomFieldsPage(context, self)
        self.team = NamedItemsPage(
            context, "user", "People who can be assigned to jobs (removing one keeps their history).", self
        )
        self.currency = CurrencyPage(context, self)
        self.formats = FormatsPage(context, self)
        for widget, title in (
            (self.statuses, "Statuses"),
            (self.channels, "Source channels"),
            (self.labels, "Labels"),
            (self.custom_fields, "Custom fields"),
            (self.team, "Team members"),
            (self.currency, "Currency"),
            (self.formats, "Language and formats"),
        ):
            self.add_page(widget, title)
        for factory in list(extension_points.SETTINGS_PAGE_FACTORIES):
            self.add_page(*factory(context))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        # The dialog is modal: it carries the undo stack's actions so Ctrl+Z works inside it.
        undo = context.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = context.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)])
        self.addAction(undo)
        self.addAction(redo)
        self.undo_button = QPushButton("Undo", self)
        self.undo_button.clicked.connect(undo.trigger)
        self.undo_button.setEnabled(undo.isEnabled())
        undo.changed.connect(lambda: self.undo_button.setEnabled(undo.isEnabled()))
        undo.changed.connect(lambda: self.undo_button.setToolTip(undo.text()))
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ResetRole)
        context.signals.catalog_changed.connect(self._catalog_changed)
        row = QHBoxLayout()
        row.addWidget(self.page_list)
        row.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.page_list.setCurrentRow(0)
        self.page_list.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_window(self, self._preferred_size())

    def _preferred_size(self) -> QSize:
        """Room for the largest page without scrolling, where the screen allows it."""
        widest, tallest = 0, 0
        for index in range(self.pages.count()):
            scroll = self.pages.widget(index)
            page = scroll.widget() if isinstance(scroll, QScrollArea) else scroll
            if page is not None:
                widest = max(widest, page.sizeHint().width())
                tallest = max(tallest, page.sizeHint().height())
        chrome = QSize(self.page_list.width() + 48, 80)  # the list, margins and the buttons
        return QSize(720, 460).expandedTo(QSize(widest, tallest) + chrome)

    def _catalog_changed(self, _kind: str) -> None:
        for page in (self.statuses, self.channels, self.labels, self.custom_fields, self.team):
            page.reload()
        self.currency.show_current()

    def add_page(self, widget: QWidget, title: str) -> int:
        """Add a page (and its entry in the list on the left); returns its index. A page
        taller or wider than the dialog scrolls instead of growing it past a laptop screen."""
        scroll = QScrollArea(self.pages)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(widget)
        self.page_list.addItem(title)
        return self.pages.addWidget(scroll)

    def show_page(self, title: str) -> None:
        for i in range(self.page_list.count()):
            if self.page_list.item(i).text() == title:
                self.page_list.setCurrentRow(i)
