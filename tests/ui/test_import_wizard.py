"""The import wizard: mapping, preview with errors, duplicates, a background import."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QWizard

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services" / "capture"))
from capture_files import many_people, write_csv

from gojee_desktop.services import contacts
from gojee_desktop.services.capture.importer import UPDATE
from gojee_desktop.services.capture.mapping import LEADS, PEOPLE
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.job_query import JobQuery, count_jobs
from gojee_desktop.ui.dialogs.import_wizard import ImportWizard
from gojee_desktop.ui.itemmodels.import_preview_model import ImportPreviewModel, ProblemRole

ROWS = [
    ["Name", "E-mail Address", "Business Phone", "Company", "Deal Value", "Notes"],
    ["Ann Smith", "ann@example.com", "0412 345 678", "Smith Builders", "1,200.00", "Side gate"],
    ["Bob Jones", "bob@", "0412 345 679", "", "50", ""],
    ["Carol King", "carol@example.com", "+61 2 9550 1234", "Harbour Electrical", "12.3x", "Two\nlines"],
    ["Dan Brown", "dan@example.com", "", "", "75", ""],
]


@pytest.fixture
def wizard(qtbot, context):
    widget = ImportWizard(context)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.preview.wait()
    widget.run_page.wait()


def _to_preview(qtbot, wizard: ImportWizard, path: Path, what: str) -> None:
    wizard.file_page.path.setText(str(path))
    wizard.set_what(what)
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    wizard.next()
    assert wizard.currentPage() is wizard.preview
    qtbot.waitUntil(lambda: wizard.preview.summary is not None, timeout=10_000)


def test_mapping_preview_and_import_of_leads(qtbot, wizard, context, tmp_path):
    contacts.create_customer(context.sessions, CustomerInput(person_name="D. Brown", email="DAN@example.com"))
    path = write_csv(tmp_path / "leads.csv", ROWS)
    wizard.file_page.path.setText(str(path))
    wizard.next()
    mapping = wizard.mapping_page
    assert [combo.currentData() for combo in mapping.combos] == [
        "name",
        "email",
        "phone",
        "organization",
        "value",
        "notes",
    ]
    mapping.set_field(0, "")
    assert mapping.isComplete() is not False or mapping.message.text() == ""
    mapping.set_field(1, "")
    mapping.set_field(3, "")
    mapping.set_field(0, "")
    assert not mapping.isComplete()
    assert "Map a column to Title" in mapping.message.text()
    mapping.set_field(0, "name")
    mapping.set_field(1, "email")
    mapping.set_field(3, "organization")
    assert mapping.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview.summary is not None, timeout=10_000)

    preview = wizard.preview
    model = preview.model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    assert model.rowCount() == 4 and model.columnCount() == len(ROWS[0]) + 2
    problems = [model.index(row, 0).data(ProblemRole) for row in range(4)]
    assert problems == ["", "error", "error", "duplicate"]
    assert "not a valid email address" in model.problems(1)
    assert "Deal Value: '12.3x' is not an amount" in model.problems(2)
    assert "the same email" in model.problems(3)
    assert "4 rows: 1 new, 1 duplicates, 2 with errors" in preview.status.text()
    assert not preview.isComplete()  # errors: fix them, or choose to leave those rows out
    assert count_jobs(context.sessions, JobQuery(lifecycle="lead")) == 0  # a dry run

    preview.skip_bad.setChecked(True)
    assert preview.isComplete()
    wizard.next()
    duplicates = wizard.duplicates
    assert duplicates.table.rowCount() == 1
    duplicates.set_choice_for_all(UPDATE)
    assert duplicates.choices() == {5: UPDATE}
    wizard.next()
    run = wizard.run_page
    qtbot.waitUntil(lambda: run.finished, timeout=10_000)
    assert "Done: 1 created, 1 updated, 0 skipped, 2 rows with errors left out" in run.status.text()
    assert count_jobs(context.sessions, JobQuery(lifecycle="lead")) == 2
    assert [p.name for p in contacts.search_people(context.sessions, "brown")] == ["D. Brown"]


def test_cancel_writes_nothing(qtbot, wizard, context, tmp_path):
    path = write_csv(tmp_path / "many.csv", many_people(3000))
    _to_preview(qtbot, wizard, path, PEOPLE)
    wizard.next()  # duplicates page
    wizard.run_page.cancel()  # before it starts: nothing to cancel yet
    wizard.next()
    wizard.run_page.cancel()
    qtbot.waitUntil(lambda: wizard.run_page.finished, timeout=20_000)
    if "cancelled" in wizard.run_page.status.text():
        assert contacts.search_people(context.sessions, "person") == []
    else:  # the machine was fast enough to finish first: then every row is in
        assert len(contacts.search_people(context.sessions, "person", limit=5000)) == 3000


def test_a_file_that_cannot_be_read_says_why(qtbot, wizard, tmp_path):
    wizard.file_page.path.setText(str(tmp_path / "missing.csv"))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert "There is no file" in wizard.file_page.message.text()


def test_screenshots_of_mapping_and_preview(qtbot, wizard, tmp_path):
    path = write_csv(tmp_path / "leads.csv", ROWS)
    wizard.resize(1000, 600)
    _to_preview(qtbot, wizard, path, LEADS)
    wizard.grab().save(str(tmp_path / "preview.png"))
    wizard.back()
    wizard.grab().save(str(tmp_path / "mapping.png"))
    assert (tmp_path / "preview.png").stat().st_size > 10_000
    out = Path("/tmp/gojee-import-shots")
    out.mkdir(exist_ok=True)
    for name in ("preview.png", "mapping.png"):
        (out / name).write_bytes((tmp_path / name).read_bytes())


def test_the_wizard_button_says_import_on_the_commit_page(wizard):
    assert wizard.duplicates.isCommitPage()
    assert wizard.duplicates.buttonText(QWizard.WizardButton.CommitButton) == "&Import"


def test_preview_model_passes_the_model_tester(qtbot):
    model = ImportPreviewModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    model.set_preview(["A", "B"], [(2, ["x", "y"]), (3, ["z"])], {3: ["B: missing"]}, {2: "person 1"})
    assert model.index(1, 2).data() == ""
    assert model.problems(0) == "Duplicate of person 1"


@pytest.fixture
def main_window(qtbot, context):
    from gojee_desktop.ui.main_window import MainWindow

    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show_page("leads")
    main.show()
    return main


def test_file_menu_opens_the_wizard_and_a_dropped_file_opens_it_on_that_file(qtbot, main_window, tmp_path):
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    assert main_window.import_action.text() == "&Import…"
    main_window.import_action.trigger()
    opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportWizard) and w.isVisible()]
    assert len(opened) == 1
    opened[0].reject()

    path = write_csv(tmp_path / "dropped.csv", ROWS)
    viewport = main_window.current_page().table.view.viewport()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(
        viewport, QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, buttons, keys)
    )
    wizards = [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportWizard) and w.isVisible()]
    assert [w.file_page.path.text() for w in wizards] == [str(path)]
    wizards[0].reject()

    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "photo.png"))])
    refused = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, other, buttons, keys)
    refused.ignore()
    QApplication.sendEvent(viewport, refused)
    assert not refused.isAccepted()


def test_export_this_list_writes_the_pages_query(qtbot, main_window, some_leads, tmp_path):
    import csv

    from gojee_desktop.ui.dialogs.export_dialog import export_jobs_to

    page = main_window.current_page()
    page.search.setText("kitchen")
    qtbot.waitUntil(lambda: page.query().text == "kitchen", timeout=5_000)
    page.table.set_column_visible("organization", False)
    keys = page.table.visible_column_keys()
    assert keys[:2] == ["number", "title"] and "organization" not in keys
    result = export_jobs_to(main_window.context, page.query(), tmp_path / "kitchen.csv", keys)
    rows = list(csv.reader((tmp_path / "kitchen.csv").open(encoding="utf-8-sig")))
    assert result.rows == 2
    assert rows[0][:5] == [
        "Number",
        "Title",
        "Name",
        "Value",
        "Currency",
    ]  # the table's columns, in its order
    assert "Organisation" not in rows[0]
    assert sorted(row[1] for row in rows[1:]) == ["Kitchen rewire", "Kitchen tiling"]
