"""Every bar and slice of the dashboard opens the Leads or Customer Jobs table listing
exactly the jobs it counts: as many rows as the figure clicked, a chip saying which jobs
they are, and removing the chip brings the usual list back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCharts import QAbstractBarSeries, QChartView, QPieSeries

from gojee_desktop.services import catalog, conversion, jobs, pipelines
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.main_window import MainWindow
from gojee_desktop.ui.pages.dashboard import DashboardPage


@pytest.fixture
def window(qtbot, sqlite_db):
    context = AppContext.create(sqlite_db)
    sessions = context.sessions
    stages = {s.name: s.id for s in pipelines.list_stages(sessions, "leads")}
    sources = {s.name: s.id for s in catalog.list_items(sessions, "source_channel")}
    me = next(u.id for u in catalog.list_items(sessions, "user") if u.name == "Me")
    lost = next(s.id for s in catalog.list_statuses(sessions) if s.key == "lost")
    today = date.today()

    def lead(title: str, value: str, **fields: object) -> int:
        data = NewJob(title=title, value=Decimal(value), **fields)  # type: ignore[arg-type]
        return jobs.create_lead(sessions, data).summary.id

    lead(
        "Kitchen",
        "1200",
        stage_id=stages["Quoting"],
        source_channel_id=sources["Referral"],
        assignee_ids=[me],
        expected_close=today,
    )
    lead(
        "Bathroom",
        "800.50",
        stage_id=stages["Quoting"],
        source_channel_id=sources["Website"],
        expected_close=today,
    )
    lead("Pergola", "99", currency="NZD", expected_close=today)  # another currency: not charted
    for title, reason in (
        ("Fence", "Chose a cheaper quote"),
        ("Shed", "Chose a cheaper quote"),
        ("Deck", ""),
    ):
        gone = lead(title, "300", source_channel_id=sources["Website"], expected_close=today)
        jobs.update_job(sessions, gone, {"status_id": lost, "lost_reason": reason})
    for title in ("Roof", "Gutters"):
        won = lead(title, "5000", source_channel_id=sources["Referral"], assignee_ids=[me])
        conversion.convert_lead(sessions, won)
    jobs.archive_job(sessions, won)  # archived, still counted among the period's leads
    jobs.archive_job(sessions, lead("Paint", "90"))
    jobs.create_customer_job(sessions, NewJob(title="Office", value=Decimal("999")))  # never a lead
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.resize(1300, 900)
    main.show()
    main.show_page("dashboard")
    page = main.dashboard
    assert page is not None
    qtbot.waitUntil(
        lambda: page.figures is not None and len(page.content.findChildren(QChartView)) == 6, timeout=10_000
    )
    return main


def _expected_counts(page: DashboardPage, title: str) -> dict[tuple[str, str], int] | None:
    """Money charts: how many jobs each bar weighs (a bar's height is money, not jobs)."""
    figures = page.figures
    assert figures is not None
    if title.startswith("Lead pipeline"):
        return {
            ("AUD", f.stage): f.count
            for f in figures.pipeline
            if f.pipeline == "leads" and f.currency == "AUD"
        }
    if title.startswith("Weighted forecast"):
        return {("AUD", f.month): f.count for f in figures.forecast if f.currency == "AUD"}
    return None


def _shown(qtbot, window: MainWindow, expected: int) -> None:
    page = window.current_page()
    qtbot.waitUntil(lambda: page.row_count() == expected, timeout=5_000)
    chip = page.filters.figure_chip
    assert chip.isVisible() or page.query().figure is None


def _clicks(window: MainWindow):
    """(chart title, what was clicked, figure, click) for every bar and slice with jobs."""
    page = window.dashboard
    for view in page.content.findChildren(QChartView):
        title = view.accessibleName()
        counts = _expected_counts(page, title)
        for series in view.chart().series():
            if isinstance(series, QPieSeries):
                for piece in series.slices():
                    yield title, piece.label(), int(piece.value()), piece.clicked.emit
            elif isinstance(series, QAbstractBarSeries):
                axis = next(a for a in view.chart().axes() if hasattr(a, "categories"))
                for bars in series.barSets():
                    for index in range(bars.count()):
                        name = axis.categories()[index]
                        figure = int(bars.at(index)) if counts is None else counts[("AUD", name)]
                        if figure:
                            yield (
                                title,
                                f"{bars.label()} {name}",
                                figure,
                                lambda i=index, b=bars: b.clicked.emit(i),
                            )


def test_every_bar_and_slice_lists_exactly_its_jobs(qtbot, window: MainWindow) -> None:
    seen: list[str] = []
    for title, what, figure, click in list(_clicks(window)):
        window.show_page("dashboard")
        click()
        page = window.current_page()
        assert page is not window.dashboard, (title, what)
        qtbot.waitUntil(lambda page=page, figure=figure: page.row_count() == figure, timeout=5_000)
        chip = page.filters.figure_chip
        assert chip.isVisible() and chip.text().startswith("Dashboard: "), (title, what)
        seen.append(f"{title} / {what} = {figure}")
    titles = {entry.split(" / ")[0] for entry in seen}
    assert titles == {
        "Lead pipeline by stage (AUD)",
        "Weighted forecast by close month (AUD)",
        "Leads by source",
        "Why leads were lost",
        "Won and lost (leads created in the period)",
        "Leads by assignee",
    }, seen
    assert "Why leads were lost / Chose a cheaper quote = 2" in seen
    assert "Won and lost (leads created in the period) / Leads Won (converted) = 2" in seen
    assert "Leads by source / Converted Referral = 2" in seen
    assert "Leads by assignee / Converted Me = 2" in seen


def test_removing_the_chip_brings_the_usual_list_back(qtbot, window: MainWindow) -> None:
    lost = next(c for c in _clicks(window) if c[0] == "Why leads were lost" and c[1] == "No reason given")
    lost[3]()
    page = window.current_page()
    qtbot.waitUntil(lambda: page.row_count() == 1, timeout=5_000)
    chip = page.filters.figure_chip
    assert "lost: No reason given" in chip.toolTip()
    chip.click()
    assert not chip.isVisible()
    assert page.query().figure is None and page.query().archived is False
    qtbot.waitUntil(lambda: page.row_count() == 6, timeout=5_000)  # every active lead
