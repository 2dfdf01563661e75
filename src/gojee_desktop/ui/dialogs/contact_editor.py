"""The editor of a person or an organisation: name, organisation, emails, phones, addresses
and notes on one tab; the custom fields defined for people (or organisations) on the next,
with the job editor's widgets and checks; every lead and customer job of the contact on the
Jobs tab (Enter opens one), with the total won and the open pipeline. Save is one undoable
command."""

from __future__ import annotations

import contextlib
from decimal import Decimal

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.money import format_money
from gojee_desktop.services import catalog
from gojee_desktop.services.contact_query import ORGANIZATION, PERSON
from gojee_desktop.services.contact_records import ContactChanges, ContactJob, ContactRecord, get_contact
from gojee_desktop.services.contacts import search_organizations
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui import theme
from gojee_desktop.ui.commands import contacts as contact_commands
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.errors import show_error
from gojee_desktop.ui.itemmodels.contact_jobs_model import ContactJobsModel
from gojee_desktop.ui.widgets.custom_fields_form import CustomFieldsForm
from gojee_desktop.ui.widgets.label_chips import LabelChips

_OPEN: dict[tuple[str, int], ContactEditor] = {}
#: The people of an organisation named above its jobs; the rest are counted.
PEOPLE_SHOWN = 8


def totals_text(amounts: dict[str, Decimal]) -> str:
    """Sums per currency as "$1,200.00 + €300.00", or "none"."""
    if not amounts:
        return "none"
    return " + ".join(format_money(amount, currency) for currency, amount in sorted(amounts.items()))


def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())


class ContactEditor(QDialog):
    """Edits one contact (or creates one when `contact_id` is None)."""

    def __init__(
        self, context: AppContext, kind: str, contact_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.kind = kind
        self.noun = "person" if kind == PERSON else "organisation"
        self.contact_id = contact_id
        self.record: ContactRecord | None = None
        self.setObjectName("contactEditor")
        self.resize(640, 520)

        self.tabs = QTabWidget(self)
        details = QWidget(self)
        form = QFormLayout(details)
        self.name_edit = QLineEdit(details)
        self.name_edit.setObjectName("contactName")
        self.name_edit.setMaxLength(200)
        form.addRow("&Name", self.name_edit)
        self.organization_edit: QLineEdit | None = None
        if kind == PERSON:
            self.organization_edit = QLineEdit(details)
            self.organization_edit.setObjectName("contactOrganization")
            self.organization_edit.setPlaceholderText("Type to find one, or a new name to create it")
            self._org_names = QStringListModel(self)
            completer = QCompleter(self._org_names, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.organization_edit.setCompleter(completer)
            self.organization_edit.textEdited.connect(self._complete_organization)
            form.addRow("&Organisation", self.organization_edit)
        self.emails_edit = self._list_edit(details, "contactEmails", "one email address a line")
        form.addRow("&Emails", self.emails_edit)
        self.phones_edit = self._list_edit(details, "contactPhones", "one phone number a line")
        form.addRow("&Phones", self.phones_edit)
        self.addresses_edit = self._list_edit(details, "contactAddresses", "one address a line")
        form.addRow("&Addresses", self.addresses_edit)
        self.labels = LabelChips(details)
        self.labels.setObjectName("contactLabels")
        self.labels.set_labels(catalog.list_items(context.sessions, "label"))
        self.labels.new_label_requested.connect(self._new_label)
        form.addRow("&Labels", self.labels)
        self.notes_edit = QPlainTextEdit(details)
        self.notes_edit.setObjectName("contactNotes")
        self.notes_edit.setTabChangesFocus(True)
        form.addRow("No&tes", self.notes_edit)
        self.tabs.addTab(details, "&Details")

        self.custom = CustomFieldsForm(self)
        self.custom.setObjectName("contactCustomFields")
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.custom)
        self.custom_tab_index = self.tabs.addTab(scroll, "Custom &fields")
        self.fill_custom_fields()

        jobs_tab = QWidget(self)
        jobs_layout = QVBoxLayout(jobs_tab)
        self.totals_label = QLabel(jobs_tab)
        self.totals_label.setObjectName("contactTotals")
        self.totals_label.setWordWrap(True)
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.jobs_model = ContactJobsModel(self)
        self.jobs_view = QTableView(jobs_tab)
        self.jobs_view.setObjectName("contactJobs")
        self.jobs_view.setModel(self.jobs_model)
        self.jobs_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.jobs_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.jobs_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.jobs_view.verticalHeader().setVisible(False)
        self.jobs_view.setShowGrid(False)
        self.jobs_view.setAlternatingRowColors(True)
        self.jobs_view.setWordWrap(False)
        jobs_header = self.jobs_view.horizontalHeader()
        jobs_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        jobs_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.jobs_view.doubleClicked.connect(self._open_job)
        open_job = QAction("Open job", self.jobs_view)
        open_job.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_job.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_job.triggered.connect(lambda: self._open_job(self.jobs_view.currentIndex()))
        self.jobs_view.addAction(open_job)
        jobs_layout.addWidget(self.totals_label)
        jobs_layout.addWidget(self.jobs_view, 1)
        self.jobs_tab_index = self.tabs.addTab(jobs_tab, "&Jobs")

        self.error_label = QLabel(self)
        self.error_label.setObjectName("contactError")
        self.error_label.setWordWrap(True)
        theme.set_style(self.error_label, "color: $error;")
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        context.signals.jobs_changed.connect(self._jobs_changed)
        context.signals.catalog_changed.connect(self._catalog_changed)
        self.reload()

    @staticmethod
    def _list_edit(parent: QWidget, name: str, placeholder: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(parent)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
        return edit

    def fill_custom_fields(self) -> None:
        """The rows of the fields defined for this kind of contact (what is typed is kept);
        the tab shows only when there are some."""
        definitions = catalog.list_custom_fields(self.context.sessions, self.kind)
        self.custom.set_definitions(definitions)
        self.tabs.setTabVisible(self.custom_tab_index, bool(definitions))

    def _catalog_changed(self, kind: str) -> None:
        if kind == "custom_fields":
            self.fill_custom_fields()

    def reload(self) -> None:
        """Fill the form from the database (or empty for a new contact)."""
        if self.contact_id is None:
            self.custom.set_values({})
            self.setWindowTitle(f"New {self.noun}")
            self.tabs.setTabEnabled(self.jobs_tab_index, False)
            self.totals_label.setText("")
            return
        record = get_contact(self.context.sessions, self.kind, self.contact_id)
        self.record = record
        self.setWindowTitle(f"{record.name} — {'Person' if self.kind == PERSON else 'Organisation'}")
        self.name_edit.setText(record.name)
        if self.organization_edit is not None:
            self.organization_edit.setText(record.organization or "")
        self.emails_edit.setPlainText("\n".join(record.values("email")))
        self.phones_edit.setPlainText("\n".join(record.values("phone")))
        self.addresses_edit.setPlainText("\n".join(record.values("address")))
        self.notes_edit.setPlainText(record.notes)
        self.custom.set_values(record.custom_fields)
        ids = {label.name: label.id for label in catalog.list_items(self.context.sessions, "label")}
        self.labels.set_chosen([ids[name] for name in record.labels if name in ids])
        self._show_jobs(record)

    def _show_jobs(self, record: ContactRecord) -> None:
        self.jobs_model.set_jobs(record.jobs)
        self.tabs.setTabText(self.jobs_tab_index, f"&Jobs ({len(record.jobs)})")
        people = ""
        if record.kind == ORGANIZATION and record.people:
            shown = ", ".join(record.people[:PEOPLE_SHOWN])
            more = len(record.people) - PEOPLE_SHOWN
            people = f"<br>People: {shown}" + (f" and {more:,} more" if more > 0 else "")
        won, pipeline = totals_text(record.won), totals_text(record.open_pipeline)
        self.totals_label.setText(f"Won: <b>{won}</b>   ·   Open pipeline: <b>{pipeline}</b>{people}")

    def _jobs_changed(self, _ids: list[int]) -> None:
        if self.contact_id is None:
            return
        with contextlib.suppress(GojeeError):  # deleted meanwhile: the form stays as it was
            self._show_jobs(get_contact(self.context.sessions, self.kind, self.contact_id))

    def _complete_organization(self, text: str) -> None:
        if len(text.strip()) >= 1:
            self._org_names.setStringList(
                [o.name for o in search_organizations(self.context.sessions, text, 20)]
            )

    def _open_job(self, index: QModelIndex | QPersistentModelIndex) -> None:
        job: ContactJob | None = self.jobs_model.job(index.row()) if index.isValid() else None
        if job is not None:
            self.context.signals.open_job_requested.emit(job.id)

    def changes(self) -> ContactChanges:
        """What the form holds; custom field values that do not pass their checks keep
        their stored value here (`save` refuses them first)."""
        custom = dict(self.record.custom_fields) if self.record is not None else {}
        changed, _errors = self.custom.changes()
        custom.update(changed)
        return ContactChanges(
            name=self.name_edit.text(),
            organization=self.organization_edit.text() if self.organization_edit is not None else "",
            emails=_lines(self.emails_edit),
            phones=_lines(self.phones_edit),
            addresses=_lines(self.addresses_edit),
            notes=self.notes_edit.toPlainText(),
            labels=self._chosen_label_names(),
            custom_fields=custom,
        )

    def _chosen_label_names(self) -> tuple[str, ...]:
        names = {label.id: label.name for label in catalog.list_items(self.context.sessions, "label")}
        return tuple(names[i] for i in self.labels.chosen() if i in names)

    def _new_label(self, name: str) -> None:
        """A label name typed that is not a label yet: added to the settings, then chosen."""
        try:
            label = catalog.add_item(self.context.sessions, "label", name)
        except GojeeError as error:
            self._show_inline(error)
            return
        self.labels.set_labels(catalog.list_items(self.context.sessions, "label"))
        self.labels.add(label.id)
        self.context.signals.catalog_changed.emit("labels")

    def _show_inline(self, error: GojeeError) -> None:
        self.error_label.setText(str(error))
        self.error_label.show()

    def save(self) -> bool:
        """Save (one undoable command); errors show under the form, and nothing is saved."""
        self.error_label.hide()
        changes = self.changes()
        _changed, field_errors = self.custom.changes()
        if field_errors:
            self.tabs.setCurrentIndex(self.custom_tab_index)
            self.error_label.setText("Check the Custom fields tab: " + next(iter(field_errors.values())))
            self.error_label.show()
            return False
        errors: list[GojeeError] = []
        if self.record is None:
            created = contact_commands.create(self.context, self.kind, changes, self, on_error=errors.append)
            if created is None:
                if errors:
                    self._show_inline(errors[0])
                return False
            self.contact_id = created
        elif not contact_commands.save(self.context, self.record, changes, self, on_error=errors.append):
            if errors:
                self._show_inline(errors[0])
            return False
        self.accept()
        return True

    def done(self, result: int) -> None:
        if self.record is not None:
            _OPEN.pop((self.kind, self.record.id), None)
        super().done(result)


def open_contact_editor(
    context: AppContext, kind: str, contact_id: int | None, parent: QWidget | None = None
) -> ContactEditor:
    """Show the editor of a contact (raising the one open for it), or a new one."""
    editor = _OPEN.get((kind, contact_id)) if contact_id is not None else None
    if editor is None:
        try:
            editor = ContactEditor(context, kind, contact_id, parent)
        except GojeeError as error:
            show_error(parent, error)
            raise
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if contact_id is not None:
            _OPEN[(kind, contact_id)] = editor
    editor.show()
    if QGuiApplication.platformName() != "offscreen":
        editor.raise_()
        editor.activateWindow()
    return editor
