"""File › Import…: choose a file, map its columns, preview every row's problems, decide
about duplicates, then import in the background with progress and Cancel, and a summary.

The checks and the import are the import service's (`services.capture.importer`): the
preview is its dry run, so what the preview promises is what the import does."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from gojee_desktop.services.capture.files import open_import_file
from gojee_desktop.services.capture.importer import (
    CREATE,
    SKIP,
    UPDATE,
    ImportCancelled,
    ImportOptions,
    ImportSummary,
    custom_field_names,
    run_import,
    write_error_report,
)
from gojee_desktop.services.capture.mapping import (
    CUSTOM_PREFIX,
    FIELD_LABELS,
    FIELDS_FOR,
    IGNORE,
    LEADS,
    ORGANIZATIONS,
    PEOPLE,
    ColumnMapping,
    MappingError,
    auto_map,
    mapping_from_json,
    mapping_to_json,
    missing_required,
)
from gojee_desktop.services.capture.readers import ReadError, RowSource
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.store.backups import BackupError, backup_before
from gojee_desktop.ui import theme
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.itemmodels.import_preview_model import ImportPreviewModel

PREVIEW_ROWS = 1_000
SAMPLE_ROWS = 20
FILE_FILTER = "Tables and vCards (*.csv *.tsv *.txt *.xlsx *.vcf);;All files (*)"
WHAT_NAMES = {LEADS: "Leads", PEOPLE: "People", ORGANIZATIONS: "Organisations"}
CHOICE_NAMES = {SKIP: "Skip", UPDATE: "Update the existing record", CREATE: "Create anyway"}


class ImportThread(QThread):
    """Runs the import service off the GUI thread; `cancel()` stops it, writing nothing."""

    progressed = Signal(int)
    succeeded = Signal(object)  # ImportSummary
    failed = Signal(str)

    def __init__(
        self, context: AppContext, table: RowSource, options: ImportOptions, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._table = table
        self._options = options
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def _progress(self, rows: int) -> bool:
        self.progressed.emit(rows)
        return not self._cancelled

    def run(self) -> None:
        try:
            if (
                not self._options.dry_run
            ):  # a copy to go back to, on SQLite (the server's tools on PostgreSQL)
                backup_before(self._context.database, f"import of {self._table.path.name}")
            summary = run_import(self._context.sessions, self._table, self._options, self._progress)
        except ImportCancelled as exc:
            self.failed.emit(str(exc))
        except BackupError as exc:
            self.failed.emit(f"Nothing was imported: the backup before the import failed: {exc}")
        except (GojeeError, ReadError, OSError) as exc:
            self.failed.emit(f"Nothing was imported: {exc}")
        else:
            self.succeeded.emit(summary)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Choose a file")
        self.setSubTitle(
            "CSV, tab-separated text or an Excel workbook (.xlsx), from a spreadsheet or another CRM."
        )
        self.path = QLineEdit(self)
        self.path.setPlaceholderText("contacts.csv")
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self._browse)
        self.what = QComboBox(self)
        for key, name in WHAT_NAMES.items():
            self.what.addItem(name, key)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        theme.set_style(self.message, "color: $error;")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        file_label = QLabel("&File:", self)
        file_label.setBuddy(self.path)
        what_label = QLabel("&Import as:", self)
        what_label.setBuddy(self.what)
        layout = QVBoxLayout(self)
        layout.addWidget(file_label)
        layout.addLayout(row)
        layout.addWidget(what_label)
        layout.addWidget(self.what)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Import a file", "", FILE_FILTER)
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        try:
            self._wizard.table = open_import_file(self.path.text().strip())
        except ReadError as exc:
            self.message.setText(str(exc))
            return False
        self._wizard.what = str(self.what.currentData())
        self.message.clear()
        return True


class MappingPage(QWizardPage):
    """One row per column of the file: its header, a sample value and the field it goes to."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Match the columns")
        self.setSubTitle("Columns were matched by their headers; change any, or leave a column out.")
        self.combos: list[QComboBox] = []
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        theme.set_style(self.message, "color: $error;")
        save = QPushButton("&Save mapping…", self)
        save.clicked.connect(self._save)
        load = QPushButton("&Load mapping…", self)
        load.clicked.connect(self._load)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(load)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        table = self._wizard.table
        assert table is not None
        custom = custom_field_names(self._wizard.context.sessions)
        self._wizard.custom_fields = custom
        mapping = auto_map(table.headers, self._wizard.what, custom)
        samples = _samples(table)
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos = []
        for column, title in enumerate(("Column in the file", "Example", "Goes to")):
            heading = QLabel(f"<b>{title}</b>", self.grid_host)
            self.grid.addWidget(heading, 0, column)
        choices = [(IGNORE, "— leave out —")] + [
            (key, FIELD_LABELS[key]) for key in FIELDS_FOR[self._wizard.what]
        ]
        if self._wizard.what == LEADS:
            choices += [(f"{CUSTOM_PREFIX}{key}", f"Custom: {name}") for name, key in custom.items()]
        for index, header in enumerate(table.headers):
            combo = QComboBox(self.grid_host)
            for key, label in choices:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(mapping.fields[index])))
            combo.currentIndexChanged.connect(lambda _i: self._changed())
            example = QLabel(samples[index] if index < len(samples) else "", self.grid_host)
            theme.set_style(example, "color: $hint;")
            example.setMaximumWidth(260)
            self.grid.addWidget(QLabel(header or f"(column {index + 1})", self.grid_host), index + 1, 0)
            self.grid.addWidget(example, index + 1, 1)
            self.grid.addWidget(combo, index + 1, 2)
            self.combos.append(combo)
        self.grid.setRowStretch(len(table.headers) + 1, 1)
        self._changed()

    def mapping(self) -> ColumnMapping:
        return ColumnMapping(self._wizard.what, tuple(str(combo.currentData()) for combo in self.combos))

    def set_field(self, column: int, field: str) -> None:
        self.combos[column].setCurrentIndex(max(0, self.combos[column].findData(field)))

    def _changed(self) -> None:
        self.message.setText(missing_required(self.mapping()) or "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.combos) and missing_required(self.mapping()) is None

    def validatePage(self) -> bool:
        self._wizard.mapping = self.mapping()
        return True

    def _save(self) -> None:
        table = self._wizard.table
        assert table is not None
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save the mapping", "mapping.json", "Mapping (*.json)"
        )
        if path:
            Path(path).write_text(mapping_to_json(table.headers, self.mapping()), encoding="utf-8")

    def _load(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Load a mapping", "", "Mapping (*.json)")
        if path:
            self.load_mapping(Path(path))

    def load_mapping(self, path: Path) -> bool:
        table = self._wizard.table
        assert table is not None
        try:
            mapping = mapping_from_json(
                path.read_text(encoding="utf-8"),
                table.headers,
                self._wizard.what,
                self._wizard.custom_fields.values(),
            )
        except (OSError, MappingError) as exc:
            self.message.setText(str(exc))
            return False
        for column, field in enumerate(mapping.fields):
            self.set_field(column, field)
        return True


def _samples(table: RowSource) -> list[str]:
    """The first non-empty value of each column in the first rows."""
    samples = [""] * len(table.headers)
    for _number, cells in itertools.islice(table.rows(), SAMPLE_ROWS):
        for index, cell in enumerate(cells[: len(samples)]):
            if not samples[index] and cell.strip():
                samples[index] = cell.strip().replace("\n", " ")[:60]
    return samples


class PreviewPage(QWizardPage):
    """The dry run: every row checked, the first rows shown with their problems."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Check the rows")
        self.setSubTitle("Nothing has been written yet. Rows with errors are red, duplicates yellow.")
        self.model = ImportPreviewModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.skip_bad = QCheckBox("Import the other rows and leave the rows with errors out", self)
        self.skip_bad.toggled.connect(lambda _c: self.completeChanged.emit())
        self.report = QPushButton("Save the rows with errors…", self)
        self.report.clicked.connect(self._save_report)
        row = QHBoxLayout()
        row.addWidget(self.skip_bad, 1)
        row.addWidget(self.report)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.summary: ImportSummary | None = None
        self._thread: ImportThread | None = None

    def initializePage(self) -> None:
        wizard = self._wizard
        assert wizard.table is not None and wizard.mapping is not None
        self.summary = None
        self.status.setText("Checking every row…")
        self.busy.show()
        self.skip_bad.setChecked(False)
        self.skip_bad.hide()
        self.report.hide()
        options = ImportOptions(wizard.mapping, on_duplicate=SKIP, dry_run=True)
        self._thread = ImportThread(wizard.context, wizard.table, options, self)
        self._thread.succeeded.connect(self._checked)
        self._thread.failed.connect(self._failed)
        self._thread.start()

    def _checked(self, summary: ImportSummary) -> None:
        wizard = self._wizard
        assert wizard.table is not None
        self.summary = summary
        self.busy.hide()
        errors: dict[int, list[str]] = {}
        bad_cells: dict[int, set[str]] = {}
        for error in summary.errors:
            bad_cells.setdefault(error.row, set()).add(error.column)
            errors.setdefault(error.row, []).append(
                f"{error.column}: {error.message}" if error.column else error.message
            )
        duplicates = {note.row: f"{note.existing} ({note.reason})" for note in summary.duplicates}
        rows = list(itertools.islice(wizard.table.rows(), PREVIEW_ROWS))
        self.model.set_preview(wizard.table.headers, rows, errors, duplicates, bad_cells)
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), 240))
        bad = len(summary.bad_rows)
        text = (
            f"{summary.rows:,} rows: {summary.rows - bad - len(summary.duplicates):,} new, "
            f"{len(summary.duplicates):,} duplicates, {bad:,} with errors."
        )
        if summary.rows > len(rows):
            text += f" The first {len(rows):,} rows are shown."
        if bad:
            text += " Fix them in the file and start again, or leave them out."
        self.status.setText(text)
        self.skip_bad.setVisible(bad > 0)
        self.report.setVisible(bad > 0)
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self.busy.hide()
        self.status.setText(message)

    def _save_report(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save the rows with errors", "errors.csv", "CSV (*.csv)"
        )
        if path and self.summary is not None and self._wizard.table is not None:
            write_error_report(self._wizard.table, self.summary.errors, path)

    def isComplete(self) -> bool:
        if self.summary is None:
            return False
        return not self.summary.errors or self.skip_bad.isChecked()

    def validatePage(self) -> bool:
        self._wizard.skip_bad_rows = self.skip_bad.isChecked()
        return True

    def cleanupPage(self) -> None:
        self.wait()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.cancel()
            self._thread.wait()


class DuplicatesPage(QWizardPage):
    """What to do with rows that match a record: for all, and per row."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Duplicates")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.for_all = QButtonGroup(self)
        radios = QHBoxLayout()
        for choice, text in CHOICE_NAMES.items():
            radio = QRadioButton(text, self)
            radio.setProperty("choice", choice)
            self.for_all.addButton(radio)
            radios.addWidget(radio)
            if choice == SKIP:
                radio.setChecked(True)
        radios.addStretch(1)
        self.for_all.buttonToggled.connect(self._apply_to_all)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["Row", "Matches", "Why", "Do"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(QLabel("For every duplicate:", self))
        layout.addLayout(radios)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:
        summary = self._wizard.preview.summary
        notes = summary.duplicates if summary is not None else ()
        self.status.setText(
            f"{len(notes):,} rows match a record already in Gojee or an earlier row of the file."
            if notes
            else "No row matches a record already in Gojee. Import when ready."
        )
        self.table.setRowCount(len(notes))
        for row, note in enumerate(notes):
            for column, text in enumerate((str(note.row), note.existing, note.reason)):
                self.table.setItem(row, column, _item(text))
            combo = QComboBox(self.table)
            for choice, text in CHOICE_NAMES.items():
                combo.addItem(text, choice)
            combo.setCurrentIndex(combo.findData(self.choice_for_all()))
            self.table.setCellWidget(row, 3, combo)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(notes))

    def choice_for_all(self) -> str:
        button = self.for_all.checkedButton()
        return str(button.property("choice")) if button is not None else SKIP

    def set_choice_for_all(self, choice: str) -> None:
        for button in self.for_all.buttons():
            if button.property("choice") == choice:
                button.setChecked(True)

    def _apply_to_all(self, _button: object, checked: bool) -> None:
        if not checked:
            return
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 3)
            if isinstance(combo, QComboBox):
                combo.setCurrentIndex(combo.findData(self.choice_for_all()))

    def choices(self) -> dict[int, str]:
        found = {}
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 3)
            item = self.table.item(row, 0)
            if isinstance(combo, QComboBox) and item is not None:
                found[int(item.text())] = str(combo.currentData())
        return found


def _item(text: str) -> Any:
    from PySide6.QtWidgets import QTableWidgetItem

    return QTableWidgetItem(text)


class RunPage(QWizardPage):
    """The import itself, off the GUI thread, with progress and Cancel; then the summary."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Importing")
        self.progress = QProgressBar(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton("&Cancel import", self)
        self.cancel_button.clicked.connect(self.cancel)
        self.report = QPushButton("Save the rows with errors…", self)
        self.report.clicked.connect(self._save_report)
        self.report.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.report)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.summary: ImportSummary | None = None
        self.finished = False
        self._thread: ImportThread | None = None

    def initializePage(self) -> None:
        wizard = self._wizard
        assert wizard.table is not None and wizard.mapping is not None
        preview = wizard.preview.summary
        self.progress.setRange(0, preview.rows if preview is not None else 0)
        self.progress.setValue(0)
        self.status.setText("Importing… nothing is kept until the last row is in.")
        self.finished = False
        options = ImportOptions(
            wizard.mapping,
            on_duplicate=wizard.duplicates.choice_for_all(),
            choices=wizard.duplicates.choices(),
            skip_bad_rows=wizard.skip_bad_rows,
        )
        self._thread = ImportThread(wizard.context, wizard.table, options, self)
        self._thread.progressed.connect(self.progress.setValue)
        self._thread.succeeded.connect(self._done)
        self._thread.failed.connect(self._failed)
        self._thread.start()

    def cancel(self) -> None:
        if self._thread is not None and not self.finished:
            self.status.setText("Cancelling…")
            self._thread.cancel()

    def _done(self, summary: ImportSummary) -> None:
        self.summary = summary
        self._finish(
            f"Done: {summary.created:,} created, {summary.updated:,} updated, {summary.skipped:,} skipped, "
            f"{len(summary.bad_rows):,} rows with errors left out."
        )
        self.report.setVisible(bool(summary.errors))
        signals = self._wizard.context.signals
        signals.jobs_changed.emit([])
        signals.catalog_changed.emit("labels")
        signals.status_message.emit(f"Imported {summary.created + summary.updated:,} rows.")

    def _failed(self, message: str) -> None:
        self._finish(message)

    def _finish(self, text: str) -> None:
        self.finished = True
        self.status.setText(text)
        self.cancel_button.hide()
        self.progress.setValue(self.progress.maximum())
        self.completeChanged.emit()

    def _save_report(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save the rows with errors", "errors.csv", "CSV (*.csv)"
        )
        if path and self.summary is not None and self._wizard.table is not None:
            write_error_report(self._wizard.table, self.summary.errors, path)

    def isComplete(self) -> bool:
        return self.finished

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.wait()


class ImportWizard(QWizard):
    def __init__(
        self, context: AppContext, path: str | Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.setObjectName("importWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(900, 560)
        self.context = context
        self.table: RowSource | None = None
        self.what = LEADS
        self.mapping: ColumnMapping | None = None
        self.custom_fields: dict[str, str] = {}
        self.skip_bad_rows = False
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview = PreviewPage(self)
        self.duplicates = DuplicatesPage(self)
        self.run_page = RunPage(self)
        for page in (self.file_page, self.mapping_page, self.preview, self.duplicates, self.run_page):
            self.addPage(page)
        if path is not None:
            self.file_page.path.setText(str(path))

    def set_what(self, what: str) -> None:
        self.file_page.what.setCurrentIndex(self.file_page.what.findData(what))

    def reject(self) -> None:
        """Closing or Cancel stops a running import; nothing is written."""
        self.run_page.cancel()
        self.preview.wait()
        self.run_page.wait()
        super().reject()

    def done(self, result: int) -> None:
        self.preview.wait()
        self.run_page.wait()
        super().done(result)


def open_import_wizard(
    context: AppContext, path: str | Path | None = None, parent: QWidget | None = None
) -> ImportWizard:
    wizard = ImportWizard(context, path, parent)
    wizard.show()
    return wizard
