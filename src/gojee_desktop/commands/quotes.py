"""`gojee quote ...`: create, revise, set status, compare, list and render quotes to PDF."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from gojee_desktop.commands.bom import totals_json
from gojee_desktop.commands.common import CliError, Context, parse_id, print_json
from gojee_desktop.documents.quote_pdf import quote_pdf_bytes
from gojee_desktop.money import format_money
from gojee_desktop.services import quotes
from gojee_desktop.services.company import get_company
from gojee_desktop.services.quote_compare import compare_quotes


def summary_json(summary: quotes.QuoteSummary) -> dict[str, Any]:
    return {
        "number": summary.number,
        "job_id": summary.job_id,
        "revision": summary.revision,
        "status": summary.status,
        "issue_date": summary.issue_date,
        "valid_until": summary.valid_until,
        "currency": summary.currency,
        "grand_total": summary.grand_total,
        "latest": summary.latest,
        "read_only": summary.read_only,
    }


def detail_json(detail: quotes.QuoteDetail) -> dict[str, Any]:
    return {
        **summary_json(detail.summary),
        "job_number": detail.job_number,
        "customer": detail.customer,
        "site": detail.site,
        "intro": detail.intro,
        "terms": detail.terms,
        "hide_unit_prices": detail.hide_unit_prices,
        "sections": [
            {
                "name": s.name,
                "subtotal": s.subtotal,
                "lines": [{**x.data.as_dict(), "line_total": x.amounts.net} for x in s.lines],
            }
            for s in detail.sections
        ],
        "totals": totals_json(detail.totals),
    }


def _report(detail: quotes.QuoteDetail, args: argparse.Namespace, verb: str) -> int:
    if args.json:
        print_json(detail_json(detail))
    else:
        total = format_money(detail.totals.grand_total, detail.summary.currency)
        print(f"{verb} {detail.number} ({detail.summary.status}), total {total}.")
    return 0


def cmd_create(context: Context, args: argparse.Namespace) -> int:
    detail = quotes.create_quote(
        context.sessions, parse_id(args.job_id, "job id"), valid_days=args.valid_days
    )
    return _report(detail, args, "Created")


def cmd_revise(context: Context, args: argparse.Namespace) -> int:
    return _report(
        quotes.revise_quote(context.sessions, args.number, valid_days=args.valid_days), args, "Created"
    )


def cmd_set_status(context: Context, args: argparse.Namespace) -> int:
    return _report(quotes.set_quote_status(context.sessions, args.number, args.status), args, "Quote")


def cmd_show(context: Context, args: argparse.Namespace) -> int:
    return _report(quotes.get_quote(context.sessions, args.number), args, "Quote")


def cmd_list(context: Context, args: argparse.Namespace) -> int:
    summaries = quotes.list_quotes(context.sessions, parse_id(args.job_id, "job id"))
    if args.json:
        print_json([summary_json(s) for s in summaries])
    for s in [] if args.json else summaries:
        print(
            f"{s.number}  {s.status:<9} {s.issue_date}  valid until {s.valid_until}  "
            f"{format_money(s.grand_total, s.currency):>14}"
        )
    return 0


def cmd_compare(context: Context, args: argparse.Namespace) -> int:
    changes = compare_quotes(context.sessions, args.old, args.new)
    if args.json:
        print_json(
            [
                {
                    "change": c.change,
                    "section": c.section,
                    "description": c.description,
                    "fields": [{"field": f, "old": o, "new": n} for f, o, n in c.fields],
                }
                for c in changes
            ]
        )
        return 0
    for c in changes:
        detail = "; ".join(f"{f}: {o} -> {n}" for f, o, n in c.fields)
        print(f"{c.change:<8} {c.section} / {c.description}" + (f"  ({detail})" if detail else ""))
    if not changes:
        print("No differences in the lines.")
    return 0


def cmd_pdf(context: Context, args: argparse.Namespace) -> int:
    if args.revision is not None and args.revision < 1:
        raise CliError("--revision must be 1 or more.")
    detail = quotes.quote_of_job(context.sessions, parse_id(args.job_id, "job id"), args.revision)
    data = quote_pdf_bytes(detail, get_company(context.sessions))
    target = Path(args.out)
    if not target.parent.is_dir():
        raise CliError(f"cannot write {target}: the folder {target.parent} does not exist.")
    # Write beside the target and rename, so a failure never leaves half a file.
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CliError(f"cannot write {target}: {exc.strerror}.") from exc
    print(f"Wrote {detail.number} to {target}.")
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("quote", help="quotes: numbered snapshots of a job's BOM")
    group = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    group.required = True
    create = group.add_parser("create", help="the job's first quote, from its BOM")
    create.add_argument("job_id", metavar="JOB_ID")
    create.add_argument("--valid-days", type=int, help="days the quote is valid (default: the setting)")
    create.add_argument("--json", action="store_true")
    create.set_defaults(handler=cmd_create)
    revise = group.add_parser("revise", help="the next revision, from the BOM as it is now")
    revise.add_argument("number", metavar="QUOTE_NUMBER", help="e.g. Q-000042-1")
    revise.add_argument("--valid-days", type=int)
    revise.add_argument("--json", action="store_true")
    revise.set_defaults(handler=cmd_revise)
    status = group.add_parser("set-status", help="mark a quote sent, accepted or declined")
    status.add_argument("number", metavar="QUOTE_NUMBER")
    status.add_argument("status", choices=["sent", "accepted", "declined"])
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_set_status)
    show = group.add_parser("show", help="one quote with its lines and totals")
    show.add_argument("number", metavar="QUOTE_NUMBER")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)
    listing = group.add_parser("list", help="a job's quotes, newest first")
    listing.add_argument("job_id", metavar="JOB_ID")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)
    compare = group.add_parser("compare", help="lines added, removed and changed between two revisions")
    compare.add_argument("old", metavar="OLD_NUMBER")
    compare.add_argument("new", metavar="NEW_NUMBER")
    compare.add_argument("--json", action="store_true")
    compare.set_defaults(handler=cmd_compare)
    pdf = group.add_parser("pdf", help="render a job's quote to PDF")
    pdf.add_argument("job_id", metavar="JOB_ID")
    pdf.add_argument("out", metavar="OUT.pdf")
    pdf.add_argument("--revision", type=int, help="revision number (default: the newest)")
    pdf.set_defaults(handler=cmd_pdf)
