"""QtCharts views of the dashboard's figures: bars per stage, per close month and per source,
a pie of lost reasons. Values show on hover in the currency's format; a click on a bar or a
slice says which one (the page turns it into a filtered table). Charts take their colours
from the widget's palette, and follow it when it changes (light and dark themes)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QPieSeries,
    QPieSlice,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, Qt
from PySide6.QtGui import QBrush, QColor, QCursor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from gojee_desktop.money import format_money
from gojee_desktop.ui import theme

SERIES_COLORS = theme.CHART_SERIES


def apply_palette(chart: QChart, palette: QPalette) -> None:
    """Background, text, axes and grid from the palette: the window's colours, light or dark."""
    text = palette.color(QPalette.ColorRole.WindowText)
    background = palette.color(QPalette.ColorRole.Base)
    lines = QColor(text)
    lines.setAlpha(60)
    chart.setBackgroundBrush(QBrush(background))
    chart.setBackgroundPen(QPen(palette.color(QPalette.ColorRole.Mid)))
    chart.setPlotAreaBackgroundVisible(False)
    chart.setTitleBrush(QBrush(text))
    chart.legend().setLabelColor(text)
    for axis in chart.axes():
        axis.setLabelsColor(text)
        axis.setTitleBrush(QBrush(text))
        axis.setGridLineColor(lines)
        axis.setLinePenColor(lines)
    for series in chart.series():
        if isinstance(series, QPieSeries):
            for piece in series.slices():
                piece.setLabelColor(text)
                piece.setBorderColor(background)


def _chart(title: str, widget: QWidget) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setBackgroundRoundness(4)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def money_scale(values: Sequence[Decimal]) -> tuple[int, str]:
    """Divisor and suffix so an axis reads 250k or 1.5M rather than 1500000."""
    top = max((abs(v) for v in values), default=Decimal(0))
    if top >= 1_000_000:
        return 1_000_000, "M"
    if top >= 10_000:
        return 1_000, "k"
    return 1, ""


def _money_axis(values: Sequence[Decimal], currency: str) -> QValueAxis:
    divisor, suffix = money_scale(values)
    axis = QValueAxis()
    top = float(max(values, default=Decimal(0))) / divisor
    axis.setRange(0, top * 1.1 if top > 0 else 1)
    axis.setLabelFormat(f"%.0f{suffix}" if suffix != "M" else "%.1fM")
    axis.setTitleText(currency)
    axis.applyNiceNumbers()
    return axis


def _category_axis(categories: Sequence[str], tilt: bool) -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    axis.append(list(categories))
    if tilt and len(categories) > 4:
        axis.setLabelsAngle(-30)  # long names stay whole instead of being elided
    return axis


class ChartView(QChartView):
    """A chart view with antialiasing, a minimum size that fits a laptop, and an
    accessible name (assistive technology cannot read a painted chart)."""

    def __init__(self, chart: QChart, parent: QWidget | None = None) -> None:
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(300, 300)
        self.setAccessibleName(chart.title())
        apply_palette(chart, self.palette())

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (the theme switched, light to dark): the chart repaints in it."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            apply_palette(self.chart(), self.palette())
        super().changeEvent(event)


def bar_chart(
    title: str,
    categories: Sequence[str],
    values: Sequence[Decimal],
    currency: str,
    parent: QWidget,
    *,
    horizontal: bool = False,
    on_click: Callable[[int], None] | None = None,
) -> ChartView:
    """One bar per category, its value in `currency`; hover shows the amount formatted.
    Horizontal bars list the first category at the top, as a funnel reads."""
    chart = _chart(title, parent)
    if horizontal:  # Qt draws the first category at the bottom
        categories, values = list(reversed(categories)), list(reversed(values))
        clicked = on_click
        on_click = (lambda index: clicked(len(values) - 1 - index)) if clicked else None
    divisor, _ = money_scale(values)
    bars = QBarSet(currency)
    bars.setColor(QColor(SERIES_COLORS[0]))
    for value in values:
        bars.append(float(value) / divisor)
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(bars)
    chart.addSeries(series)
    category_axis = _category_axis(categories, tilt=not horizontal)
    value_axis = _money_axis(values, currency)
    chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(category_axis)
    series.attachAxis(value_axis)
    chart.legend().setVisible(False)

    def hovered(status: bool, index: int) -> None:
        if status and 0 <= index < len(values):
            text = f"{categories[index]}: {format_money(values[index], currency)}"
            QToolTip.showText(QCursor.pos(), text)
        else:
            QToolTip.hideText()

    bars.hovered.connect(hovered)
    if on_click is not None:
        bars.clicked.connect(on_click)
    return ChartView(chart, parent)


def count_chart(
    title: str,
    categories: Sequence[str],
    series_values: Mapping[str, Sequence[int]],
    parent: QWidget,
    on_click: Callable[[str, int], None] | None = None,
    *,
    stacked: bool = False,
) -> ChartView:
    """Grouped horizontal bars of counts (e.g. leads and converted per source): names on the
    left stay whole, the first at the top. A click gives the series' name and the category's
    position in `categories`. Stacked, each bar is the sum of its parts."""
    chart = _chart(title, parent)
    series = QHorizontalStackedBarSeries() if stacked else QHorizontalBarSeries()
    names = list(reversed(categories))
    top = 0
    for position, (name, forward) in enumerate(series_values.items()):
        values = list(reversed(forward))
        bars = QBarSet(name)
        bars.setColor(QColor(SERIES_COLORS[position % len(SERIES_COLORS)]))
        for value in values:
            bars.append(value)
        top = max(top, *values, 0) if not stacked else top

        def hovered(status: bool, index: int, name: str = name, values: Sequence[int] = values) -> None:
            if status and 0 <= index < len(values):
                QToolTip.showText(QCursor.pos(), f"{names[index]}: {values[index]:,} {name.lower()}")
            else:
                QToolTip.hideText()

        bars.hovered.connect(hovered)
        if on_click is not None:
            bars.clicked.connect(lambda index, name=name: on_click(name, len(names) - 1 - index))
        series.append(bars)
    if stacked:
        top = max((sum(column) for column in zip(*series_values.values(), strict=True)), default=0)
    chart.addSeries(series)
    category_axis = _category_axis(names, tilt=False)
    value_axis = QValueAxis()
    value_axis.setRange(0, max(top * 1.1, 1))
    value_axis.setLabelFormat("%d")
    value_axis.applyNiceNumbers()
    chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(category_axis)
    series.attachAxis(value_axis)
    return ChartView(chart, parent)


def pie_chart(
    title: str,
    slices: dict[str, int],
    parent: QWidget,
    empty_text: str,
    on_click: Callable[[str], None] | None = None,
) -> ChartView:
    """A slice per name with its count; hover shows the count and the share, a click gives
    the slice's name."""
    chart = _chart(title, parent)
    series = QPieSeries()
    total = sum(slices.values())
    for position, (name, count) in enumerate(slices.items()):
        piece = series.append(name, count)
        piece.setColor(QColor(SERIES_COLORS[position % len(SERIES_COLORS)]))

        def hovered(state: bool, piece: QPieSlice = piece, name: str = name, count: int = count) -> None:
            piece.setExploded(state)
            if state:
                QToolTip.showText(QCursor.pos(), f"{name}: {count:,} ({100 * count / total:.0f} %)")
            else:
                QToolTip.hideText()

        piece.hovered.connect(hovered)
        if on_click is not None:
            piece.clicked.connect(lambda name=name: on_click(name))
    if not slices:
        chart.setTitle(f"{title} — {empty_text}")
    chart.addSeries(series)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return ChartView(chart, parent)
