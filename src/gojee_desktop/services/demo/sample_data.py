"""A whole sample business in one call: leads and jobs with customers, some BOMs and quotes,
a starter price book and a letterhead. Shared by `gojee demo` and the first-run offer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gojee_desktop.services.demo.generate import DemoProgress, DemoResult, generate_demo
from gojee_desktop.services.demo.quotes import DemoQuotesResult, ensure_demo_company, generate_demo_quotes
from gojee_desktop.services.errors import ValidationError
from gojee_desktop.store.database import Database

DEFAULT_BOMS = 300


@dataclass(frozen=True)
class SampleData:
    jobs: DemoResult
    quotes: DemoQuotesResult


def load_sample_data(
    database: Database,
    leads: int,
    jobs: int,
    *,
    boms: int | None = None,
    seed: int = 42,
    progress: Callable[[DemoProgress], None] | None = None,
) -> SampleData:
    """Add the jobs, then BOMs (and most of them a quote) for `boms` of them (default: up to
    300), then a sample letterhead if the business has none yet."""
    if leads < 0 or jobs < 0:
        raise ValidationError("The number of leads and jobs cannot be negative.")
    if boms is not None and boms < 0:
        raise ValidationError("The number of BOMs cannot be negative.")
    made = generate_demo(database, leads, jobs, seed=seed, progress=progress)
    wanted = min(leads + jobs, DEFAULT_BOMS) if boms is None else boms
    quotes = generate_demo_quotes(database, wanted, seed=seed)
    if quotes.quotes:
        ensure_demo_company(database.sessions)
    return SampleData(jobs=made, quotes=quotes)
