"""`gojee report`: the dashboard's figures as text or JSON, from the same service as the page."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from gojee_desktop.commands.common import CliError, Context, parse_date, print_json
from gojee_desktop.money import format_money
from gojee_desktop.services.reports import (
    PERIOD_NAMES,
    DashboardFigures,
    GroupFigure,
    Period,
    assignee_figures,
    dashboard_figures,
    named_period,
)


def _period(args: argparse.Namespace) -> Period:
    if args.date_from or args.date_to:
        if not (args.date_from and args.date_to):
            raise CliError("give both --from and --to (YYYY-MM-DD), or neither.")
        if args.period:
            raise CliError("give either --period or --from/--to, not both.")
        return Period(parse_date(args.date_from, "--from"), parse_date(args.date_to, "--to"))
    return named_period(args.period or "last12", date.today())


def _group_rows(rows: list[GroupFigure], name_key: str) -> list[dict[str, Any]]:
    return [
        {
            name_key: r.name,
            "count": r.count,
            "converted": r.converted,
            "value": r.value,
            "currency": r.currency,
        }
        for r in rows
    ]


def report_json(figures: DashboardFigures, assignees: list[GroupFigure]) -> dict[str, Any]:
    """The JSON document; `print_json` writes the Decimals as decimal strings."""
    conversion = figures.conversion
    return {
        "period": {"from": figures.period.start, "to": figures.period.end},
        "pipeline": [
            {
                "pipeline": s.pipeline,
                "stage": s.stage,
                "count": s.count,
                "value": s.value,
                "currency": s.currency,
            }
            for s in figures.pipeline
        ],
        "forecast": [
            {"month": m.month, "currency": m.currency, "weighted_value": m.weighted_value}
            for m in figures.forecast
        ],
        "conversion": {
            "created": conversion.created,
            "converted": conversion.converted,
            "rate": conversion.rate,
            "median_days": conversion.median_days,
        },
        "won_lost": {
            "won": figures.won_lost.won,
            "lost": figures.won_lost.lost,
            "reasons": figures.won_lost.reasons,
        },
        "by_source": _group_rows(figures.by_source, "source"),
        "by_assignee": _group_rows(assignees, "assignee"),
    }


def _print_text(figures: DashboardFigures, assignees: list[GroupFigure]) -> None:
    print(f"Report for {figures.period.label()}")
    print("\nPipeline now (open jobs per stage)")
    for f in figures.pipeline:
        print(f"  {f.pipeline:<6} {f.stage:<24} {f.count:>8}  {format_money(f.value, f.currency, True):>20}")
    print("\nForecast (value × win probability, by expected close month)")
    for g in figures.forecast:
        print(f"  {g.month}  {format_money(g.weighted_value, g.currency, True):>20}")
    c = figures.conversion
    median = f"{c.median_days} days" if c.median_days is not None else "–"
    print(f"\nLeads created {c.created}, converted {c.converted} ({c.rate * 100:.1f} %), median {median}")
    print(f"Won {figures.won_lost.won}, lost {figures.won_lost.lost}")
    for reason, count in figures.won_lost.reasons.items():
        print(f"  {count:>6}  {reason}")
    for title, rows in (("By source", figures.by_source), ("By assignee", assignees)):
        print(f"\n{title}")
        for r in rows:
            money = format_money(r.value, r.currency, True)
            print(f"  {r.name:<24} {r.count:>7} leads {r.converted:>6} won  {money}")


def cmd_report(context: Context, args: argparse.Namespace) -> int:
    period = _period(args)
    figures = dashboard_figures(context.sessions, period)
    assignees = assignee_figures(context.sessions, period)
    if args.json:
        print_json(report_json(figures, assignees))
    else:
        _print_text(figures, assignees)
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("report", help="pipeline, forecast, conversion, won/lost, by source")
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day of the period")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day of the period")
    parser.add_argument(
        "--period",
        choices=list(PERIOD_NAMES),
        help="a named period instead (default: last12, the last 12 months)",
    )
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=cmd_report)
