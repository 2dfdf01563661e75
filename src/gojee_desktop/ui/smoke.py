"""A whole-app smoke run for a built bundle: what a user touches first, in one process.

`gojee-desktop --smoke` (the bundle's entry script) loads sample data into a scratch database,
opens every page, the job editor with every tab, every Settings page, exports a quote PDF in
two locales and formats money in the locales the tests cover. A module the bundle left out
(a Qt plugin, Babel's locale data, a Pillow codec, the fonts) fails here, not at a user's desk.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path


def run_smoke(folder: Path) -> list[str]:
    """Run every check with a scratch database in `folder`; returns what was checked.
    Raises AssertionError (or the error met) on the first failure."""
    from PySide6.QtWidgets import QApplication

    from gojee_desktop.documents.quote_pdf import quote_pdf_bytes
    from gojee_desktop.money import format_money, parse_local_amount
    from gojee_desktop.services import quotes
    from gojee_desktop.services.company import get_company, save_company
    from gojee_desktop.services.demo.sample_data import load_sample_data
    from gojee_desktop.services.startup import open_app_database
    from gojee_desktop.ui import extensions
    from gojee_desktop.ui.context import AppContext
    from gojee_desktop.ui.dialogs.job_editor import JobEditor
    from gojee_desktop.ui.dialogs.settings_dialog import SettingsDialog
    from gojee_desktop.ui.main_window import PAGE_NAMES, MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    done: list[str] = []
    database = open_app_database(f"sqlite:///{folder / 'smoke.sqlite3'}")
    try:
        sample = load_sample_data(database, 40, 10, boms=5)
        assert sample.quotes.quotes > 0, "the sample data made no quote"
        done.append(f"sample data ({sample.quotes.quotes} quotes)")
        context = AppContext.create(database)
        extensions.install()
        window = MainWindow(context)
        window.show()
        for name in PAGE_NAMES:
            window.show_page(name)
            for _ in range(5):
                app.processEvents()
            assert window.current_page_name() == name, f"page {name} did not open"
            done.append(f"page {name}")
        quote = next(q for job_id in range(1, 51) for q in quotes.list_quotes(database.sessions, job_id))
        editor = JobEditor(context, quote.job_id)
        editor.show()
        for index in range(editor.tabs.count()):
            editor.tabs.setCurrentIndex(index)
            app.processEvents()
            done.append(f"editor tab {editor.tabs.tabText(index)}")
        editor.close()
        dialog = SettingsDialog(context)
        dialog.show()
        for index in range(dialog.page_list.count()):
            dialog.page_list.setCurrentRow(index)
            app.processEvents()
        done.append(f"settings ({dialog.page_list.count()} pages)")
        dialog.close()
        detail = quotes.get_quote(database.sessions, quote.number)
        for locale in ("", "de_DE"):
            save_company(database.sessions, replace(get_company(database.sessions), locale=locale))
            data = quote_pdf_bytes(detail, get_company(database.sessions))
            assert data.startswith(b"%PDF") and len(data) > 2000, "the quote PDF is empty"
            (folder / f"quote-{locale or 'display'}.pdf").write_bytes(data)
            done.append(f"quote PDF {locale or 'display locale'} ({len(data):,} bytes)")
        for locale, amount, expected in (
            ("de_DE", "1234.5", "1.234,50\u00a0€"),
            ("fr_FR", "1234.5", "1\u202f234,50\u00a0€"),
            ("en_IN", "123456.5", "€1,23,456.50"),
            ("ja_JP", "1234.5", "€1,234.50"),
        ):
            text = format_money(Decimal(amount), "EUR", locale=locale)
            assert text == expected, f"{locale}: {text!r}"
            assert parse_local_amount(text.replace("€", ""), locale) == Decimal(amount)
            done.append(f"money in {locale}")
        window.close()
    finally:
        database.dispose()
    return done


def main() -> int:
    """Entry of `--smoke`: prints each check, exits 0 when all passed."""
    with tempfile.TemporaryDirectory(prefix="gojee-smoke-") as scratch:
        folder = Path(scratch)
        os.environ.setdefault("GOJEE_DATA_DIR", str(folder))
        try:
            done = run_smoke(folder)
        except Exception as error:  # the report is the point: say what failed
            print(f"smoke: FAILED: {type(error).__name__}: {error}")
            return 1
    for item in done:
        print(f"  ok  {item}")
    print(f"smoke: ok ({len(done)} checks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
