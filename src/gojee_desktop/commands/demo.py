"""`gojee demo`: realistic sample data, fast enough for a million jobs."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from gojee_desktop.commands.common import CliError, Context
from gojee_desktop.services.demo.generate import DemoProgress
from gojee_desktop.services.demo.sample_data import DEFAULT_BOMS, load_sample_data


def cmd_demo(context: Context, args: argparse.Namespace) -> int:
    if args.leads < 0 or args.jobs < 0:
        raise CliError("--leads and --jobs cannot be negative.")
    if args.boms is not None and args.boms < 0:
        raise CliError("--boms cannot be negative.")
    started = time.perf_counter()

    def progress(state: DemoProgress) -> None:
        if not args.quiet and sys.stderr.isatty():
            line = f"{state.step}: {state.done:,} of {state.total:,}"
            print(f"\r{line:<50}", end="", file=sys.stderr, flush=True)

    made = load_sample_data(
        context.database, args.leads, args.jobs, boms=args.boms, seed=args.seed, progress=progress
    )
    if not args.quiet and sys.stderr.isatty():
        print(file=sys.stderr)
    elapsed = time.perf_counter() - started
    jobs, quotes = made.jobs, made.quotes
    print(
        f"Added {jobs.leads:,} leads and {jobs.jobs:,} customer jobs "
        f"({jobs.people:,} people, {jobs.organizations:,} organisations), "
        f"{quotes.boms:,} BOMs and {quotes.quotes:,} quotes in {elapsed:.1f} s."
    )
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("demo", help="add realistic sample data")
    parser.add_argument("--leads", type=int, default=400)
    parser.add_argument("--jobs", type=int, default=150)
    parser.add_argument("--seed", type=int, default=42, help="same seed, same data")
    parser.add_argument("--boms", type=int, help=f"jobs that get a BOM and quote (default {DEFAULT_BOMS})")
    parser.add_argument("--quiet", action="store_true")
    parser.set_defaults(handler=cmd_demo)
