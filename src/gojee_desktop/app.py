"""Start-up of the window: parse arguments, open (and migrate) the database, show the window."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from gojee_desktop import __version__, collector
from gojee_desktop.config import APP_NAME, ORGANIZATION_DOMAIN

if TYPE_CHECKING:
    from gojee_desktop.store.database import Database
    from gojee_desktop.ui.main_window import MainWindow

#: SQLite page cache per connection in the window (MB). Lists read one page of rows at a
#: time, so a small cache keeps memory flat at a million jobs (the OS caches the file).
WINDOW_CACHE_MB = 4


def window_size(text: str) -> tuple[int, int]:
    """'1024x640' -> (1024, 640); argparse reports anything else as a usage error."""
    width, sep, height = text.lower().partition("x")
    if not sep or not width.strip().isdigit() or not height.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a size: write it like 1024x640")
    size = int(width), int(height)
    if min(size) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size: both numbers must be at least 1")
    return size


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gojee-desktop", description="Gojee Desktop: leads, jobs and quotes."
    )
    parser.add_argument("--database", metavar="URL", help="SQLAlchemy URL (default: the local SQLite file)")
    pages = "dashboard, leads, leads-board, jobs, jobs-board, activities, people, organizations"
    parser.add_argument("--page", metavar="NAME", help=f"open on a page: {pages}")
    parser.add_argument("--self-test", action="store_true", help="open the window, process events, exit 0")
    parser.add_argument("--screenshot", metavar="PATH", help="render the window to a PNG file and exit")
    parser.add_argument(
        "--size",
        metavar="WIDTHxHEIGHT",
        type=window_size,
        help="window size in logical pixels, e.g. 1024x640 (never below the window's minimum)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # No garbage collection until the window is painted, then the start's objects are set
    # aside for good (`collector`: they would be walked by every full collection).
    collecting = collector.pause()
    try:
        return _start(argv, collecting)
    finally:
        collector.resume(collecting)


def _start(argv: Sequence[str] | None, collecting: bool) -> int:
    """`main` without the collector; `collecting`: turn it back on after the first paint."""
    args = build_parser().parse_args(argv)
    from gojee_desktop.system_libs import check_window_system

    problem = check_window_system()  # before Qt, whose own message blames the wrong library
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    from PySide6.QtCore import QEventLoop, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from gojee_desktop.ui.icons import app_icon
    from gojee_desktop.ui.startup_shell import show_startup_shell

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("Gojee Desktop")
    app.setOrganizationDomain(ORGANIZATION_DOMAIN)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    from gojee_desktop.ui import crash_guard

    crash_guard.install()
    from PySide6.QtCore import QSettings

    from gojee_desktop.config import user_settings_path
    from gojee_desktop.ui import theme

    # Light, dark or the system's scheme before anything paints (the settings file is read
    # here directly: the context that also holds it comes after the database opens).
    theme.install(QSettings(str(user_settings_path()), QSettings.Format.IniFormat))
    # The frame first (Qt only); SQLAlchemy, the models and the pages load behind it.
    shell = show_startup_shell(app)
    from gojee_desktop.ui.startup_imports import import_first_window

    import_first_window()  # SQLAlchemy, the models, services and pages: no PySide scan of each

    from gojee_desktop.ui import extensions
    from gojee_desktop.ui.context import AppContext
    from gojee_desktop.ui.first_paint import install_if_asked
    from gojee_desktop.ui.main_window import PAGE_NAMES, MainWindow

    if args.page and args.page not in PAGE_NAMES:
        shell.close()
        print(f"gojee-desktop: unknown page '{args.page}'. Pages: {', '.join(PAGE_NAMES)}.", file=sys.stderr)
        return 2
    interactive = not (args.self_test or args.screenshot)
    # An interactive start checks the file (quick_check) beside the window; --self-test and
    # --screenshot check it first, so a damaged file fails them.
    database = open_or_recover(args.database, interactive, check_in_background=interactive)
    if database is None:
        shell.close()
        return 1

    claim = None
    if interactive:
        from gojee_desktop.ui.instance_guard import claim_database, hold

        claim = claim_database(database)
        if claim.quit:
            shell.close()
            database.dispose()
            return 0
        hold(claim)  # handed over when the window switches database
    context = AppContext.create(database)
    extensions.install()
    window = MainWindow(context)
    install_if_asked(window)  # start-up benchmarks: a marker line at the first paint
    window.show_start_page(args.page)
    window.show()
    from gojee_desktop.ui.after_paint import after_first_paint

    if not (args.self_test or args.screenshot):
        # Reminders (and the activities services they read) once the window and its page
        # are on screen: a turn of the event loop after the paint that shows them.
        after_first_paint(window, lambda: QTimer.singleShot(0, window, lambda: start_reminders(window)))
    if collecting:
        after_first_paint(window, collector.keep_start_objects)
    shell.close()
    if args.size:
        window.resize(*args.size)  # Qt keeps it at least the window's minimum size

    if args.self_test:
        for _ in range(5):
            app.processEvents()
        ok = window.isVisible() and window.current_page_name() in PAGE_NAMES
        window.close()
        QThreadPool.globalInstance().waitForDone()
        database.dispose()
        print("self-test: ok" if ok else "self-test: FAILED")
        return 0 if ok else 1
    if args.screenshot:
        # Let background work (the row count of a large list) finish, as a user would see.
        wait = QEventLoop()
        QTimer.singleShot(300, wait.quit)
        wait.exec()
        QThreadPool.globalInstance().waitForDone()
        from gojee_desktop.ui.itemmodels.board_model import background_reads_running

        deadline = time.monotonic() + 10  # a big board's figures are read in the background
        app.processEvents()
        while background_reads_running() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        if window.dashboard is not None:  # its figures are read in the background too
            window.dashboard.wait()
            app.processEvents()
            window.dashboard.wait()
        for _ in range(10):
            app.processEvents()
        saved = window.grab().save(args.screenshot, "PNG")  # device pixels (the pixmap's own)
        window.close()
        QThreadPool.globalInstance().waitForDone()
        database.dispose()
        if not saved:
            print(f"gojee-desktop: could not write {args.screenshot}", file=sys.stderr)
            return 1
        return 0

    from gojee_desktop.ui.backup_actions import check_in_background
    from gojee_desktop.ui.first_run import offer_sample_data
    from gojee_desktop.ui.instance_guard import READ_ONLY_TITLE, release_held, watch_outside_changes
    from gojee_desktop.ui.startup_recovery import watch_start_check

    watch_start_check(window, WINDOW_CACHE_MB)  # a damaged verdict: the restore is offered

    if claim is not None and claim.read_only:
        window.setWindowTitle(READ_ONLY_TITLE)
    watch_outside_changes(window)

    QTimer.singleShot(0, lambda: offer_sample_data(window))
    QTimer.singleShot(500, lambda: check_in_background(window))
    code = app.exec()
    QThreadPool.globalInstance().waitForDone()  # a background row count may be running
    database.dispose()  # the start-up database (one switched to closes with the process)
    release_held()
    return code


def start_reminders(window: MainWindow) -> None:
    """Announce activities falling due (a banner over the pages, the tray) from now on."""
    from gojee_desktop.ui.startup_imports import plain_imports

    with plain_imports():  # the activities services: no PySide scan of each module
        from gojee_desktop.ui.widgets.reminders import Reminders

    window.reminders = Reminders(window.context, window)  # type: ignore[attr-defined]


def open_or_recover(
    url: str | None, interactive: bool, *, check_in_background: bool = False
) -> Database | None:
    """Open the database after its start-up checks. A problem gets one clear line on stderr
    and, in an interactive start, a dialog; a damaged file is offered the newest sound
    backup. None: the app cannot go on. `check_in_background`: the file's quick_check runs
    beside the window (`ui.startup_recovery.watch_start_check` reports its verdict)."""
    from PySide6.QtWidgets import QMessageBox

    from gojee_desktop.config import default_database_url
    from gojee_desktop.services.errors import GojeeError, StorageError
    from gojee_desktop.services.startup import open_app_database

    for _attempt in range(2):
        try:
            return open_app_database(url, cache_mb=WINDOW_CACHE_MB, check_in_background=check_in_background)
        except GojeeError as error:
            print(f"gojee-desktop: {error}", file=sys.stderr)
            if not interactive:
                return None
            if isinstance(error, StorageError) and error.restorable:
                from gojee_desktop.ui.startup_recovery import offer_restore

                if offer_restore(None, error, url or default_database_url()):
                    continue
                return None
            QMessageBox.critical(None, "Gojee Desktop", f"Could not open the database.\n\n{error}")
            return None
        except Exception as error:  # never a traceback at start: say what happened
            print(f"gojee-desktop: could not open the database: {error}", file=sys.stderr)
            if interactive:
                QMessageBox.critical(None, "Gojee Desktop", f"Could not open the database.\n\n{error}")
            return None
    return None


if __name__ == "__main__":
    sys.exit(main())
