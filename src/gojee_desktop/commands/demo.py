"""`gojee demo`: realistic sample data, fast enough for a million jobs."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from gojee_desktop.commands.common import CliError, Context
from gojee_desktop.services.demo import generate_demo
from gojee_desktop.services.demo_quotes import ensure_demo_company, generate_demo_quotes

DEFAULT_BOMS = 300


def cmd_demo(context: Context, args: argparse.Namespace) -> int:
    if args.leads < 0 or args.jobs < 0:
        raise CliError("--leads and --jobs cannot be negative.")
    if args.boms is not None and args.boms < 0:
        raise CliError("--boms cannot be negative.")
    total = args.leads + args.jobs
    started = time.perf_counter()

    def progress(done: int) -> None:
        if not args.quiet and sys.stderr.isatty():
            print(f"\r{done:,} of {total:,} jobs", end="", file=sys.stderr, flush=True)

    result = generate_demo(context.database, args.leads, args.jobs, seed=args.seed, progress=progress)
    if not args.quiet and sys.stderr.isatty():
        print(file=sys.stderr)
    boms = min(total, DEFAULT_BOMS) if args.boms is None else args.boms
    extra = generate_demo_quotes(context.database, boms, seed=args.seed)
    if extra.quotes:
        ensure_demo_company(context.database.sessions)
    elapsed = time.perf_counter() - started
    print(
        f"Added {result.leads:,} leads and {result.jobs:,} customer jobs "
        f"({result.people:,} people, {result.organizations:,} organisations), "
        f"{extra.boms:,} BOMs and {extra.quotes:,} quotes in {elapsed:.1f} s."
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
