"""A Contacts page: the lazy table of people or organisations with search as you type, a
show-archived choice, a label filter (every checked label, in SQL), a column chooser, saved
views of those, and create / open / archive / delete, each undoable.

Contacts › People and Contacts › Organisations are two instances (ui/pages/people.py and
ui/pages/organizations.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QPoint, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.services import catalog, contact_records
from gojee_desktop.services.capture.exporter import ExportResult
from gojee_desktop.services.contact_query import (
    PERSON,
    SORT_KEYS,
    ContactQuery,
    contact_id_array,
    list_contact_ids,
    prepare_phone_search,
)
from gojee_desktop.services.contact_records import ContactRecord
from gojee_desktop.ui.commands import contacts as contact_commands
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.itemmodels.contact_table_model import ContactTableModel
from gojee_desktop.ui.itemmodels.job_table_model import archived_colour
from gojee_desktop.ui.saved_views import SavedViews
from gojee_desktop.ui.widgets.filter_bar import ChoiceButton
from gojee_desktop.ui.widgets.metrics import row_height, scaled
from gojee_desktop.ui.widgets.row_text_delegate import RowTextDelegate

SEARCH_DEBOUNCE_MS = 150
NO_VIEW = "All"
MAX_BULK = 1000
#: The "Show" choices: label and the query's `archived`.
SHOW_CHOICES = (("Active", False), ("Archived", True), ("All", None))


def view_to_dict(query: ContactQuery) -> dict[str, Any]:
    """What a saved view of a Contacts page keeps: the show choice, the labels and the order."""
    return {
        "archived": query.archived,
        "label_ids": list(query.label_ids),
        "sort": query.sort,
        "descending": query.descending,
    }


def view_from_dict(
    data: dict[str, Any], base: ContactQuery, known_labels: set[int] | None = None
) -> ContactQuery:
    """The query a saved view stands for; labels deleted since (not in `known_labels`) drop
    out of it."""
    archived = data.get("archived", False)
    sort = str(data.get("sort", "name"))
    labels = tuple(int(v) for v in data.get("label_ids", ()) if str(v).lstrip("-").isdigit())
    if known_labels is not None:
        labels = tuple(i for i in labels if i in known_labels)
    return replace(
        base,
        archived=None if archived is None else bool(archived),
        label_ids=labels,
        sort=sort if sort in SORT_KEYS[base.kind] else "name",
        descending=bool(data.get("descending", False)),
    )


#: The answers of the delete question when jobs name the contact.
MOVE_JOBS, ARCHIVE_INSTEAD, CANCEL = "move", "archive", "cancel"


class ContactsPage(QWidget):
    """People or organisations in a table; Enter opens the editor."""

    row_count_changed = Signal(int)

    def __init__(self, context: AppContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.kind = kind
        self.noun = "person" if kind == PERSON else "organisation"
        self.title = "People" if kind == PERSON else "Organisations"
        self._settings_key = f"contacts/{kind}/header"
        self.model = ContactTableModel(context.sessions, ContactQuery(kind=kind), self)
        self.model.count_known.connect(self.row_count_changed)
        self._loaded = False

        heading = QLabel(self.title, self)
        heading.setObjectName("pageHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)

        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(f"Search {self.title.lower()} by name, email or phone…")
        self.search.setAccessibleName(f"Search {self.title.lower()}")
        self.search.setMinimumWidth(
            self.search.fontMetrics().horizontalAdvance("Search people by name, email") + 40
        )
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._debounce.start)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.focus_search)

        self.show_box = QComboBox(self)
        self.show_box.setObjectName("showArchived")
        self.show_box.setAccessibleName("Show")
        for text, _value in SHOW_CHOICES:
            self.show_box.addItem(text)
        self.show_box.currentIndexChanged.connect(self._apply_show)
        show_label = QLabel("Sho&w", self)
        show_label.setBuddy(self.show_box)
        self.label_filter = ChoiceButton("Labels", self)
        self.label_filter.setObjectName("labelFilter")
        self.label_filter.setAccessibleName("Labels")
        self.label_filter.setAccessibleDescription(f"Shows the {self.title.lower()} with every checked label")
        self.label_filter.changed.connect(self._apply_labels)
        self._known_labels: set[int] = set()
        # Alt+L, as the label box before it had: focus the filter and open its list.
        QShortcut(QKeySequence("Alt+L"), self, self.open_label_filter)
        self.fill_labels()

        self.new_button = QPushButton(f"&New {self.noun}…", self)
        self.new_button.setObjectName("newContact")
        self.new_button.clicked.connect(self.new_contact)

        self.saved_views = SavedViews(context.settings, f"contacts-{kind}", view_to_dict)
        self.view_box = QComboBox(self)
        self.view_box.setObjectName("savedViews")
        self.view_box.setMinimumContentsLength(12)
        self.view_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.view_box.setAccessibleName("Saved view")
        self.view_box.setToolTip("Saved views: what is shown, the order and the columns")
        self.view_box.activated.connect(lambda _i: self.apply_view(self.view_box.currentText()))
        view_label = QLabel("Vi&ew", self)
        view_label.setBuddy(self.view_box)
        self.save_view_button = QToolButton(self)
        self.save_view_button.setText("Save view…")
        self.save_view_button.clicked.connect(self._ask_save_view)
        self.delete_view_button = QToolButton(self)
        self.delete_view_button.setText("Delete view")
        self.delete_view_button.clicked.connect(self._delete_current_view)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(view_label)
        top.addWidget(self.view_box)
        top.addWidget(self.save_view_button)
        top.addWidget(self.delete_view_button)
        top.addSpacing(12)
        top.addWidget(self.new_button)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(show_label)
        row.addWidget(self.show_box)
        row.addWidget(self.label_filter)

        self.view = self._build_view()
        self._fill_views()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)

        self.open_action = self._action(
            "&Open", self.open_current, [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.delete_action = self._action(
            "&Delete…", self.delete_current, [QKeySequence(QKeySequence.StandardKey.Delete)]
        )
        self.archive_action = self._action("&Archive", lambda: self.archive_selected(True), [])
        self.restore_action = self._action("&Restore", lambda: self.archive_selected(False), [])
        self.vcard_action = self._action("Export as v&Card…", self.export_selected_vcards, [])
        self._action(
            "Actions menu", self.menu_at_current, [QKeySequence(Qt.Key.Key_Menu), QKeySequence("Shift+F10")]
        )
        context.signals.contacts_changed.connect(self._contacts_changed)
        context.signals.jobs_changed.connect(lambda _ids: self._refresh())
        context.signals.jobs_removed.connect(lambda _ids: self._refresh())
        context.signals.catalog_changed.connect(self._catalog_changed)

    def _build_view(self) -> QTableView:
        view = QTableView(self)
        view.setObjectName("contactTable")
        view.setModel(self.model)
        columns = self.model.columns
        self.delegate = RowTextDelegate(
            self.model.painted_row, archived_colour, [i for i, c in enumerate(columns) if c.align_right], view
        )
        view.setItemDelegate(self.delegate)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = view.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(row_height(view))
        header = view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: self.column_menu().exec(header.mapToGlobal(pos))
        )
        for number, column in enumerate(columns):
            header.resizeSection(number, scaled(view, column.width))
            header.setSectionHidden(number, column.hidden_by_default)
        self._default_state = header.saveState()
        view.setSortingEnabled(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        state = self.context.settings.value(self._settings_key)
        if isinstance(state, QByteArray) and not state.isEmpty():
            header.restoreState(state)
        header.sortIndicatorChanged.connect(self._sorted)
        header.sectionMoved.connect(lambda *_: self.save_columns())
        header.sectionResized.connect(lambda *_: self.save_columns())
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        view.doubleClicked.connect(self._open_index)
        return view

    def _action(self, text: str, slot: object, keys: list[QKeySequence]) -> QAction:
        action = QAction(text, self.view)
        if keys:
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(action)
        action.triggered.connect(slot)
        return action

    # -- query ----------------------------------------------------------------------------

    def load(self) -> None:
        """Read the first rows (the page is built before it is first shown), in the saved
        view last chosen."""
        if not self._loaded:
            self._loaded = True
            current = self.saved_views.get(self.saved_views.current())
            query = self.model.query()
            if current is not None:
                query = view_from_dict(current.filters, query, self._label_ids())
                self._show_query_controls(query)
            self.model.set_query(query)
            # The first search by digits would otherwise stall the window ~0.1 s reading them.
            QThreadPool.globalInstance().start(prepare_phone_search)

    # -- saved views ----------------------------------------------------------------------

    def _fill_views(self) -> None:
        current = self.saved_views.current()
        names = self.saved_views.names()
        self.view_box.blockSignals(True)
        self.view_box.clear()
        self.view_box.addItem(NO_VIEW)
        self.view_box.addItems(names)
        self.view_box.setCurrentText(current if current in names else NO_VIEW)
        self.view_box.blockSignals(False)
        self.delete_view_button.setEnabled(self.view_box.currentText() != NO_VIEW)

    def _show_query_controls(self, query: ContactQuery) -> None:
        """The show box, the label filter and the header's sort indicator, set to match
        `query` quietly."""
        self.show_box.blockSignals(True)
        self.show_box.setCurrentIndex(next(i for i, c in enumerate(SHOW_CHOICES) if c[1] == query.archived))
        self.show_box.blockSignals(False)
        self.label_filter.set_checked(query.label_ids)
        section = next((i for i, c in enumerate(self.model.columns) if c.sort_key == query.sort), 0)
        header = self.view.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(
            section, Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        )
        header.blockSignals(False)

    def apply_view(self, name: str) -> None:
        """Show a saved view (its show choice, order and columns), or "All" by name."""
        view = self.saved_views.get(name) if name != NO_VIEW else None
        base = ContactQuery(kind=self.kind, text=self.query().text)
        if view is None:
            self.saved_views.set_current("")
            query = base
        else:
            self.saved_views.set_current(name)
            query = view_from_dict(view.filters, base, self._label_ids())
            if not view.columns.isEmpty():
                self.view.horizontalHeader().restoreState(view.columns)
                self.save_columns()
        self._show_query_controls(query)
        self.set_query(query)
        self._fill_views()

    def save_view(self, name: str) -> None:
        self.saved_views.save(name, self.query(), self.view.horizontalHeader().saveState())
        self.saved_views.set_current(name.strip())
        self._fill_views()
        self.context.signals.status_message.emit(f"Saved the view '{name.strip()}'.")

    def _ask_save_view(self) -> None:
        name, ok = QInputDialog.getText(
            self, "Save view", "Name of the view:", text=self.saved_views.current()
        )
        if ok and name.strip() and name.strip() != NO_VIEW:
            self.save_view(name)

    def _delete_current_view(self) -> None:
        name = self.view_box.currentText()
        if name == NO_VIEW:
            return
        answer = QMessageBox.question(self, "Delete view", f"Delete the saved view '{name}'?")
        if answer == QMessageBox.StandardButton.Yes:
            self.saved_views.delete(name)
            self.apply_view(NO_VIEW)

    def fill_labels(self) -> None:
        """The label filter's choices: each configured label. A checked label deleted
        meanwhile leaves the filter (and the table follows)."""
        items = [(i.id, i.name) for i in catalog.list_items(self.context.sessions, "label")]
        self._known_labels = {item_id for item_id, _name in items}
        self.label_filter.set_items(items)
        if self._loaded and self.label_filter.checked() != self.query().label_ids:
            self.set_query(replace(self.query(), label_ids=self.label_filter.checked()))

    def open_label_filter(self) -> None:
        self.label_filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.label_filter.showMenu()

    def _label_ids(self) -> set[int]:
        return self._known_labels

    def _apply_labels(self) -> None:
        self.set_query(replace(self.query(), label_ids=self.label_filter.checked()))

    def _catalog_changed(self, kind: str) -> None:
        if kind == "labels":
            self.fill_labels()

    def query(self) -> ContactQuery:
        return self.model.query()

    def set_query(self, query: ContactQuery) -> None:
        self._loaded = True
        self.model.set_query(query)
        if self.model.is_counting():
            self.row_count_changed.emit(self.model.rowCount())

    def row_count(self) -> int:
        return self.model.rowCount()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _apply_search(self) -> None:
        text = self.search.text()
        if text != self.query().text:
            self.set_query(replace(self.query(), text=text))

    def _apply_show(self, index: int) -> None:
        archived = SHOW_CHOICES[index][1] if 0 <= index < len(SHOW_CHOICES) else False
        if archived != self.query().archived:
            self.set_query(replace(self.query(), archived=archived))

    def _sorted(self, section: int, order: Qt.SortOrder) -> None:
        columns = self.model.columns
        if columns[section].sort_key is None:
            query = self.query()
            current = next((i for i, c in enumerate(columns) if c.sort_key == query.sort), 0)
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(
                current, Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
            )
            header.blockSignals(False)
            self.context.signals.status_message.emit(
                f"The {columns[section].title.lower()} column cannot be sorted."
            )
            return
        self.save_columns()
        self.row_count_changed.emit(self.model.rowCount())

    def _contacts_changed(self, kind: str) -> None:
        if kind == self.kind or self.kind == PERSON:  # an organisation's name shows on people
            self._refresh()

    def _refresh(self) -> None:
        if self._loaded:
            self.model.refresh()

    # -- columns --------------------------------------------------------------------------

    def save_columns(self) -> None:
        self.context.settings.setValue(self._settings_key, self.view.horizontalHeader().saveState())

    def set_column_visible(self, key: str, visible: bool) -> None:
        header = self.view.horizontalHeader()
        section = [c.key for c in self.model.columns].index(key)
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return
        header.setSectionHidden(section, not visible)
        self.save_columns()

    def visible_columns(self) -> list[str]:
        header = self.view.horizontalHeader()
        order = sorted(range(header.count()), key=header.visualIndex)
        return [self.model.columns[i].key for i in order if not header.isSectionHidden(i)]

    def reset_columns(self) -> None:
        self.view.horizontalHeader().restoreState(self._default_state)
        self.save_columns()

    def column_menu(self) -> QMenu:
        menu = QMenu(self)
        header = self.view.horizontalHeader()
        for number, column in enumerate(self.model.columns):
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.toggled.connect(lambda on, key=column.key: self.set_column_visible(key, on))
        menu.addSeparator()
        menu.addAction("Reset columns", self.reset_columns)
        return menu

    # -- selection and actions ------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        selection = self.view.selectionModel().selection()
        ranges = [selection.at(i) for i in range(selection.count())]
        if sum(r.height() for r in ranges) > MAX_BULK:
            self.context.signals.status_message.emit(
                f"Act on at most {MAX_BULK:,} {self.title.lower()} at a time."
            )
            return []
        rows = sorted({row for r in ranges for row in range(r.top(), r.bottom() + 1)})
        return [i for i in (self.model.contact_id(row) for row in rows) if i is not None]

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.contact_id(index.row()) if index.isValid() else None

    def select_contact(self, contact_id: int) -> bool:
        row = self.model.row_of(contact_id)
        if row is None:
            return False
        self.view.selectRow(row)
        return True

    def _open_index(self, index: QModelIndex) -> None:
        contact_id = self.model.contact_id(index.row())
        if contact_id is not None:
            self.open_contact(contact_id)

    def open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self._open_index(index)

    def open_contact(self, contact_id: int) -> QWidget:
        from gojee_desktop.ui.dialogs.contact_editor import open_contact_editor

        return open_contact_editor(self.context, self.kind, contact_id, self.window())

    def new_contact(self) -> QWidget:
        from gojee_desktop.ui.dialogs.contact_editor import open_contact_editor

        return open_contact_editor(self.context, self.kind, None, self.window())

    def archive_selected(self, archived: bool) -> bool:
        ids = self.selected_ids()
        return bool(ids) and contact_commands.set_archived(self.context, self.kind, ids, archived, self)

    def merge_selected(self) -> bool:
        """Merge the two selected rows (the first keeps its id), field by field."""
        from gojee_desktop.ui.dialogs.merge_dialog import open_merge

        return open_merge(self.context, self.kind, self.selected_ids(), self.window())

    def export_list(self) -> ExportResult | None:
        """File › Export this list… here: every row of the page's search and filters, in its
        order, as CSV, XLSX or vCards."""
        from gojee_desktop.ui.dialogs.export_dialog import export_contacts_interactively

        ids = contact_id_array(self.context.sessions, self.query())
        return export_contacts_interactively(
            self.context, self.kind, ids, self.window(), f"{self.title.lower()}.xlsx"
        )

    def export_selected_vcards(self) -> ExportResult | None:
        """The selected rows as vCards (one: named after the contact)."""
        from gojee_desktop.ui.dialogs.export_dialog import VCARD_FILTER, export_contacts_interactively

        ids = self.selected_ids()
        if not ids:
            return None
        row = self.model.contact(self.view.currentIndex().row()) if len(ids) == 1 else None
        name = _file_name(row.name) if row is not None else self.title.lower()
        return export_contacts_interactively(
            self.context, self.kind, ids, self.window(), f"{name}.vcf", VCARD_FILTER
        )

    def confirm_delete(self, name: str) -> bool:
        """Ask before deleting a contact no job names (tests replace this)."""
        answer = QMessageBox.question(
            self,
            "Delete",
            f"Delete {name}? You can undo this with Ctrl+Z while the app is open.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_jobs_choice(self, record: ContactRecord) -> str:
        """Jobs name the contact: move them to another contact, archive instead, or cancel
        (tests replace this)."""
        count = len(record.jobs)
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Delete")
        box.setText(
            f"{record.name} cannot simply be deleted: {count} job{'s' if count != 1 else ''} "
            f"name{'s' if count == 1 else ''} this {self.noun}."
        )
        box.setInformativeText(
            f"Move those jobs to another {self.noun} and delete, or archive {record.name} "
            "instead (hidden from this list, kept on the jobs)."
        )
        move = box.addButton("&Move jobs and delete…", QMessageBox.ButtonRole.AcceptRole)
        archive = box.addButton("&Archive instead", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return MOVE_JOBS if clicked is move else ARCHIVE_INSTEAD if clicked is archive else CANCEL

    def ask_reassign_target(self, record: ContactRecord) -> int | None:
        """The contact who takes the jobs over, typed by name (tests replace this)."""
        text, ok = QInputDialog.getText(
            self, "Move jobs", f"Move the jobs of {record.name} to which {self.noun}?"
        )
        if not ok or not text.strip():
            return None
        ids = [
            i
            for i in list_contact_ids(self.context.sessions, ContactQuery(kind=self.kind, text=text), 0, 3)
            if i != record.id
        ]
        if len(ids) != 1:
            QMessageBox.warning(
                self,
                "Move jobs",
                f"No {self.noun} matches “{text}”."
                if not ids
                else f"Several {self.title.lower()} match “{text}”: type more of the name.",
            )
            return None
        return ids[0]

    def delete_current(self) -> bool:
        contact_id = self.current_id()
        if contact_id is None:
            return False
        record = contact_records.get_contact(self.context.sessions, self.kind, contact_id)
        if not record.jobs:
            if not self.confirm_delete(record.name):
                return False
            return contact_commands.delete(self.context, self.kind, contact_id, None, self)
        choice = self.ask_jobs_choice(record)
        if choice == ARCHIVE_INSTEAD:
            return contact_commands.set_archived(self.context, self.kind, [contact_id], True, self)
        if choice != MOVE_JOBS:
            return False
        target = self.ask_reassign_target(record)
        if target is None:
            return False
        return contact_commands.delete(self.context, self.kind, contact_id, target, self)

    def menu_at_current(self) -> QMenu | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        menu = self.build_context_menu()
        menu.popup(self.view.viewport().mapToGlobal(self.view.visualRect(index).bottomLeft()))
        return menu

    def _context_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if not index.isValid():
            return
        if index.row() not in {i.row() for i in self.view.selectionModel().selectedRows()}:
            self.view.selectRow(index.row())
        self.build_context_menu().exec(self.view.viewport().mapToGlobal(position))

    def build_context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addSeparator()
        row = self.model.contact(self.view.currentIndex().row())
        menu.addAction(self.restore_action if row is not None and row.archived else self.archive_action)
        menu.addAction(self.delete_action)
        merge = menu.addAction("&Merge…", self.merge_selected)
        merge.setEnabled(len(self.selected_ids()) == 2)
        menu.addAction(self.vcard_action)
        menu.addSeparator()
        columns = self.column_menu()
        columns.setTitle("C&olumns")
        menu.addMenu(columns)
        return menu


def _file_name(text: str) -> str:
    """A contact's name as a file name: characters no file system takes replaced."""
    return "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in text).strip(" .") or "contact"
