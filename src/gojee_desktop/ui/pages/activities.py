"""The Activities page: every job's activities grouped Overdue, Today, This week, Later and
Done, filtered by assignee. Space marks done (and offers to schedule the next one, as a
salesperson's habit wants), Ctrl+R reschedules with a date picker, and so does dragging an
activity into another day group; Enter opens the job. Groups read more rows as they scroll
into view."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.services.activities import ActivityInfo, day_for_group, today
from gojee_desktop.services.catalog import list_items
from gojee_desktop.ui.commands.activity import ActivityCommands
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.itemmodels.activities_model import ActivitiesModel

RESCHEDULE_KEYS = "Ctrl+R"


def pick_date(parent: QWidget, current: date) -> date | None:
    """A calendar to choose the new due day; None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Reschedule")
    calendar = QCalendarWidget(dialog)
    calendar.setGridVisible(True)
    calendar.setSelectedDate(QDate(current.year, current.month, current.day))
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    calendar.activated.connect(lambda _d: dialog.accept())
    layout = QVBoxLayout(dialog)
    layout.addWidget(calendar)
    layout.addWidget(buttons)
    chosen = calendar.selectedDate() if dialog.exec() == QDialog.DialogCode.Accepted else None
    dialog.deleteLater()
    return date(chosen.year(), chosen.month(), chosen.day()) if chosen is not None else None


def ask_follow_up(parent: QWidget, info: ActivityInfo) -> bool:
    """After marking done: schedule the next activity for this job?"""
    answer = QMessageBox.question(
        parent,
        "Schedule the next activity?",
        f"“{info.subject}” is done. Schedule the next activity for {info.job_number} {info.job_title}?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


class ActivitiesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activitiesPage")
        self.context = context
        self.commands = ActivityCommands(context, self)
        self.title = "Activities"
        heading = QLabel("<b>Activities</b>", self)
        self.assignee = QComboBox(self)
        self.assignee.setObjectName("activityAssignee")
        self.assignee.setToolTip("Show one team member's activities")
        self._fill_assignees()
        self.done_button = QPushButton("&Done", self)
        self.done_button.setToolTip("Mark done, or open again (Space)")
        self.reschedule_button = QPushButton("&Reschedule…", self)
        self.reschedule_button.setToolTip(f"Pick a new due day ({RESCHEDULE_KEYS})")
        self.open_button = QPushButton("&Open job", self)
        self.open_button.setToolTip("Open the job (Enter)")
        bar = QHBoxLayout()
        bar.addWidget(heading)
        bar.addWidget(QLabel("for", self))
        bar.addWidget(self.assignee)
        bar.addStretch(1)
        for button in (self.done_button, self.reschedule_button, self.open_button):
            bar.addWidget(button)

        self.model = ActivitiesModel(context.sessions, self)
        self.view = QTreeView(self)
        self.view.setObjectName("activitiesView")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Drag an activity into another day group to reschedule it (the model only asks).
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        self.model.reschedule_requested.connect(self.reschedule_to, Qt.ConnectionType.QueuedConnection)
        self.model.fetch_on_demand = True
        # Checked once the view has laid out: after a reload, a scroll, a resize, new rows.
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(0)
        self._fetch_timer.timeout.connect(self.fetch_visible)
        self.view.verticalScrollBar().valueChanged.connect(lambda _v: self._fetch_timer.start())
        self.model.rowsInserted.connect(lambda *_: self._fetch_timer.start())
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 80)
        header.resizeSection(2, 170)
        header.resizeSection(3, 260)
        header.resizeSection(4, 120)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.assignee.currentIndexChanged.connect(
            lambda _i: self.model.set_assignee(self.assignee.currentData())
        )
        self.done_button.clicked.connect(self.toggle_done)
        self.reschedule_button.clicked.connect(self.reschedule)
        self.open_button.clicked.connect(self.open_job)
        self.view.doubleClicked.connect(lambda _i: self.open_job())
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._expand)
        for keys, slot in (
            (QKeySequence(Qt.Key.Key_Space), self.toggle_done),
            (QKeySequence(Qt.Key.Key_Return), self.open_job),
            (QKeySequence(Qt.Key.Key_Enter), self.open_job),
            (QKeySequence(RESCHEDULE_KEYS), self.reschedule),
        ):
            shortcut = QShortcut(keys, self.view, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)
        context.signals.jobs_changed.connect(self._jobs_changed)
        context.signals.jobs_removed.connect(self._jobs_changed)
        context.signals.catalog_changed.connect(self._catalog_changed)
        self._loaded = False
        self._update_buttons()

    def _expand(self) -> None:
        """Every group open; an empty group's hint row across all columns."""
        self.view.expandAll()
        for number in range(self.model.rowCount()):
            group = self.model.index(number, 0)
            hint = self.model.is_hint(self.model.index(0, 0, group))
            self.view.setFirstColumnSpanned(0, group, hint)

    def load(self) -> None:
        """Read the groups (when first shown; later changes reload it)."""
        self._loaded = True
        self.reload()

    def reload(self) -> None:
        current = self.selected()
        self.model.reload()
        index = self.model.index_of(current.id) if current is not None else QModelIndex()
        if not index.isValid():
            index = self.model.first_activity()
        if index.isValid():
            self.view.setCurrentIndex(index)
        self._update_buttons()
        self._fetch_timer.start()

    def fetch_visible(self) -> None:
        """Read the next page of each group whose last row read is in view (or a screen
        below it): the rest of a big group is read as it scrolls up, never all at once."""
        viewport = self.view.viewport().rect()
        horizon = viewport.bottom() + viewport.height()
        for number in range(self.model.rowCount()):
            group = self.model.index(number, 0)
            if not self.model.has_more(group) or not self.view.isExpanded(group):
                continue
            last = self.model.index(self.model.rowCount(group) - 1, 0, group)
            rect = self.view.visualRect(last)
            if rect.isValid() and rect.top() <= horizon:
                self.model.fetchMore(group)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._loaded:
            self._fetch_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._loaded:
            self._fetch_timer.start()

    def _jobs_changed(self, _ids: list[int]) -> None:
        if self._loaded:
            self.reload()

    def _catalog_changed(self, kind: str) -> None:
        if kind == "users":
            self._fill_assignees()

    def _fill_assignees(self) -> None:
        current = self.assignee.currentData()
        self.assignee.blockSignals(True)
        self.assignee.clear()
        self.assignee.addItem("Everyone", None)
        for user in list_items(self.context.sessions, "user"):
            self.assignee.addItem(user.name, user.id)
        self.assignee.setCurrentIndex(max(0, self.assignee.findData(current)))
        self.assignee.blockSignals(False)

    def selected(self) -> ActivityInfo | None:
        return self.model.activity(self.view.currentIndex())

    def select(self, index: QModelIndex) -> None:
        self.view.setCurrentIndex(index)

    def _update_buttons(self) -> None:
        info = self.selected()
        for button in (self.done_button, self.reschedule_button, self.open_button):
            button.setEnabled(info is not None)
        self.done_button.setText("Open a&gain" if info and info.done else "&Done")

    # -- actions ----------------------------------------------------------------------------

    def toggle_done(self) -> None:
        info = self.selected()
        if info is None:
            return
        if self.commands.set_done(info, not info.done) and not info.done and ask_follow_up(self, info):
            from gojee_desktop.ui.widgets.timeline_panel import add_activity_dialog

            dialog = add_activity_dialog(self.context, info.job_id, self)
            dialog.exec()
            dialog.deleteLater()

    def reschedule(self) -> None:
        info = self.selected()
        if info is None:
            return
        day = pick_date(self, info.due_date)
        if day is not None and day != info.due_date:
            self.commands.edit(info, {"due_date": day})

    def reschedule_to(self, activity_id: int, scope: str) -> bool:
        """An activity dropped into another day group: due on that group's day (undoable)."""
        index = self.model.index_of(activity_id)
        info = self.model.activity(index)
        if info is None:
            return False
        day = day_for_group(scope, today())
        if day is None:
            self.context.signals.status_message.emit("No day is left this week: drop it on Today or Later.")
            return False
        if day == info.due_date:
            return False
        return self.commands.edit(info, {"due_date": day})

    def open_job(self) -> None:
        info = self.selected()
        if info is not None:
            self.context.signals.open_job_requested.emit(info.job_id)
