"""Figures about the business (the dashboard and `gojee report`): each one a SQL aggregate,
returned as plain data. Callers use `dashboard_figures(sessions, period)` with a `Period`
(`named_period("quarter", today)` or custom dates)."""

from gojee_desktop.services.reports.figures import (
    Conversion,
    DashboardFigures,
    ForecastFigure,
    GroupFigure,
    StageFigure,
    WonLost,
    assignee_figures,
    dashboard_figures,
)
from gojee_desktop.services.reports.period import PERIOD_NAMES, Period, named_period

__all__ = [
    "PERIOD_NAMES",
    "Conversion",
    "DashboardFigures",
    "ForecastFigure",
    "GroupFigure",
    "Period",
    "StageFigure",
    "WonLost",
    "assignee_figures",
    "dashboard_figures",
    "named_period",
]
