"""`gojee report`: the same figures as the dashboard, as JSON with decimal strings, and clear
one-line errors for a bad period."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from cli_helpers import Gojee

from gojee_desktop.models import Job
from gojee_desktop.services import conversion, jobs, pipelines
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.store.database import Database


@pytest.fixture
def gojee(db: Database, capsys: pytest.CaptureFixture[str]) -> Gojee:
    return Gojee(db, capsys, [Job])


def test_report_json_has_every_figure_with_amounts_as_decimal_strings(db: Database, gojee: Gojee) -> None:
    stage = next(s.id for s in pipelines.list_stages(db.sessions, "leads") if s.name == "Quote sent")  # 60 %
    today = date.today()
    close = today.replace(day=1) + timedelta(days=40)
    jobs.create_lead(
        db.sessions, NewJob(title="Open", value=Decimal("1234.50"), stage_id=stage, expected_close=close)
    )
    won = jobs.create_lead(db.sessions, NewJob(title="Won", value=Decimal("99.99"))).summary.id
    conversion.convert_lead(db.sessions, won)
    report = gojee.json(
        "report", "--from", (today - timedelta(days=30)).isoformat(), "--to", close.isoformat()
    )
    assert set(report) >= {"pipeline", "forecast", "conversion", "won_lost", "by_source"}
    quote_sent = next(row for row in report["pipeline"] if row["stage"] == "Quote sent")
    assert quote_sent == {
        "pipeline": "leads",
        "stage": "Quote sent",
        "count": 1,
        "value": "1234.50",
        "currency": "AUD",
    }
    assert report["forecast"] == [
        {"month": close.strftime("%Y-%m"), "currency": "AUD", "weighted_value": "740.70"}  # 1234.50 × 60 %
    ]
    assert report["conversion"]["created"] == 2
    assert report["conversion"]["converted"] == 1
    assert report["conversion"]["rate"] == "0.5000"
    assert report["won_lost"] == {"won": 1, "lost": 0, "reasons": {}}
    assert report["by_source"] == [
        {"source": "No source", "count": 2, "converted": 1, "value": "1334.49", "currency": "AUD"}
    ]


def test_report_text_names_the_period_and_the_figures(db: Database, gojee: Gojee) -> None:
    jobs.create_lead(db.sessions, NewJob(title="Open", value=Decimal("10")))
    code, out, err = gojee("report", "--period", "month")
    assert code == 0, err
    first = date.today().replace(day=1).isoformat()
    assert out.startswith(f"Report for {first} – ")
    assert "Leads created 1, converted 0 (0.0 %)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "2026-02-30", "--to", "2026-03-01"],
            "--from: '2026-02-30' is not a date; use YYYY-MM-DD.",
        ),
        (["--from", "2026-03-01"], "give both --from and --to"),
        (["--from", "2026-03-01", "--to", "2026-02-01"], "The period ends (2026-02-01) before it starts"),
        (
            ["--period", "month", "--from", "2026-01-01", "--to", "2026-01-31"],
            "either --period or --from/--to",
        ),
    ],
)
def test_a_bad_period_is_one_clear_line(gojee: Gojee, args: list[str], message: str) -> None:
    code, out, err = gojee("report", *args)
    assert code == 1
    assert out == ""
    assert err.startswith("gojee: ") and message in err
    assert len(err.strip().splitlines()) == 1


def test_report_on_an_empty_database(gojee: Gojee) -> None:
    report = gojee.json("report")
    assert report["conversion"] == {"created": 0, "converted": 0, "rate": "0.0000", "median_days": None}
    assert report["forecast"] == [] and report["by_source"] == []
    assert datetime.fromisoformat(report["period"]["to"]).date() >= date.today()
