"""The Dashboard: how much is in the pipeline, what will close, how leads convert, where they
come from and why they are lost, for a chosen period.

The figures come from `services.reports` on a worker thread (SQLite reads without the GIL), so
the page never freezes on a big database. Charts show the default currency; tiles list every
currency (nothing is converted). A click on any bar or slice opens the table of exactly the
jobs it counts (a chip on the table says which, and removes the filter). Export writes the
page as PNG or PDF."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, QMarginsF, QObject, QRect, Qt, Signal
from PySide6.QtGui import (
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.models import LIFECYCLE_CUSTOMER_JOB, LIFECYCLE_LEAD
from gojee_desktop.money import format_money
from gojee_desktop.services import catalog
from gojee_desktop.services.errors import GojeeError
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.services.reports import (
    PERIOD_NAMES,
    DashboardFigures,
    GroupFigure,
    Period,
    StageFigure,
    assignee_figures,
    dashboard_figures,
    named_period,
)
from gojee_desktop.services.reports.drill import FigureFilter, cohort_filter, month_days
from gojee_desktop.services.reports.figures import NO_REASON
from gojee_desktop.ui import theme
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.errors import show_error
from gojee_desktop.ui.widgets.report_charts import bar_chart, count_chart, pie_chart

CUSTOM = "custom"
SETTING_PERIOD = "dashboard/period"
STILL_LEADS, CONVERTED = "Still leads", "Converted"
WON, LOST, OPEN = "Won (converted)", "Lost", "Still open"


class _Relay(QObject):
    """Carries figures read on a worker thread back to the GUI thread."""

    ready = Signal(int, object)  # generation, DashboardFigures | GojeeError
    assignees_ready = Signal(int, object)  # generation, list[GroupFigure]


class DashboardPage(QWidget):
    """Period selector, figure tiles and four charts."""

    #: Open a pipeline's table with this query: ('leads' | 'jobs', JobQuery).
    drill_down = Signal(str, object)
    #: Figures shown (tests and screenshots wait for it).
    loaded = Signal()
    #: The per-assignee chart shown, after the rest.
    assignees_loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.title = "Dashboard"
        self.figures: DashboardFigures | None = None
        self._assignees: list[GroupFigure] | None = None  # the per-assignee chart's figures
        self._generation = 0
        self._worker: threading.Thread | None = None
        self._relay = _Relay(self)
        self._relay.ready.connect(self._show)
        self._relay.assignees_ready.connect(self._show_assignees)

        heading = QLabel("Dashboard", self)
        heading.setObjectName("pageHeading")
        heading.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.period_box = QComboBox(self)
        self.period_box.setObjectName("periodBox")
        self.period_box.setAccessibleName("Period")
        for key, name in PERIOD_NAMES.items():
            self.period_box.addItem(name, key)
        self.period_box.addItem("Custom dates…", CUSTOM)
        self.from_edit, self.to_edit = self._date_edit("From"), self._date_edit("To")
        self.refresh_button = QToolButton(self)
        self.refresh_button.setText("Refresh")
        self.refresh_button.setToolTip("Read the figures again (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        self.export_button = QToolButton(self)
        self.export_button.setText("Export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        menu.addAction("As PNG image…", lambda: self._ask_export("png"))
        menu.addAction("As PDF…", lambda: self._ask_export("pdf"))
        self.export_button.setMenu(menu)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(QLabel("Period", self))
        top.addWidget(self.period_box)
        top.addWidget(self.from_edit)
        top.addWidget(self.to_edit)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)

        self.status = QLabel("", self)
        self.status.setObjectName("dashboardStatus")
        self.status.setWordWrap(True)
        tiles = QHBoxLayout()
        self.tiles: dict[str, QLabel] = {}
        for name in ("Open pipeline", "Forecast", "Conversion", "Won / lost"):
            frame, self.tiles[name] = self._tile(name)
            tiles.addWidget(frame, 1)

        self.content = QWidget(self)
        self.charts = QGridLayout(self.content)
        self.charts.setContentsMargins(0, 0, 0, 0)
        self.charts.setSpacing(8)
        self.chart_area = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.content)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)

        saved = str(context.settings.value(SETTING_PERIOD, "last12"))
        index = self.period_box.findData(saved)
        self.period_box.setCurrentIndex(index if index >= 0 else self.period_box.findData("last12"))
        self._custom_visible()
        self.period_box.currentIndexChanged.connect(self._period_changed)
        self.from_edit.dateChanged.connect(self._dates_changed)
        self.to_edit.dateChanged.connect(self._dates_changed)
        context.signals.jobs_changed.connect(self._data_changed)
        context.signals.jobs_removed.connect(self._data_changed)
        theme.theme().changed.connect(self._scheme_changed)

    # -- building -------------------------------------------------------------------------

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setAccessibleName(name)
        edit.setDate(QDate.currentDate())
        return edit

    def _tile(self, title: str) -> tuple[QFrame, QLabel]:
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(frame)
        caption = QLabel(title, frame)
        caption.setStyleSheet("font-weight: 600;")
        value = QLabel("…", frame)
        value.setObjectName(f"tile {title}")
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value.setAccessibleName(title)
        box.addWidget(caption)
        box.addWidget(value)
        box.addStretch(1)
        return frame, value

    # -- period -----------------------------------------------------------------------------

    def period(self) -> Period:
        key = str(self.period_box.currentData())
        if key == CUSTOM:
            return Period(self.from_edit.date().toPython(), self.to_edit.date().toPython())  # type: ignore[arg-type]
        return named_period(key, date.today())

    def set_period(self, key: str, start: date | None = None, end: date | None = None) -> None:
        """Choose a named period, or CUSTOM with its dates, and refresh."""
        if start is not None and end is not None:
            for edit, day in ((self.from_edit, start), (self.to_edit, end)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self.period_box.setCurrentIndex(self.period_box.findData(key))
        self.refresh()

    def _custom_visible(self) -> None:
        custom = self.period_box.currentData() == CUSTOM
        self.from_edit.setVisible(custom)
        self.to_edit.setVisible(custom)

    def _period_changed(self) -> None:
        self._custom_visible()
        key = str(self.period_box.currentData())
        if key == CUSTOM:
            current = named_period("month", date.today())
            self.from_edit.blockSignals(True)
            self.from_edit.setDate(QDate(current.start.year, current.start.month, 1))
            self.from_edit.blockSignals(False)
        self.context.settings.setValue(SETTING_PERIOD, key)
        self.refresh()

    def _dates_changed(self) -> None:
        if self.period_box.currentData() == CUSTOM:
            self.refresh()

    # -- reading ----------------------------------------------------------------------------

    def load(self) -> None:
        """Read the figures the first time the page is shown."""
        if self.figures is None and not self.loading():
            self.refresh()

    def _scheme_changed(self, _dark: bool) -> None:
        """Charts take a light or dark chart theme when built: build them again from the
        figures on screen (a colour change reads nothing from the database)."""
        if self.figures is None:
            return
        self._fill_charts(self.figures, catalog.get_default_currency(self.context.sessions))
        if self._assignees is not None:
            self._show_assignees(self._generation, self._assignees)

    def loading(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def refresh(self) -> None:
        try:
            period = self.period()
        except GojeeError as error:
            self.status.setText(str(error))
            return
        self._generation += 1
        self._assignees = None
        generation = self._generation
        self.status.setText(f"Reading the figures for {period.label()}…")
        sessions, relay = self.context.sessions, self._relay

        def read() -> None:
            """The main figures first, then the slower split per assignee."""
            result: DashboardFigures | GojeeError
            try:
                result = dashboard_figures(sessions, period)
            except GojeeError as error:
                result = error
            except Exception:  # the database was closed meanwhile: nothing to show
                return
            with contextlib.suppress(RuntimeError):  # the page was closed meanwhile
                relay.ready.emit(generation, result)
                if isinstance(result, DashboardFigures):
                    relay.assignees_ready.emit(generation, assignee_figures(sessions, period))

        self._worker = threading.Thread(target=read, name="dashboard-figures", daemon=True)
        self._worker.start()

    def wait(self, timeout: float = 30.0) -> None:
        """Block until a running read has finished (tests, screenshots)."""
        if self._worker is not None:
            self._worker.join(timeout)

    def _data_changed(self, _ids: list[int]) -> None:
        if self.figures is not None and self.isVisible():
            self.refresh()

    # -- showing ----------------------------------------------------------------------------

    def _show(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return  # an older period's figures arrived late
        if isinstance(result, GojeeError):
            show_error(self, result)
            return
        assert isinstance(result, DashboardFigures)
        self.figures = result
        currency = catalog.get_default_currency(self.context.sessions)
        self._fill_tiles(result)
        self._fill_charts(result, currency)
        other = sorted({f.currency for f in result.pipeline} - {currency})
        note = f"Charts show {currency}" + (
            f"; other currencies are in the tiles ({', '.join(other)})." if other else "."
        )
        self.status.setText(
            f"{result.period.label()} · {note} Leads created in the period form the conversion, "
            "won/lost and source figures."
        )
        self.loaded.emit()

    def _show_assignees(self, generation: int, figures: list[GroupFigure]) -> None:
        if generation != self._generation or self.figures is None:
            return
        self._assignees = figures
        period = self.figures.period

        def clicked(part: str, row: GroupFigure) -> None:
            who = row.name if row.key_id is not None else "nobody"
            self._open_cohort(part, period, f"assigned to {who}", assignee=row.key_id)

        chart = created_and_converted_chart("Leads by assignee", figures, self.content, clicked)
        self.charts.addWidget(chart, 2, 0)
        self.assignees_loaded.emit()

    def _fill_tiles(self, figures: DashboardFigures) -> None:
        def per_currency(amounts: dict[str, Decimal]) -> str:
            return (
                "\n".join(format_money(v, c, with_code=len(amounts) > 1) for c, v in sorted(amounts.items()))
                or "–"
            )

        pipeline: dict[str, Decimal] = {}
        count = 0
        for row in figures.pipeline:
            if row.pipeline == "leads":
                pipeline[row.currency] = pipeline.get(row.currency, Decimal(0)) + row.value
                count += row.count
        forecast: dict[str, Decimal] = {}
        for month in figures.forecast:
            forecast[month.currency] = forecast.get(month.currency, Decimal(0)) + month.weighted_value
        conversion = figures.conversion
        median = f", median {conversion.median_days} days" if conversion.median_days is not None else ""
        self.tiles["Open pipeline"].setText(f"{per_currency(pipeline)}\n{count:,} open leads")
        self.tiles["Forecast"].setText(f"{per_currency(forecast)}\nweighted by stage")
        self.tiles["Conversion"].setText(
            f"{conversion.rate * 100:.1f} %\n{conversion.converted:,} of {conversion.created:,} leads{median}"
        )
        self.tiles["Won / lost"].setText(f"{figures.won_lost.won:,} won\n{figures.won_lost.lost:,} lost")

    def _fill_charts(self, figures: DashboardFigures, currency: str) -> None:
        while self.charts.count():
            item = self.charts.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        stages = [f for f in figures.pipeline if f.pipeline == "leads" and f.currency == currency]
        pipeline_chart = bar_chart(
            f"Lead pipeline by stage ({currency})",
            [f.stage for f in stages],
            [f.value for f in stages],
            currency,
            self.content,
            horizontal=True,
            on_click=lambda index: self._open_stage(figures, stages[index]),
        )
        months = [f for f in figures.forecast if f.currency == currency]
        forecast_chart = bar_chart(
            f"Weighted forecast by close month ({currency})",
            [f.month for f in months],
            [f.weighted_value for f in months],
            currency,
            self.content,
            on_click=lambda index: self._open_forecast(figures, months[index].month, currency),
        )
        period = figures.period

        def source_clicked(part: str, row: GroupFigure) -> None:
            name = row.name if row.key_id is not None else "no source"
            self._open_cohort(part, period, f"from {name}", source=row.key_id)

        source_chart = created_and_converted_chart(
            "Leads by source", figures.by_source, self.content, source_clicked
        )
        lost_chart = pie_chart(
            "Why leads were lost",
            figures.won_lost.reasons,
            self.content,
            "none lost",
            on_click=lambda reason: self._open_lost(figures, reason),
        )
        won_lost = figures.won_lost
        still_open = figures.conversion.created - won_lost.won - won_lost.lost
        outcome_chart = count_chart(
            "Won and lost (leads created in the period)",
            [WON, LOST, OPEN],
            {"Leads": [won_lost.won, won_lost.lost, still_open]},
            self.content,
            on_click=lambda _part, index: self._open_outcome(figures, (WON, LOST, OPEN)[index]),
        )
        outcome_chart.chart().legend().setVisible(False)
        charts = (pipeline_chart, forecast_chart, source_chart, lost_chart)
        for position, chart in enumerate(charts):
            self.charts.addWidget(chart, position // 2, position % 2)
        self.charts.addWidget(outcome_chart, 2, 1)

    def _open_stage(self, figures: DashboardFigures, row: StageFigure) -> None:
        """The table behind a stage's bar: that stage's open jobs, the lost ones left out."""
        statuses, stages = figures.lost_ids
        noun = "leads" if row.pipeline == "leads" else "customer jobs"
        figure = FigureFilter(
            f"Open {noun} in {row.stage} (pipeline now)",
            stage=row.stage_id,
            not_lost=True,
            lost_status_ids=statuses,
            lost_stage_ids=stages,
        )
        self._open(row.pipeline, figure, archived=False)

    def _open(self, pipeline: str, figure: FigureFilter, *, archived: bool | None = None) -> None:
        lifecycle = LIFECYCLE_LEAD if pipeline == "leads" else LIFECYCLE_CUSTOMER_JOB
        self.drill_down.emit(pipeline, JobQuery(lifecycle=lifecycle, archived=archived, figure=figure))

    def _open_cohort(self, part: str, period: Period, which: str, **conditions: object) -> None:
        """A part of a source's or an assignee's bar: its leads still leads, or converted."""
        if part == CONVERTED:
            label = f"Leads created {period.label()} {which}, converted"
            self._open("jobs", cohort_filter(period, label, converted=True, **conditions))
        else:
            label = f"Leads created {period.label()} {which}, not converted"
            self._open("leads", cohort_filter(period, label, **conditions))

    def _open_forecast(self, figures: DashboardFigures, month: str, currency: str) -> None:
        """A close month's bar: the open leads in a stage weighed into it."""
        first, last = month_days(month, figures.period)
        statuses, stages = figures.lost_ids
        figure = FigureFilter(
            f"Open leads closing {first.isoformat()} – {last.isoformat()} in {currency} (forecast)",
            currency=currency,
            close_from=first,
            close_to=last,
            lost_status_ids=statuses,
            lost_stage_ids=stages,
        )
        self._open("leads", figure, archived=False)

    def _open_lost(self, figures: DashboardFigures, reason: str) -> None:
        statuses, stages = figures.lost_ids
        label = f"Leads created {figures.period.label()}, lost: {reason}"
        figure = cohort_filter(
            figures.period,
            label,
            lost=True,
            lost_reason="" if reason == NO_REASON else reason,
            lost_status_ids=statuses,
            lost_stage_ids=stages,
        )
        self._open("leads", figure)

    def _open_outcome(self, figures: DashboardFigures, outcome: str) -> None:
        period, (statuses, stages) = figures.period, figures.lost_ids
        label = f"Leads created {period.label()}: {outcome.lower()}"
        if outcome == WON:
            self._open("jobs", cohort_filter(period, label, converted=True))
            return
        lost = cohort_filter(
            period, label, lost=outcome == LOST, lost_status_ids=statuses, lost_stage_ids=stages
        )
        self._open("leads", lost)

    # -- export -----------------------------------------------------------------------------

    def _picture(self) -> QPixmap:
        """The header (tiles, period) above the whole chart grid, as one image."""
        header = self.grab(QRect(0, 0, self.width(), self.chart_area.geometry().top()))
        charts = self.content.grab()
        ratio = header.devicePixelRatio()
        width = max(header.width(), charts.width())
        picture = QPixmap(width, header.height() + charts.height())
        picture.setDevicePixelRatio(ratio)
        picture.fill(self.palette().color(QPalette.ColorRole.Window))
        painter = QPainter(picture)
        painter.drawPixmap(0, 0, header)
        painter.drawPixmap(0, round(header.height() / ratio), charts)
        painter.end()
        return picture

    def _ask_export(self, kind: str) -> None:
        name = f"dashboard-{date.today().isoformat()}.{kind}"
        filters = "PNG image (*.png)" if kind == "png" else "PDF document (*.pdf)"
        path, _ = QFileDialog.getSaveFileName(self, "Export the dashboard", name, filters)
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> bool:
        """Write the page as a PNG image or a one-page landscape PDF (by the file's suffix):
        the tiles and every chart, also those scrolled out of view."""
        picture = self._picture()
        if path.suffix.lower() == ".pdf":
            writer = QPdfWriter(str(path))
            writer.setPageLayout(
                QPageLayout(
                    QPageSize(QPageSize.PageSizeId.A4),
                    QPageLayout.Orientation.Landscape,
                    QMarginsF(10, 10, 10, 10),
                )
            )
            writer.setResolution(150)
            writer.setTitle(f"Gojee Desktop dashboard {self.period().label()}")
            painter = QPainter(writer)
            area = painter.viewport()
            scaled = picture.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawPixmap(QRect(area.topLeft(), scaled), picture)
            ok = painter.end()
        else:
            ok = picture.save(str(path), "PNG")
        if ok:
            self.context.signals.status_message.emit(f"Exported the dashboard to {path}.")
        return ok


def created_and_converted_chart(
    title: str,
    rows: list[GroupFigure],
    parent: QWidget,
    on_click: Callable[[str, GroupFigure], None] | None = None,
) -> QWidget:
    """Leads created per source or assignee (every currency summed), each bar split into
    those converted and those still leads; a click gives the part and the row."""
    totals: dict[int | None, GroupFigure] = {}
    for row in rows:
        seen = totals.get(row.key_id)
        totals[row.key_id] = (
            row
            if seen is None
            else replace(seen, count=seen.count + row.count, converted=seen.converted + row.converted)
        )
    groups = list(totals.values())
    parts = {
        CONVERTED: [g.converted for g in groups],
        STILL_LEADS: [g.count - g.converted for g in groups],
    }
    clicked = (lambda part, index: on_click(part, groups[index])) if on_click else None
    return count_chart(title, [g.name for g in groups], parts, parent, clicked, stacked=True)
