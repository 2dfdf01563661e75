"""The filter bar of a pipeline page: stage, status, label, assignee, source channel, value
range, expected close range and archived. It edits the filter part of a `JobQuery`; search
text and sort belong to the page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QSize, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QToolButton,
    QWidget,
)

from gojee_desktop.models import LIFECYCLE_LEAD
from gojee_desktop.money import MoneyError
from gojee_desktop.services import catalog, pipelines
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.services.lookups import pipeline_key_for
from gojee_desktop.ui import theme
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.widgets.figure_chip import FigureChip
from gojee_desktop.ui.widgets.fold_panel import FoldButton
from gojee_desktop.ui.widgets.locale_input import parse_locale_amount

NO_STAGE = -1
_ANY_DATE = QDate(2000, 1, 1)
ARCHIVED_CHOICES = (("Active", False), ("Archived", True), ("Active and archived", None))


class ChoiceButton(QToolButton):
    """A drop-down of checkable items; nothing checked means "any"."""

    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None, empty_text: str = "any") -> None:
        super().__init__(parent)
        self._title = title
        self._empty_text = empty_text
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._menu = QMenu(self)
        self.setMenu(self._menu)
        self._items: list[tuple[int, str]] = []
        self._checked: set[int] = set()
        self._update_text()

    def sizeHint(self) -> QSize:
        """Room for the whole text beside the drop-down arrow (the style draws the arrow over
        the text's end otherwise)."""
        hint = super().sizeHint()
        style = self.style()
        arrow = style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, self) if style else 0
        return QSize(hint.width() + arrow, hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def set_items(self, items: list[tuple[int, str]]) -> None:
        self._items = items
        valid = {item_id for item_id, _ in items}
        self._checked &= valid
        self._menu.clear()
        for item_id, name in items:
            action = self._menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(item_id in self._checked)
            action.toggled.connect(lambda on, i=item_id: self._toggle(i, on))
        self._update_text()

    def _toggle(self, item_id: int, on: bool) -> None:
        if on:
            self._checked.add(item_id)
        else:
            self._checked.discard(item_id)
        self._update_text()
        self.changed.emit()

    def checked(self) -> tuple[int, ...]:
        return tuple(item_id for item_id, _ in self._items if item_id in self._checked)

    def set_checked(self, ids: tuple[int, ...] | list[int]) -> None:
        self._checked = set(ids)
        for action, (item_id, _name) in zip(self._menu.actions(), self._items, strict=False):
            action.blockSignals(True)
            action.setChecked(item_id in self._checked)
            action.blockSignals(False)
        self._update_text()

    def _update_text(self) -> None:
        names = [name for item_id, name in self._items if item_id in self._checked]
        if not names:
            self.setText(f"{self._title}: {self._empty_text}")
        elif len(names) == 1:
            self.setText(f"{self._title}: {names[0]}")
        else:
            self.setText(f"{self._title}: {len(names)}")
        self.setToolTip(", ".join(names) if names else f"{self._title}: {self._empty_text}")


def _date_edit(parent: QWidget, tip: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setMinimumDate(_ANY_DATE)
    edit.setSpecialValueText("any")
    edit.setDate(_ANY_DATE)
    edit.setToolTip(tip)
    return edit


def _date_of(edit: QDateEdit) -> date | None:
    value = edit.date()
    return None if value == _ANY_DATE else date(value.year(), value.month(), value.day())


def _set_date(edit: QDateEdit, value: date | None) -> None:
    edit.setDate(_ANY_DATE if value is None else QDate(value.year, value.month, value.day))


class FilterBar(QWidget):
    """Emits `changed` whenever a filter changes; `apply(query)` puts the filters in."""

    changed = Signal()

    def __init__(self, context: AppContext, lifecycle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self._context = context
        self._lifecycle = lifecycle
        self._error = ""
        self.stage = ChoiceButton("Stage", self)
        self.status = ChoiceButton("Status", self)
        self.label = ChoiceButton("Label", self)
        self.assignee = ChoiceButton("Assignee", self)
        self.source = ChoiceButton("Source", self)
        self.value_min = QLineEdit(self)
        self.value_max = QLineEdit(self)
        for edit, text in ((self.value_min, "min"), (self.value_max, "max")):
            edit.setPlaceholderText(text)
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("0" * 10))
            edit.setClearButtonEnabled(False)
            edit.editingFinished.connect(self._value_edited)
        self.close_from = _date_edit(self, "Expected close on or after")
        self.close_to = _date_edit(self, "Expected close on or before")
        self.archived = QComboBox(self)
        for text, _value in ARCHIVED_CHOICES:
            self.archived.addItem(text)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("Clear filters")
        self.clear_button.clicked.connect(self.clear)

        # Stage and status stay on the row; the rest folds into "Filters (n)".
        folded = QWidget(self)
        folded.setObjectName("moreFilters")
        form = QFormLayout(folded)
        form.setContentsMargins(0, 0, 0, 0)
        for title, button in (("Label", self.label), ("Assignee", self.assignee), ("Source", self.source)):
            button.setParent(folded)
            form.addRow(f"{title}:", button)
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_min)
        value_row.addWidget(QLabel("–", folded))
        value_row.addWidget(self.value_max)
        value_row.addStretch(1)
        form.addRow("Value:", value_row)
        close_row = QHBoxLayout()
        close_row.addWidget(self.close_from)
        close_row.addWidget(QLabel("–", folded))
        close_row.addWidget(self.close_to)
        close_row.addStretch(1)
        form.addRow("Expected close:", close_row)
        form.addRow("Show:", self.archived)
        for widget in (self.value_min, self.value_max, self.close_from, self.close_to, self.archived):
            widget.setParent(folded)
        form.addRow(self.clear_button)
        self.clear_button.setParent(folded)
        self.value_min.setAccessibleName("Value at least")
        self.value_max.setAccessibleName("Value at most")
        self.close_from.setAccessibleName("Expected close on or after")
        self.close_to.setAccessibleName("Expected close on or before")
        self.archived.setAccessibleName("Active or archived")
        self.more = FoldButton("Filters", folded, self)
        self.more.setObjectName("moreFiltersButton")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for button in (self.stage, self.status):
            layout.addWidget(button)
        layout.addWidget(self.more)
        self.figure_chip = FigureChip(self)  # the jobs behind a dashboard figure
        self.figure_chip.removed.connect(self._figure_removed)
        layout.addWidget(self.figure_chip)
        for button in (self.stage, self.status, self.label, self.assignee, self.source):
            button.changed.connect(self.changed)
        self.changed.connect(self._count_active)
        self.close_from.dateChanged.connect(lambda _d: self.changed.emit())
        self.close_to.dateChanged.connect(lambda _d: self.changed.emit())
        self.archived.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.reload_lists()
        context.signals.catalog_changed.connect(lambda _kind: self.reload_lists())

    def reload_lists(self) -> None:
        """Fill the drop-downs from the configured stages, statuses, labels, team, channels."""
        sessions = self._context.sessions
        stages = pipelines.list_stages(sessions, pipeline_key_for(self._lifecycle))
        self.stage.set_items([(s.id, s.name) for s in stages] + [(NO_STAGE, "No stage")])
        self.status.set_items([(s.id, s.name) for s in catalog.list_statuses(sessions, self._lifecycle)])
        self.label.set_items([(i.id, i.name) for i in catalog.list_items(sessions, "label")])
        self.assignee.set_items([(i.id, i.name) for i in catalog.list_items(sessions, "user")])
        self.source.set_items([(i.id, i.name) for i in catalog.list_items(sessions, "source_channel")])
        self._count_active()

    def _value_edited(self) -> None:
        self.changed.emit()

    def _amount(self, edit: QLineEdit) -> Decimal | None:
        text = edit.text().strip()
        if not text:
            theme.set_style(edit, "")
            return None
        try:
            amount = parse_locale_amount(text)
        except MoneyError as error:
            theme.set_style(edit, "border: 1px solid $invalid_border;")
            edit.setToolTip(str(error))
            self._error = str(error)
            return None
        theme.set_style(edit, "")
        edit.setToolTip("")
        return amount

    def error(self) -> str:
        """The last problem with a typed filter value (shown in the status bar)."""
        return self._error

    def apply(self, query: JobQuery) -> JobQuery:
        """The query with this bar's filters (search text and sort untouched)."""
        self._error = ""
        stages = self.stage.checked()
        return replace(
            query,
            stage_ids=tuple(i for i in stages if i != NO_STAGE),
            no_stage=NO_STAGE in stages,
            status_ids=self.status.checked(),
            label_ids=self.label.checked(),
            assignee_ids=self.assignee.checked(),
            source_channel_ids=self.source.checked(),
            value_min=self._amount(self.value_min),
            value_max=self._amount(self.value_max),
            close_from=_date_of(self.close_from),
            close_to=_date_of(self.close_to),
            archived=ARCHIVED_CHOICES[self.archived.currentIndex()][1],
            figure=self.figure_chip.figure(),
        )

    def show_query(self, query: JobQuery) -> None:
        """Set the widgets from a query (a saved view) without emitting `changed`."""
        self.blockSignals(True)
        try:
            self.stage.set_checked(list(query.stage_ids) + ([NO_STAGE] if query.no_stage else []))
            self.status.set_checked(query.status_ids)
            self.label.set_checked(query.label_ids)
            self.assignee.set_checked(query.assignee_ids)
            self.source.set_checked(query.source_channel_ids)
            self.value_min.setText("" if query.value_min is None else str(query.value_min))
            self.value_max.setText("" if query.value_max is None else str(query.value_max))
            for edit, value in ((self.close_from, query.close_from), (self.close_to, query.close_to)):
                edit.blockSignals(True)
                _set_date(edit, value)
                edit.blockSignals(False)
            self.archived.blockSignals(True)
            self.archived.setCurrentIndex(
                next(i for i, (_t, v) in enumerate(ARCHIVED_CHOICES) if v == query.archived)
            )
            self.archived.blockSignals(False)
            self.figure_chip.set_figure(query.figure)
        finally:
            self.blockSignals(False)
        self._count_active()

    def _figure_removed(self) -> None:
        """Back to the page's usual list: active jobs, with the other filters kept."""
        self.archived.blockSignals(True)
        self.archived.setCurrentIndex(0)
        self.archived.blockSignals(False)
        self._count_active()
        self.changed.emit()

    def clear(self) -> None:
        self.show_query(JobQuery(lifecycle=self._lifecycle))
        self.changed.emit()

    def active_folded(self) -> list[str]:
        """The folded filters that narrow the list (their count shows on *Filters*)."""
        names = [
            title
            for title, button in (("Label", self.label), ("Assignee", self.assignee), ("Source", self.source))
            if button.checked()
        ]
        if self.value_min.text().strip() or self.value_max.text().strip():
            names.append("Value")
        if _date_of(self.close_from) is not None or _date_of(self.close_to) is not None:
            names.append("Expected close")
        if ARCHIVED_CHOICES[self.archived.currentIndex()][1] is not False:
            names.append(self.archived.currentText())
        return names

    def _count_active(self) -> None:
        self.more.set_active(self.active_folded())

    def is_lead(self) -> bool:
        return self._lifecycle == LIFECYCLE_LEAD
