"""The job editor: every field of a lead or customer job, validated next to each field,
saved as one undoable step; a History tab; extra tabs from other modules.

Open it with `open_job_editor(context, job_id)` or `new_lead(context)`. Other modules add
tabs by appending to `EDITOR_TAB_FACTORIES`; each factory gets (context, job_id) and returns
(widget, title)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.locales import format_date, format_date_time
from gojee_desktop.models import LIFECYCLE_LEAD
from gojee_desktop.money import MoneyError, active_currencies, exponent, format_amount, quantize
from gojee_desktop.services import catalog, contacts, pipelines
from gojee_desktop.services import jobs as job_service
from gojee_desktop.services.dto import JobDetail
from gojee_desktop.services.errors import GojeeError, StaleRecord, ValidationError
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.services.lookups import pipeline_key_for
from gojee_desktop.ui import extension_points, theme
from gojee_desktop.ui.commands import job as job_commands
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.errors import show_error
from gojee_desktop.ui.widgets.custom_fields_form import CustomFieldsForm
from gojee_desktop.ui.widgets.customer_picker import CustomerPicker
from gojee_desktop.ui.widgets.date_field import DateField, parse_user_date
from gojee_desktop.ui.widgets.filter_bar import ChoiceButton
from gojee_desktop.ui.widgets.label_chips import LabelChips
from gojee_desktop.ui.widgets.locale_input import parse_locale_amount
from gojee_desktop.ui.widgets.metrics import scaled
from gojee_desktop.ui.widgets.screen_fit import fit_window

TabFactory = extension_points.TabFactory
#: Extra tabs for every opened job (the list of `ui.extension_points`).
EDITOR_TAB_FACTORIES = extension_points.EDITOR_TAB_FACTORIES

_OPEN: dict[int, JobEditor] = {}
#: The editor's first size; smaller screens get less (`fit_window`), the form then scrolls.
PREFERRED_SIZE = QSize(760, 640)
__all__ = ["EDITOR_TAB_FACTORIES", "JobEditor", "new_lead", "open_job_editor", "parse_user_date"]


def _scrolling(form: QWidget, parent: QWidget) -> QScrollArea:
    """A form in a scroll area: on a small screen it scrolls instead of being clipped."""
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(form)
    return scroll


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    theme.set_style(label, "color: $error;")
    label.setWordWrap(True)
    label.hide()
    return label


class JobEditor(QDialog):
    """Edits one job (or creates a lead when `job_id` is None)."""

    def __init__(self, context: AppContext, job_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job_id = job_id
        self.detail: JobDetail | None = None
        self.lifecycle = LIFECYCLE_LEAD
        if job_id is not None:
            self.detail = job_service.get_job(context.sessions, job_id)
            self.lifecycle = self.detail.summary.lifecycle
        self.setObjectName("jobEditor")
        self.setModal(False)
        self.resize(PREFERRED_SIZE)
        geometry = context.settings.value("editor/geometry")
        self._remembered = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        self.errors: dict[str, QLabel] = {}
        self._closed = False
        self._confirmed = False

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._details_tab(), "Details")
        self.custom = CustomFieldsForm(self)
        self.tabs.addTab(_scrolling(self.custom, self), "Custom fields")
        self.history = QTreeWidget(self)
        self.history.setRootIsDecorated(False)
        self.history.setHeaderLabels(["When", "Who", "What", "Before", "After"])
        for column, width in ((0, 140), (2, 110), (3, 160)):
            self.history.setColumnWidth(column, scaled(self.history, width))
        self.tabs.addTab(self.history, "History")

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.convert_button = QPushButton("Convert to customer job…", self)
        self.convert_button.clicked.connect(self._convert)
        self.buttons.addButton(self.convert_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        self.reload_lists()
        self._show(self.detail)
        if job_id is not None:
            for factory in list(extension_points.EDITOR_TAB_FACTORIES):
                widget, title = factory(context, job_id)
                self.add_tab(widget, title)
        context.signals.jobs_changed.connect(self._jobs_changed)
        context.signals.jobs_removed.connect(self._jobs_removed)
        context.signals.catalog_changed.connect(self._catalog_changed)
        fit_window(self, centre=not self._remembered)  # a remembered size may be a bigger screen's
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)  # typing starts the title

    # -- building -----------------------------------------------------------------------

    def _open_person(self, person_id: int) -> None:
        """The duplicate warning's "Open" link: the person who is probably the same."""
        from gojee_desktop.services.contact_query import PERSON
        from gojee_desktop.ui.dialogs.contact_editor import open_contact_editor

        open_contact_editor(self.context, PERSON, person_id, self)

    def _field(self, form: QFormLayout, title: str, widget: QWidget, key: str) -> None:
        """A form row: the field and, under it, its error message (hidden when fine)."""
        box = QWidget(widget.parentWidget())
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        self.errors[key] = _error_label(box)
        column.addWidget(self.errors[key])
        form.addRow(title, box)

    def _details_tab(self) -> QWidget:
        """The form, in a scroll area: on a small screen it scrolls instead of clipping."""
        page = QWidget(self)
        page.setObjectName("detailsForm")
        self.details_form = page
        self._fill_details(page)
        scroll = _scrolling(page, self)
        scroll.setObjectName("detailsScroll")
        return scroll

    def _fill_details(self, page: QWidget) -> None:
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        self.number = QLabel(page)
        form.addRow("Number", self.number)
        self.title_edit = QLineEdit(page)
        self.title_edit.setPlaceholderText("What the customer wants done")
        self._field(form, "Title *", self.title_edit, "title")
        self.customer = CustomerPicker(self.context.sessions, page)
        self.customer.open_person_requested.connect(self._open_person)
        self._field(form, "Customer", self.customer, "customer")
        self.errors["email"] = self.errors["customer"]
        self.errors["phone"] = self.errors["customer"]
        self.site_address = QPlainTextEdit(page)
        lines = self.site_address.fontMetrics().lineSpacing()
        self.site_address.setFixedHeight(3 * lines + 2 * self.site_address.frameWidth() + 8)
        self.site_address.setTabChangesFocus(True)
        self._field(form, "Site address", self.site_address, "site_address")
        self.assignees = ChoiceButton("Assignees", page, empty_text="none")
        self._field(form, "Assignees", self.assignees, "assignee_ids")
        self.labels = LabelChips(page)
        self.labels.new_label_requested.connect(self._new_label)
        self._field(form, "Labels", self.labels, "label_ids")
        self.status = QComboBox(page)
        self._field(form, "Status", self.status, "status_id")
        self.stage = QComboBox(page)
        self._field(form, "Stage", self.stage, "stage_id")
        money = QWidget(page)
        row = QHBoxLayout(money)
        row.setContentsMargins(0, 0, 0, 0)
        self.value = QLineEdit(money)
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.value.setPlaceholderText(format_amount(Decimal("1234.5"), "AUD"))
        self.currency = QComboBox(money)
        self.currency.addItems(list(active_currencies()))
        row.addWidget(self.value, 1)
        row.addWidget(self.currency)
        self._field(form, "Value", money, "value")
        self.expected_close = DateField(page)
        self._field(form, "Expected close", self.expected_close, "expected_close")
        self.source = QComboBox(page)
        self._field(form, "Source channel", self.source, "source_channel_id")
        self.lost_reason = QLineEdit(page)
        self._field(form, "Lost reason", self.lost_reason, "lost_reason")
        self.errors["currency"] = self.errors["value"]

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Add a tab (a BOM editor, a quotes panel...) after the built-in ones."""
        widget.setParent(self.tabs)
        return self.tabs.addTab(widget, title)

    def reload_lists(self) -> None:
        """Statuses, stages, channels, labels, team and custom fields from the settings."""
        sessions = self.context.sessions
        keep = (self.status.currentData(), self.stage.currentData(), self.source.currentData())
        self.status.clear()
        self.status.addItem("(none)", None)
        for status in catalog.list_statuses(sessions, self.lifecycle):
            self.status.addItem(status.name, status.id)
        self.stage.clear()
        self.stage.addItem("(no stage)", None)
        for stage in pipelines.list_stages(sessions, pipeline_key_for(self.lifecycle)):
            self.stage.addItem(stage.name, stage.id)
        self.source.clear()
        self.source.addItem("(none)", None)
        for channel in catalog.list_items(sessions, "source_channel"):
            self.source.addItem(channel.name, channel.id)
        for box, value in zip((self.status, self.stage, self.source), keep, strict=True):
            if value is not None:
                box.setCurrentIndex(max(0, box.findData(value)))
        self.labels.set_labels(catalog.list_items(sessions, "label"))
        self.assignees.set_items([(u.id, u.name) for u in catalog.list_items(sessions, "user")])
        self.custom.set_definitions(catalog.list_custom_fields(sessions))
        if self.detail is None:
            self.currency.setCurrentText(catalog.get_default_currency(sessions))

    # -- showing ------------------------------------------------------------------------

    def _show(self, detail: JobDetail | None) -> None:
        self.detail = detail
        for label in self.errors.values():
            label.hide()
        if detail is None:
            self.setWindowTitle("New lead")
            self.number.setText("(given on save)")
            self.convert_button.hide()
            self.tabs.setTabEnabled(2, False)
            if self.stage.count() > 1:
                self.stage.setCurrentIndex(1)
            if self.status.count() > 1:
                self.status.setCurrentIndex(1)
            self.customer.show_job(None)
            return
        summary = detail.summary
        kind = "Lead" if summary.lifecycle == LIFECYCLE_LEAD else "Customer job"
        archived = " (archived)" if summary.archived else ""
        self.setWindowTitle(f"{kind} {summary.number} – {summary.title}{archived}")
        self.number.setText(f"{summary.number} · {kind.lower()}{archived}")
        self.title_edit.setText(summary.title)
        self.customer.show_job(detail)
        self.site_address.setPlainText(detail.site_address)
        self.assignees.set_checked(detail.assignee_ids)
        self.labels.set_chosen(detail.label_ids)
        self.status.setCurrentIndex(max(0, self.status.findData(summary.status_id)))
        self.stage.setCurrentIndex(max(0, self.stage.findData(summary.stage_id)))
        self.source.setCurrentIndex(max(0, self.source.findData(summary.source_channel_id)))
        self.value.setText(self._amount_text(summary.value, summary.currency))
        if self.currency.findText(summary.currency) < 0:  # a currency no longer in use
            self.currency.addItem(summary.currency)
        self.currency.setCurrentText(summary.currency)
        self.expected_close.setText(format_date(summary.expected_close))
        self.lost_reason.setText(detail.lost_reason)
        self.custom.set_values(detail.custom_fields)
        self.convert_button.setVisible(summary.lifecycle == LIFECYCLE_LEAD)
        self.convert_button.setEnabled(not summary.archived)
        self._show_history(detail)

    @staticmethod
    def _amount_text(amount: Decimal, currency: str) -> str:
        if not amount:
            return ""
        return format_amount(amount, currency)

    def _show_history(self, detail: JobDetail) -> None:
        self.history.clear()
        for entry in reversed(detail.history):
            when = format_date_time(entry.at)
            QTreeWidgetItem(self.history, [when, entry.actor, entry.field, entry.old_value, entry.new_value])

    # -- reading the form ---------------------------------------------------------------

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            if key in ("email", "phone", "currency"):
                continue
            messages = [
                errors[k] for k in errors if k == key or (key == "customer" and k in ("email", "phone"))
            ]
            messages += [errors[k] for k in errors if key == "value" and k == "currency"]
            label.setText("\n".join(messages))
            label.setVisible(bool(messages))

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(changes against the loaded job, error messages by field). Nothing is written."""
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        title = self.title_edit.text().strip()
        if not title:
            errors["title"] = "A job needs a title."
        values["title"] = title
        currency = self.currency.currentText()
        text = self.value.text().strip()
        try:
            amount = parse_locale_amount(text) if text else Decimal(0)
            if quantize(amount, currency) != amount:
                raise MoneyError(f"{currency} amounts have at most {exponent(currency)} decimals.")
            if amount < 0:
                raise MoneyError("The value cannot be negative.")
            values["value"] = amount
        except MoneyError as error:
            errors["value"] = str(error)
        values["currency"] = currency
        try:
            values["expected_close"] = self.expected_close.date()
        except ValidationError as error:
            errors["expected_close"] = str(error)
        errors.update(self.customer.check())
        values["site_address"] = self.site_address.toPlainText().strip()
        values["assignee_ids"] = sorted(self.assignees.checked())
        values["label_ids"] = sorted(self.labels.chosen())
        values["status_id"] = self.status.currentData()
        values["source_channel_id"] = self.source.currentData()
        values["lost_reason"] = self.lost_reason.text().strip()
        values["stage_id"] = self.stage.currentData()
        custom, custom_errors = self.custom.changes()
        if custom:
            values["custom_fields"] = custom
        if custom_errors:
            errors["custom_fields"] = "Check the Custom fields tab."
            self.tabs.setTabText(1, "Custom fields ⚠")
        else:
            self.tabs.setTabText(1, "Custom fields")
        if self.detail is None:
            return values, errors
        old = job_commands.current_values(self.detail, [k for k in values if k not in ("stage_id",)])
        old["label_ids"] = sorted(old["label_ids"])
        old["assignee_ids"] = sorted(old["assignee_ids"])
        changes = {k: v for k, v in values.items() if k == "custom_fields" or old.get(k, None) != v}
        if values["stage_id"] == self.detail.summary.stage_id:
            changes.pop("stage_id", None)
        return changes, errors

    # -- saving -------------------------------------------------------------------------

    def save(self) -> bool:
        """Validate, then save everything as one undoable step. Returns True when saved."""
        changes, errors = self.collect()
        self._show_errors(errors)
        if errors:
            return False
        try:
            if self.customer.changed():
                person, organization = (None, None)
                customer = self.customer.customer_input()
                if customer.person_name or customer.organization_name:
                    person, organization = contacts.create_customer(self.context.sessions, customer)
                changes["person_id"] = person.id if person else None
                changes["organization_id"] = organization.id if organization else None
                if self.detail is not None:
                    if changes["person_id"] == self.detail.summary.person_id:
                        changes.pop("person_id")
                    if changes["organization_id"] == self.detail.summary.organization_id:
                        changes.pop("organization_id")
        except ValidationError as error:
            self._show_errors({error.field or "customer": str(error)})
            return False
        except GojeeError as error:
            show_error(self, error)
            return False
        if self.detail is None:
            return self._create(changes)
        return self._update(changes)

    def _create(self, values: dict[str, Any]) -> bool:
        data = NewJob(
            title=values["title"],
            value=values["value"],
            currency=values["currency"],
            expected_close=values["expected_close"],
            source_channel_id=values["source_channel_id"],
            status_id=values["status_id"],
            stage_id=values["stage_id"],
            no_stage=values["stage_id"] is None,
            person_id=values.get("person_id"),
            organization_id=values.get("organization_id"),
            site_address=values["site_address"],
            label_ids=values["label_ids"],
            assignee_ids=values["assignee_ids"],
            custom_fields=values.get("custom_fields", {}),
        )
        try:
            created = job_commands.create_job(self.context, data, lead=True, parent=self)
        except ValidationError as error:
            self._show_errors({error.field or "title": str(error)})
            return False
        if created is None:
            return False
        self.job_id = created.id
        _OPEN[created.id] = self
        self._show(job_service.get_job(self.context.sessions, created.id))
        self.tabs.setTabEnabled(2, True)
        self.context.signals.status_message.emit(f"Created {created.summary.number}.")
        return True

    def _update(self, changes: dict[str, Any]) -> bool:
        assert self.detail is not None
        if not changes:
            return True
        stage_id = changes.pop("stage_id", "unchanged")
        lost_reason = changes.get("lost_reason") or None
        stack = self.context.undo_stack
        stack.beginMacro(f"Edit {self.detail.summary.number}")
        ok = True
        stale: list[StaleRecord] = []

        def refused(error: GojeeError) -> None:
            if isinstance(error, StaleRecord):
                stale.append(error)
            else:
                show_error(self, error)

        try:
            if changes:
                ok = job_commands.edit_job(self.context, self.detail, changes, parent=self, on_error=refused)
            if ok and stage_id != "unchanged":
                fresh = job_service.get_job(self.context.sessions, self.detail.id)
                ok = job_commands.move_to_stage(self.context, fresh, stage_id, lost_reason, self)
        finally:
            stack.endMacro()
            _drop_empty_macro(stack)
        if stale:
            return self._resolve_conflict(changes, stage_id)
        if ok:
            self._show(job_service.get_job(self.context.sessions, self.detail.id))
            self.context.signals.status_message.emit(f"Saved {self.detail.summary.number}.")
        return ok

    def _resolve_conflict(self, changes: dict[str, Any], stage_id: Any) -> bool:
        """Someone else saved the job since it was opened: show both changes side by side;
        reload theirs, overwrite knowingly, or keep editing (the form stays as typed)."""
        from gojee_desktop.services.conflicts import compare
        from gojee_desktop.ui.dialogs import conflict_dialog

        assert self.detail is not None
        try:
            conflict = compare(self.context.sessions, self.detail, changes)
        except GojeeError as error:
            show_error(self, error)
            return False
        choice = conflict_dialog.ask(conflict, self)
        if choice == conflict_dialog.RELOAD:
            self._show(conflict.fresh)
            self.context.signals.status_message.emit(f"Reloaded {conflict.number} as saved by someone else.")
            return False
        if choice == conflict_dialog.OVERWRITE:
            self.detail = conflict.fresh
            if stage_id != "unchanged":
                changes["stage_id"] = stage_id
            return self._update(changes)
        return False

    def _new_label(self, name: str) -> None:
        try:
            label = catalog.add_item(self.context.sessions, "label", name)
        except GojeeError as error:
            self._show_errors({"label_ids": str(error)})
            return
        self.labels.set_labels(catalog.list_items(self.context.sessions, "label"))
        self.labels.add(label.id)
        self.context.signals.catalog_changed.emit("labels")

    def _convert(self) -> None:
        if self.job_id is not None:
            self.context.signals.convert_job_requested.emit(self.job_id)

    # -- staying current ----------------------------------------------------------------

    def _jobs_changed(self, ids: list[int]) -> None:
        """Show a change made elsewhere (undo, the board), unless the form holds edits: those
        stay, and saving them reports the conflict in plain words."""
        if self._closed or self.job_id is None or self.job_id not in ids or self.detail is None:
            return
        if self.is_dirty():
            self.context.signals.status_message.emit(
                f"{self.detail.summary.number} was changed elsewhere while you edit it."
            )
            return
        try:
            self._show(job_service.get_job(self.context.sessions, self.job_id))
        except GojeeError:
            self.close()

    def _jobs_removed(self, ids: list[int]) -> None:
        if not self._closed and self.job_id is not None and self.job_id in ids:
            self.close()

    def _catalog_changed(self, _kind: str) -> None:
        """New or renamed statuses, labels... appear; what the form holds is kept."""
        if not self._closed:
            self.reload_lists()

    # -- closing ------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        """Whether the form holds edits that are not saved."""
        if self.detail is None:
            return bool(
                self.title_edit.text().strip() or self.value.text().strip() or self.customer.changed()
            )
        changes, errors = self.collect()
        return bool(changes or errors) or self.customer.changed()

    def confirm_discard(self) -> QMessageBox.StandardButton:
        """Ask what to do with unsaved edits (tests replace this)."""
        return QMessageBox.question(
            self,
            "Unsaved changes",
            "Save your changes before closing?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )

    def may_close(self) -> bool:
        """True when there is nothing to lose, or the user saved or discarded the edits."""
        if not self.is_dirty():
            return True
        answer = self.confirm_discard()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        """Close button and Escape: ask first when there are unsaved edits."""
        if self._confirmed or self.may_close():
            self._confirmed = True
            super().reject()
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        # The window's own close button asks too; closing from code (the job was deleted,
        # the app quits through MainWindow) does not.
        if event.spontaneous() and not self._confirmed and not self.may_close():
            event.ignore()
            return
        self._confirmed = True
        self.context.settings.setValue("editor/geometry", self.saveGeometry())
        if self.job_id is not None and _OPEN.get(self.job_id) is self:
            del _OPEN[self.job_id]
        self._closed = True
        super().closeEvent(event)


def open_job_editor(context: AppContext, job_id: int, parent: QWidget | None = None) -> JobEditor:
    """Show the editor of a job (raising the one already open for it)."""
    editor = _OPEN.get(job_id)
    if editor is None:
        editor = JobEditor(context, job_id, parent)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _OPEN[job_id] = editor
    editor.show()
    if QGuiApplication.platformName() != "offscreen":  # headless has no window stacking
        editor.raise_()
        editor.activateWindow()
    return editor


def new_lead(context: AppContext, parent: QWidget | None = None) -> JobEditor:
    """An empty editor that creates a lead on Save."""
    editor = JobEditor(context, None, parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.show()
    if QGuiApplication.platformName() != "offscreen":  # the keyboard goes to the new form
        editor.raise_()
        editor.activateWindow()
    return editor


def _drop_empty_macro(stack: QUndoStack) -> None:
    """A save refused before anything changed leaves an empty macro: take it off the stack,
    so Edit › Undo does not offer a step that did nothing."""
    top = stack.command(stack.index() - 1) if stack.index() > 0 else None
    if top is not None and top.childCount() == 0 and stack.index() == stack.count():
        top.setObsolete(True)
        stack.undo()
