"""`gojee merge people|organizations ID_KEEP ID_GONE`: two records become one."""

from __future__ import annotations

import argparse
from typing import Any

from gojee_desktop.commands.common import CliError, Context, print_json
from gojee_desktop.services.capture.merge import GONE, KEEP, merge


def _id(text: str) -> int:
    if not text.strip().isdigit():
        raise CliError(f"'{text}' is not an id: give a number such as 42.")
    return int(text)


def cmd_merge(context: Context, args: argparse.Namespace) -> int:
    result = merge(
        context.sessions,
        args.kind,
        _id(args.keep),
        _id(args.gone),
        name_from=args.name,
        organization_from=args.organization,
    )
    document = {
        "kept": result.kept_id,
        "name": result.name,
        "removed": result.undo.gone_id,
        "moved_jobs": result.moved_jobs,
        "moved_people": result.moved_people,
        "moved_details": len(result.undo.moved_detail_ids),
    }
    if args.json:
        print_json(document)
    else:
        print(
            f"{result.undo.gone_name} ({result.undo.gone_id}) merged into {result.name} ({result.kept_id}): "
            f"{result.moved_jobs} jobs, {len(result.undo.moved_detail_ids)} contact details"
            + (f", {result.moved_people} people" if args.kind == "organizations" else "")
            + " moved."
        )
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "merge",
        help="merge two people or two organisations into one",
        description="The first keeps its id; the second's jobs, emails, phones and addresses (and an "
        "organisation's people) move to it, and it is removed. Each moved job records it in its history.",
    )
    parser.add_argument("kind", choices=("people", "organizations"))
    parser.add_argument("keep", metavar="ID_KEEP")
    parser.add_argument("gone", metavar="ID_GONE")
    parser.add_argument("--name", choices=(KEEP, GONE), default=KEEP, help="whose name the survivor takes")
    parser.add_argument(
        "--organization", choices=(KEEP, GONE), default=KEEP, help="whose organisation a person keeps"
    )
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=cmd_merge)
