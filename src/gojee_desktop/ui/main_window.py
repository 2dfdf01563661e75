"""The shell: navigation, menus, status bar, undo stack; pages by name."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from gojee_desktop.models import LIFECYCLE_CUSTOMER_JOB, LIFECYCLE_LEAD
from gojee_desktop.ui import backup_actions
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.icons import app_icon
from gojee_desktop.ui.navigation_badges import NavigationBadges, navigation_icon_paths
from gojee_desktop.ui.pages.pipeline_page import MODE_BOARD, MODE_TABLE, PipelinePage
from gojee_desktop.ui.tinted_icons import TintedTreeIcons
from gojee_desktop.ui.tray import install_tray
from gojee_desktop.ui.widgets.elided_label import ElidedLabel
from gojee_desktop.ui.widgets.screen_fit import place_main_window
from gojee_desktop.ui.widgets.tree_items import keyed_items

if TYPE_CHECKING:
    from gojee_desktop.services.job_query import JobQuery
    from gojee_desktop.ui.dialogs.import_wizard import ImportWizard
    from gojee_desktop.ui.dialogs.job_editor import JobEditor
    from gojee_desktop.ui.pages.activities import ActivitiesPage
    from gojee_desktop.ui.pages.contacts_page import ContactsPage
    from gojee_desktop.ui.pages.dashboard import DashboardPage

PAGE_ROLE = Qt.ItemDataRole.UserRole + 1
#: Shows or hides the navigation panel (View › Navigation Panel).
NAVIGATION_SHORTCUT = "F9"
#: The current pipeline as a table or as a board (Ctrl+1…9 belong to the navigation's pages).
TABLE_SHORTCUT = "Ctrl+Shift+T"
BOARD_SHORTCUT = "Ctrl+Shift+K"

DASHBOARD = "dashboard"
ACTIVITIES = "activities"
# Page name -> (page key, view mode). Pages other than the pipelines have no mode.
PAGE_NAMES: dict[str, tuple[str, str]] = {
    DASHBOARD: (DASHBOARD, ""),
    ACTIVITIES: (ACTIVITIES, ""),
    "leads": ("leads", MODE_TABLE),
    "leads-board": ("leads", MODE_BOARD),
    "jobs": ("jobs", MODE_TABLE),
    "jobs-board": ("jobs", MODE_BOARD),
    "people": ("people", ""),
    "organizations": ("organizations", ""),
}
#: Contacts › People and Organisations: built when first shown.
CONTACT_PAGES = ("people", "organizations")
#: The pipeline pages: key -> lifecycle. Leads (the default page) is built with the window,
#: Customer Jobs when first shown.
PIPELINES = {"leads": LIFECYCLE_LEAD, "jobs": LIFECYCLE_CUSTOMER_JOB}


class PipelinePages(Mapping[str, PipelinePage]):
    """The pipeline pages by key, each built the first time it is asked for (`built()`: the
    ones that exist, for work that must not build a page, such as saving the window)."""

    def __init__(self, build: Callable[[str], PipelinePage]) -> None:
        self._build = build
        self._pages: dict[str, PipelinePage] = {}

    def __getitem__(self, key: str) -> PipelinePage:
        page = self._pages.get(key)
        if page is None:
            if key not in PIPELINES:
                raise KeyError(key)
            page = self._pages[key] = self._build(key)
        return page

    def __contains__(self, key: object) -> bool:
        return key in PIPELINES

    def __iter__(self) -> Iterator[str]:
        return iter(PIPELINES)

    def __len__(self) -> int:
        return len(PIPELINES)

    def built(self) -> dict[str, PipelinePage]:
        return dict(self._pages)


class MainWindow(QMainWindow):
    """Dashboard, Sales › Leads and Jobs › Customer Jobs, with menus and the shared undo
    stack. The dashboard is built when first shown (its chart library loads then)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Gojee Desktop")
        self.setWindowIcon(app_icon())
        self.setObjectName("mainWindow")

        self.stack = QStackedWidget(self)
        self.pages = PipelinePages(self._build_pipeline)
        self.dashboard: DashboardPage | None = None
        self.activities: ActivitiesPage | None = None
        self.contact_pages: dict[str, ContactsPage] = {}
        self._last_pipeline = self.pages["leads"]  # the stack's first page
        self._loaded: set[str] = set()

        self.navigation = self._build_navigation()
        self.badges = NavigationBadges(self.navigation, context.sessions, context.signals, PAGE_ROLE)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)  # hidden through View › Navigation Panel instead
        splitter.setSizes([190, 1100])
        splitter.setObjectName("mainSplitter")
        self.setCentralWidget(splitter)
        self.splitter = splitter

        self._build_menus()
        backup_actions.install(self)
        self.tray = install_tray(self, self.quick_capture)
        self.row_count_label = QLabel(self)
        self.row_count_label.setObjectName("rowCount")
        self.statusBar().addPermanentWidget(self.row_count_label)
        self._database_label = ElidedLabel(self._database_text(), self)
        self._database_label.setObjectName("databaseLabel")
        self.statusBar().addPermanentWidget(self._database_label)
        context.signals.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        context.signals.convert_job_requested.connect(self.convert_job)
        context.signals.open_job_requested.connect(self.open_job)
        context.signals.add_activity_requested.connect(self.add_activity)
        self._restore_state()

    # -- building -----------------------------------------------------------------------

    def _build_pipeline(self, key: str) -> PipelinePage:
        page = PipelinePage(self.context, PIPELINES[key], self)
        self.stack.addWidget(page)
        page.row_count_changed.connect(lambda _n, p=page: self._update_row_count(p))
        return page

    def _build_navigation(self) -> QTreeWidget:
        tree = QTreeWidget(self)
        tree.setObjectName("navigation")
        tree.setHeaderHidden(True)
        tree.setRootIsDecorated(False)
        tree.setMinimumWidth(160)
        tree.setColumnCount(2)  # the page, and its count badge (ui/navigation_badges.py)
        tree.header().setStretchLastSection(False)
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        dashboard = QTreeWidgetItem(tree, ["Dashboard"])
        dashboard.setData(0, PAGE_ROLE, DASHBOARD)
        for section, entries in (
            ("Sales", [("Leads", "leads"), ("Activities", ACTIVITIES)]),
            ("Jobs", [("Customer Jobs", "jobs")]),
            ("Contacts", [("People", "people"), ("Organisations", "organizations")]),
        ):
            parent = QTreeWidgetItem(tree, [section])
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            for text, key in entries:
                child = QTreeWidgetItem(parent, [text])
                child.setData(0, PAGE_ROLE, key)
        tree.expandAll()
        TintedTreeIcons(tree, PAGE_ROLE, navigation_icon_paths())  # in the palette's colours
        tree.currentItemChanged.connect(self._navigation_changed)
        return tree

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        new_lead_action = QAction("&New lead…", self)
        new_lead_action.setShortcut(QKeySequence.StandardKey.New)
        new_lead_action.triggered.connect(self.new_lead)
        file_menu.addAction(new_lead_action)
        file_menu.addSeparator()
        self.new_lead_action = new_lead_action
        self.enquiry_action = QAction("New en&quiry…", self)
        self.enquiry_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.enquiry_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # from any window
        self.enquiry_action.triggered.connect(lambda: self.quick_capture())
        file_menu.addAction(self.enquiry_action)
        self.import_action = QAction("&Import…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.import_action.triggered.connect(lambda: self.open_import())
        file_menu.addAction(self.import_action)
        self.export_action = QAction("&Export this list…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+X"))
        self.export_action.triggered.connect(self.export_current)
        file_menu.addAction(self.export_action)
        self.scan_action = QAction("&Scan business card…", self)
        self.scan_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.scan_action.triggered.connect(lambda: self.open_scan())
        file_menu.addAction(self.scan_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.file_menu = file_menu

        edit_menu = bar.addMenu("&Edit")
        undo = self.context.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.context.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)])
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        edit_menu.addSeparator()
        settings_action = QAction("&Settings…", self)
        settings_action.setShortcut(QKeySequence("Ctrl+,"))
        settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        settings_action.triggered.connect(self.open_settings)
        edit_menu.addAction(settings_action)
        self.settings_action = settings_action
        self.edit_menu = edit_menu

        view_menu = bar.addMenu("&View")
        #: One action per page, in the navigation's order; `number_pages` gives them Ctrl+1…9.
        self.page_actions: dict[str, QAction] = {}
        for item in self._navigation_items():
            key = str(item.data(0, PAGE_ROLE))
            action = QAction("&" + item.text(0), self)
            action.setObjectName(f"showPage-{key}")
            action.triggered.connect(lambda _checked=False, n=key: self.show_page(n))
            view_menu.addAction(action)
            self.page_actions[key] = action
        self.number_pages()
        view_menu.addSeparator()
        table_action = QAction("As &Table", self)
        table_action.setShortcut(QKeySequence(TABLE_SHORTCUT))
        table_action.triggered.connect(lambda: self._show_mode(MODE_TABLE))
        board_action = QAction("As &Board", self)
        board_action.setShortcut(QKeySequence(BOARD_SHORTCUT))
        board_action.triggered.connect(lambda: self._show_mode(MODE_BOARD))
        view_menu.addAction(table_action)
        view_menu.addAction(board_action)
        self.table_action, self.board_action = table_action, board_action
        view_menu.addSeparator()
        navigation_action = QAction("&Navigation Panel", self)
        navigation_action.setCheckable(True)
        navigation_action.setChecked(True)
        navigation_action.setShortcut(QKeySequence(NAVIGATION_SHORTCUT))
        navigation_action.toggled.connect(self.set_navigation_visible)
        view_menu.addAction(navigation_action)
        self.navigation_action = navigation_action
        self.view_menu = view_menu

        help_menu = bar.addMenu("&Help")
        self.shortcuts_action = QAction("&Keyboard shortcuts…", self)
        self.shortcuts_action.setShortcut(QKeySequence("Ctrl+/"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        about = QAction("&About Gojee Desktop", self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(lambda: self.show_about())
        help_menu.addAction(about)
        self.about_action = about

    def number_pages(self) -> None:
        """Ctrl+1…Ctrl+9 in the order the navigation shows its pages; a hidden entry gets
        no number and the ones below it move up."""
        shown = []
        for item in self._navigation_items():
            section = item.parent()
            if not item.isHidden() and (section is None or not section.isHidden()):
                shown.append(str(item.data(0, PAGE_ROLE)))
        for key, action in self.page_actions.items():
            position = shown.index(key) + 1 if key in shown else 0
            action.setShortcut(QKeySequence(f"Ctrl+{position}") if 0 < position < 10 else QKeySequence())
            action.setVisible(key in shown)

    def _database_text(self) -> str:
        url = self.context.database.engine.url
        if url.get_backend_name() == "sqlite":
            return f"Local file: {url.database}"
        return f"Team database: {url.host}/{url.database}"

    # -- pages --------------------------------------------------------------------------

    def current_page(self) -> PipelinePage:
        """The pipeline page on screen, or the last one shown while the dashboard is."""
        page = self.stack.currentWidget()
        return page if isinstance(page, PipelinePage) else self._last_pipeline

    def current_page_name(self) -> str:
        if self.dashboard is not None and self.stack.currentWidget() is self.dashboard:
            return DASHBOARD
        if self.activities is not None and self.stack.currentWidget() is self.activities:
            return ACTIVITIES
        contacts = next((k for k, p in self.contact_pages.items() if p is self.stack.currentWidget()), None)
        if contacts is not None:
            return contacts
        page = self.current_page()
        key = next(k for k, p in self.pages.built().items() if p is page)
        return f"{key}-board" if page.mode() == MODE_BOARD else key

    def show_page(self, name: str) -> None:
        """Open a page by its name: dashboard, leads, leads-board, jobs, jobs-board."""
        if name not in PAGE_NAMES:
            raise KeyError(f"Unknown page '{name}'. Pages: {', '.join(PAGE_NAMES)}.")
        key, mode = PAGE_NAMES[name]
        if key == DASHBOARD:
            self._show_dashboard()
            return
        if key == ACTIVITIES:
            self._show_activities()
            return
        if key in CONTACT_PAGES:
            self._show_contacts(key)
            return
        page = self.pages[key]
        self._last_pipeline = page
        self.stack.setCurrentWidget(page)
        page.set_mode(mode)
        if key not in self._loaded:
            self._loaded.add(key)
            page.load()
            selected = self.context.settings.value(f"window/selected/{key}")
            if selected is not None and str(selected).isdigit():
                page.restore_selection(int(selected))  # the job selected when the window last closed
        self._select_navigation(key)

        self._update_row_count(page)

    def show_start_page(self, requested: str | None = None) -> None:
        """At start-up: `requested` (--page), else the page open when the window last closed."""
        remembered = str(self.context.settings.value("window/page", "leads"))
        name = requested or remembered
        self.show_page(name if name in PAGE_NAMES else "leads")

    def _show_dashboard(self) -> None:
        if self.dashboard is None:
            from gojee_desktop.ui.pages.dashboard import DashboardPage  # QtCharts loads here

            self.dashboard = DashboardPage(self.context, self)
            self.dashboard.drill_down.connect(self.show_jobs)
            self.stack.addWidget(self.dashboard)
        self.stack.setCurrentWidget(self.dashboard)
        self.dashboard.load()
        self._select_navigation(DASHBOARD)
        self.row_count_label.setText("")

    def _show_activities(self) -> None:
        if self.activities is None:
            from gojee_desktop.ui.pages.activities import ActivitiesPage

            self.activities = ActivitiesPage(self.context, self)
            self.stack.addWidget(self.activities)
            self.activities.load()
        self.stack.setCurrentWidget(self.activities)
        self._select_navigation(ACTIVITIES)
        self.row_count_label.setText("")

    def _show_contacts(self, key: str) -> ContactsPage:
        page = self.contact_pages.get(key)
        created = False
        if page is None:
            if key == "people":
                from gojee_desktop.ui.pages.people import PeoplePage

                page = PeoplePage(self.context, self)
            else:
                from gojee_desktop.ui.pages.organizations import OrganizationsPage

                page = OrganizationsPage(self.context, self)
            self.contact_pages[key] = page
            self.stack.addWidget(page)
            page.row_count_changed.connect(lambda _n, p=page: self._update_contacts_count(p))
            created = True
        self.stack.setCurrentWidget(page)
        page.load()
        selected = self.context.settings.value(f"window/selected/{key}") if created else None
        if selected is not None and str(selected).isdigit():
            page.select_contact(int(selected))  # the contact selected when the window last closed
        self._select_navigation(key)
        self._update_contacts_count(page)
        return page

    def _update_contacts_count(self, page: ContactsPage) -> None:
        if page is self.stack.currentWidget():
            count = page.row_count()
            noun = "people" if page.kind == "person" else "organisations"
            if page.model.is_counting():
                self.row_count_label.setText(f"{count - 1:,}+ {noun} (counting…)")
            else:
                single = "person" if page.kind == "person" else "organisation"
                self.row_count_label.setText(f"{count:,} {single if count == 1 else noun}")

    def show_jobs(self, key: str, query: JobQuery) -> None:
        """A pipeline's table showing `query`'s jobs, its filter bar set to match (a chart's
        bar asks for this)."""
        page = self.pages[key]
        self.show_page(key)
        page.filters.show_query(query)
        page.set_query(query)

    def _show_mode(self, mode: str) -> None:
        """Table or board of the current pipeline page (from the dashboard: the last one)."""
        page = self.current_page()
        key = next(k for k, p in self.pages.built().items() if p is page)
        self.show_page(key if mode == MODE_TABLE else f"{key}-board")

    def _update_row_count(self, page: PipelinePage) -> None:
        if page is self.stack.currentWidget():
            count = page.row_count()
            noun = "lead" if page.lifecycle == LIFECYCLE_LEAD else "customer job"
            if page.table.model.is_counting():
                self.row_count_label.setText(f"{count - 1:,}+ {noun}s (counting…)")
            else:
                self.row_count_label.setText(f"{count:,} {noun}{'' if count == 1 else 's'}")

    # -- jobs and settings ----------------------------------------------------------------

    def open_job(self, job_id: int) -> JobEditor:
        """Open the job editor (any view asks through `open_job_requested`)."""
        from gojee_desktop.ui.dialogs.job_editor import open_job_editor  # loaded when first used

        return open_job_editor(self.context, job_id, self)

    def convert_job(self, job_id: int) -> None:
        """A lead becomes a customer job (its row's menu, a drop on the Jobs board…)."""
        from gojee_desktop.ui.conversion import convert_job_interactively  # loaded when first used

        convert_job_interactively(self, self.context, job_id)

    def add_activity(self, job_id: int) -> None:
        """The New activity dialog of a job (table rows and cards ask for it, Ctrl+Shift+A)."""
        from gojee_desktop.ui.widgets.timeline_panel import add_activity_dialog

        dialog = add_activity_dialog(self.context, job_id, self)
        dialog.exec()
        dialog.deleteLater()

    def new_lead(self) -> JobEditor:
        from gojee_desktop.ui.dialogs.job_editor import new_lead

        return new_lead(self.context, self)

    def open_import(self, path: str | None = None) -> ImportWizard:
        """File › Import… (or a file dropped on a table)."""
        from gojee_desktop.ui.dialogs.import_wizard import open_import_wizard  # loaded when first used

        return open_import_wizard(self.context, path, self)

    def quick_capture(self) -> QWidget:
        """File › New enquiry… (Ctrl+Shift+E anywhere in the app)."""
        from gojee_desktop.ui.dialogs.quick_capture import open_quick_capture

        return open_quick_capture(self.context, self)

    def open_scan(self, path: str | None = None) -> QWidget:
        """File › Scan business card…"""
        from gojee_desktop.ui.dialogs.scan_window import open_scan_window

        return open_scan_window(self.context, path, self)

    def export_current(self) -> None:
        """File › Export this list…: the page's jobs, with its search, filters, sort and columns;
        on People or Organisations, its contacts (CSV, XLSX or vCards)."""
        from gojee_desktop.ui.dialogs.export_dialog import export_jobs_interactively

        name = self.current_page_name()
        if name in CONTACT_PAGES:  # its contacts, not the jobs of a page left behind
            self.contact_pages[name].export_list()
            return
        page = self.current_page()
        export_jobs_interactively(self.context, page.query(), self, page.table.visible_column_keys())

    def show_shortcuts(self) -> QWidget:
        """Help › Keyboard shortcuts: every shortcut, searchable."""
        from gojee_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_settings(self) -> None:
        from gojee_desktop.ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.context, self)
        dialog.exec()

    def _select_navigation(self, key: str) -> None:
        for item in self._navigation_items():
            if item.data(0, PAGE_ROLE) == key and self.navigation.currentItem() is not item:
                self.navigation.setCurrentItem(item)

    def _navigation_items(self) -> list[QTreeWidgetItem]:
        """The pages' items in the order shown (a section heading is not one)."""
        return list(keyed_items(self.navigation, PAGE_ROLE).values())

    def _navigation_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        key = current.data(0, PAGE_ROLE) if current is not None else None
        if key in (DASHBOARD, ACTIVITIES):
            if self.current_page_name() != key:
                self.show_page(key)
            return
        if key in CONTACT_PAGES:
            if self.contact_pages.get(key) is not self.stack.currentWidget():
                self.show_page(key)
            return
        if key and self.pages[key] is not self.stack.currentWidget():
            self.show_page(key if self.pages[key].mode() == MODE_TABLE else f"{key}-board")

    # -- navigation panel -----------------------------------------------------------------

    def set_navigation_visible(self, visible: bool) -> None:
        """Show or hide the navigation panel (remembered); hidden, pages switch through
        the View menu and Ctrl+1…Ctrl+9."""
        had_focus = self.navigation.hasFocus()
        self.navigation.setVisible(visible)
        if self.navigation_action.isChecked() != visible:
            self.navigation_action.setChecked(visible)
        self.context.settings.setValue("window/navigation", visible)
        if had_focus and not visible:
            dashboard = self.dashboard
            shown = dashboard is not None and self.stack.currentWidget() is dashboard
            target: QWidget = (
                dashboard.period_box if dashboard is not None and shown else self.current_page().search
            )
            if self.activities is not None and self.stack.currentWidget() is self.activities:
                target = self.activities.view
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def navigation_visible(self) -> bool:
        return not self.navigation.isHidden()

    # -- state ----------------------------------------------------------------------------

    def _restore_state(self) -> None:
        settings = self.context.settings
        geometry = settings.value("window/geometry")
        place_main_window(self, geometry if isinstance(geometry, QByteArray) else None)
        if str(settings.value("window/navigation", "true")).lower() in ("false", "0"):
            self.set_navigation_visible(False)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        settings = self.context.settings
        built = self.pages.built()  # a page never shown has nothing to remember
        for page in built.values():
            page.table.save_columns()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/page", self.current_page_name())
        settings.setValue("window/splitter", self.splitter.saveState())
        for key, page in built.items():
            if key in self._loaded and (job_id := page.selected_job_id()) is not None:
                settings.setValue(f"window/selected/{key}", job_id)
        for key, contacts in self.contact_pages.items():
            if (contact_id := contacts.current_id()) is not None:
                settings.setValue(f"window/selected/{key}", contact_id)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)

    def show_about(self) -> QWidget:
        """Help › About: version, database location, licences of what ships with the app."""
        from gojee_desktop.ui.dialogs.about_dialog import AboutDialog

        dialog = AboutDialog(self._database_text(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
