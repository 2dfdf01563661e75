"""The Dashboard page on real figures: tiles, six charts with accessible names, a stage's bar
opening its table with exactly those jobs (every other chart: test_dashboard_drill), the
period remembered, export to PNG and PDF."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarSet, QChartView, QHorizontalBarSeries

from gojee_desktop.services import catalog, jobs, pipelines
from gojee_desktop.services.job_query import count_jobs
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui.pages.dashboard import DashboardPage


@pytest.fixture
def business(context):
    stages = {s.name: s.id for s in pipelines.list_stages(context.sessions, "leads")}
    lost = next(s.id for s in catalog.list_statuses(context.sessions) if s.key == "lost")
    for title, value in (("Kitchen", "1200"), ("Bathroom", "800.50")):
        jobs.create_lead(
            context.sessions, NewJob(title=title, value=Decimal(value), stage_id=stages["Quoting"])
        )
    gone = jobs.create_lead(
        context.sessions, NewJob(title="Fence", value=Decimal("300"), stage_id=stages["Quoting"])
    )
    jobs.update_job(context.sessions, gone.id, {"status_id": lost, "lost_reason": "Chose a cheaper quote"})
    jobs.create_lead(
        context.sessions, NewJob(title="Deck", value=Decimal("50"), stage_id=stages["Site visit"])
    )
    return stages


@pytest.fixture
def page(qtbot, context, business):
    widget = DashboardPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    with qtbot.waitSignals([widget.loaded, widget.assignees_loaded], timeout=10_000):
        widget.load()
    return widget


def test_tiles_show_the_figures(page: DashboardPage) -> None:
    assert "$2,050.50" in page.tiles["Open pipeline"].text()  # the lost fence is left out
    assert "3 open leads" in page.tiles["Open pipeline"].text()
    assert page.tiles["Conversion"].text().startswith("0.0 %\n0 of 4 leads")
    assert page.tiles["Won / lost"].text() == "0 won\n1 lost"
    assert "Charts show AUD." in page.status.text()


def test_six_charts_with_accessible_names(page: DashboardPage) -> None:
    views = page.content.findChildren(QChartView)
    assert sorted(view.accessibleName() for view in views) == [
        "Lead pipeline by stage (AUD)",
        "Leads by assignee",
        "Leads by source",
        "Weighted forecast by close month (AUD)",
        "Why leads were lost",
        "Won and lost (leads created in the period)",
    ]
    pie = next(v for v in views if v.accessibleName() == "Why leads were lost")
    (series,) = pie.chart().series()
    assert [(s.label(), s.value()) for s in series.slices()] == [("Chose a cheaper quote", 1.0)]


def test_a_stage_bar_opens_its_table_with_exactly_those_jobs(
    qtbot, page: DashboardPage, business, context
) -> None:
    view = next(
        v for v in page.content.findChildren(QChartView) if v.accessibleName().startswith("Lead pipeline")
    )
    (series,) = [s for s in view.chart().series() if isinstance(s, QHorizontalBarSeries)]
    (bars,) = series.barSets()
    assert isinstance(bars, QBarSet)
    categories = view.chart().axes()[0].categories()
    quoting = categories.index("Quoting")
    assert bars.at(quoting) == pytest.approx(2000.50)  # in AUD, not scaled below 10,000
    with qtbot.waitSignal(page.drill_down) as signal:
        bars.clicked.emit(quoting)
    pipeline, query = signal.args
    assert pipeline == "leads"
    assert query.figure.stage == business["Quoting"]
    assert query.figure.label == "Open leads in Quoting (pipeline now)"
    assert count_jobs(context.sessions, query) == 2  # Kitchen and Bathroom, not the lost fence


def test_the_period_is_remembered_and_custom_dates_refresh(qtbot, page: DashboardPage, context) -> None:
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.period_box.setCurrentIndex(page.period_box.findData("month"))
    assert context.settings.value("dashboard/period") == "month"
    again = DashboardPage(context)
    qtbot.addWidget(again)
    assert again.period_box.currentData() == "month"
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.period_box.setCurrentIndex(page.period_box.findData("custom"))
    assert page.from_edit.isVisible() and page.to_edit.isVisible()
    assert page.from_edit.calendarPopup()


def test_a_period_that_ends_before_it_starts_is_said_not_read(qtbot, page: DashboardPage) -> None:
    from datetime import date

    page.set_period("custom", date(2026, 3, 1), date(2026, 2, 1))
    assert "before it starts" in page.status.text()


def test_export_as_png_and_pdf(page: DashboardPage, tmp_path: Path) -> None:
    from PIL import Image

    assert page.export(tmp_path / "d.png")
    with Image.open(tmp_path / "d.png") as image:
        assert image.size[0] >= 1000
    assert page.export(tmp_path / "d.pdf")
    data = (tmp_path / "d.pdf").read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(tmp_path / "d.pdf")], capture_output=True, text=True).stdout
        fields = {
            key.strip(): value.strip()
            for key, _, value in (line.partition(":") for line in info.splitlines())
        }
        assert fields["Pages"] == "1"
        assert fields["Page size"].startswith("842 x 595")  # A4 landscape


def test_charts_follow_the_palette_live(qtbot, page: DashboardPage) -> None:
    """Light to dark and back, for the page's palette and the application's: each chart's
    background, title and axis labels take the new colours without a refresh."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    def colours(view: QChartView) -> tuple[str, str, str]:
        chart = view.chart()
        axis = chart.axes()[0] if chart.axes() else None
        labels = axis.labelsColor().name() if axis is not None else ""
        return chart.backgroundBrush().color().name(), chart.titleBrush().color().name(), labels

    views = page.content.findChildren(QChartView)
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#2b2c30"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: all(colours(v)[:2] == ("#2b2c30", "#e8eaed") for v in views))
        assert all(colours(v)[2] in ("", "#e8eaed") for v in views)
    finally:
        app.setPalette(before)
    light = before.color(QPalette.ColorRole.Base).name()
    qtbot.waitUntil(lambda: all(colours(v)[0] == light for v in views))
    page.setPalette(dark)  # a palette set on the page reaches its charts too
    qtbot.waitUntil(lambda: all(colours(v)[0] == "#2b2c30" for v in views))
