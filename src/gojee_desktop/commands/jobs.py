"""`gojee lead ...` and `gojee job ...`: capture, list, show, convert, archive, delete."""

from __future__ import annotations

import argparse
from typing import Any

from gojee_desktop.commands.common import CliError, Context, parse_date, parse_decimal, parse_id, print_json
from gojee_desktop.models import LIFECYCLE_CUSTOMER_JOB, LIFECYCLE_LEAD
from gojee_desktop.money import format_money
from gojee_desktop.services import jobs
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.conversion import StageChoice, convert_lead
from gojee_desktop.services.dto import JobDetail, JobSummary
from gojee_desktop.services.job_query import JobQuery, list_jobs
from gojee_desktop.services.lookups import (
    label_by_name,
    pipeline_key_for,
    source_channel_by_name,
    stage_by_name,
    status_by_name,
    user_by_name,
)
from gojee_desktop.services.uow import read_only

LIST_LIMIT = 50


def summary_json(job: JobSummary) -> dict[str, Any]:
    """A job as the JSON object `--json` prints (value as a decimal string)."""
    return {
        "id": job.id,
        "number": job.number,
        "title": job.title,
        "lifecycle": job.lifecycle,
        "status": job.status,
        "stage": job.stage,
        "value": job.value,
        "currency": job.currency,
        "archived": job.archived,
        "customer": job.customer,
        "organization": job.organization,
        "source_channel": job.source_channel,
        "expected_close": job.expected_close,
        "labels": list(job.labels),
        "assignees": list(job.assignees),
        "created_at": job.created_at,
        "updated_at": job.updated_at,
        "version": job.version,
    }


def detail_json(detail: JobDetail) -> dict[str, Any]:
    document = summary_json(detail.summary)
    document.update(
        site_address=detail.site_address,
        lost_reason=detail.lost_reason,
        archived_at=detail.archived_at,
        converted_at=detail.converted_at,
        custom_fields=detail.custom_fields,
        contacts=[
            {"kind": d.kind, "value": d.value}
            for owner in (detail.person, detail.organization)
            if owner is not None
            for d in owner.details
        ],
        history=[
            {"at": h.at, "actor": h.actor, "field": h.field, "old": h.old_value, "new": h.new_value}
            for h in detail.history
        ],
    )
    return document


def _print_detail(detail: JobDetail) -> None:
    s = detail.summary
    kind = "Lead" if s.lifecycle == LIFECYCLE_LEAD else "Customer job"
    rows = [
        ("Number", s.number),
        ("Kind", kind + (" (archived)" if s.archived else "")),
        ("Title", s.title),
        ("Value", format_money(s.value, s.currency, with_code=True)),
        ("Status", s.status or "-"),
        ("Stage", s.stage or "-"),
        ("Customer", s.customer or "-"),
        ("Organisation", s.organization or "-"),
        ("Source", s.source_channel or "-"),
        ("Expected close", s.expected_close.isoformat() if s.expected_close else "-"),
        ("Site address", detail.site_address or "-"),
        ("Labels", ", ".join(s.labels) or "-"),
        ("Assignees", ", ".join(s.assignees) or "-"),
    ]
    if detail.lost_reason:
        rows.append(("Lost reason", detail.lost_reason))
    for owner in (detail.person, detail.organization):
        for d in owner.details if owner else ():
            rows.append((d.kind.capitalize(), d.value))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print("\nHistory:")
    for h in detail.history:
        change = h.new_value if not h.old_value else f"{h.old_value} -> {h.new_value}"
        print(f"  {h.at:%Y-%m-%d %H:%M}  {h.actor:<10}  {h.field}: {change}")


def _print_table(rows: list[JobSummary], total: int) -> None:
    if not rows:
        print("No jobs match.")
        return
    columns = [
        ("Number", [r.number for r in rows]),
        ("Title", [r.title[:40] for r in rows]),
        ("Customer", [(r.customer or r.organization or "")[:24] for r in rows]),
        ("Stage", [r.stage or "" for r in rows]),
        ("Status", [r.status or "" for r in rows]),
        ("Value", [format_money(r.value, r.currency) for r in rows]),
    ]
    widths = [max(len(name), *(len(v) for v in values)) for name, values in columns]
    print("  ".join(f"{name:<{w}}" for (name, _), w in zip(columns, widths, strict=True)).rstrip())
    for i in range(len(rows)):
        cells = []
        for (name, values), w in zip(columns, widths, strict=True):
            cells.append(f"{values[i]:>{w}}" if name == "Value" else f"{values[i]:<{w}}")
        print("  ".join(cells).rstrip())
    if total > len(rows):
        print(f"... {len(rows)} of {total} shown (use --limit)")


def _new_job(context: Context, args: argparse.Namespace, lifecycle: str) -> jobs.NewJob:
    value = parse_decimal(args.value, "--value") if args.value is not None else parse_decimal("0", "--value")
    with read_only(context.sessions) as session:
        pipeline = pipeline_key_for(lifecycle)
        stage_id = stage_by_name(session, pipeline, args.stage).id if args.stage else None
        status_id = status_by_name(session, args.status).id if args.status else None
        source_id = source_channel_by_name(session, args.source).id if args.source else None
        assignee_ids = [user_by_name(session, name).id for name in args.assignee or []]
    customer = None
    if args.customer or args.organization or args.email or args.phone:
        customer = CustomerInput(
            person_name=args.customer or "",
            organization_name=args.organization or "",
            email=args.email or "",
            phone=args.phone or "",
        )
    return jobs.NewJob(
        title=args.title,
        value=value,
        currency=args.currency,
        expected_close=parse_date(args.close, "--close") if args.close else None,
        source_channel_id=source_id,
        status_id=status_id,
        stage_id=stage_id,
        no_stage=bool(args.no_stage),
        customer=customer,
        site_address=args.site or "",
        label_names=list(args.label or []),
        assignee_ids=assignee_ids,
    )


def cmd_add(context: Context, args: argparse.Namespace) -> int:
    lifecycle = args.lifecycle
    data = _new_job(context, args, lifecycle)
    if not data.title.strip():
        raise CliError("--title cannot be empty: a job needs a title.")
    creator = jobs.create_lead if lifecycle == LIFECYCLE_LEAD else jobs.create_customer_job
    detail = creator(context.sessions, data)
    if args.json:
        print_json(detail_json(detail))
    else:
        print(f"Created {detail.summary.number}: {detail.summary.title}")
    return 0


def cmd_list(context: Context, args: argparse.Namespace) -> int:
    lifecycle = args.lifecycle
    if args.limit < 1:
        raise CliError("--limit must be at least 1.")
    with read_only(context.sessions) as session:
        pipeline = pipeline_key_for(lifecycle)
        stage_ids = tuple(stage_by_name(session, pipeline, s).id for s in args.stage or [])
        status_ids = tuple(status_by_name(session, s).id for s in args.status or [])
        label_ids = tuple(label_by_name(session, s).id for s in args.label or [])
    query = JobQuery(
        lifecycle=lifecycle,
        text=args.search or "",
        stage_ids=stage_ids,
        status_ids=status_ids,
        label_ids=label_ids,
        archived=bool(args.archived),
        sort=args.sort,
        descending=args.desc,
    )
    page = list_jobs(context.sessions, query, limit=args.limit)
    if args.json:
        print_json([summary_json(row) for row in page.rows])
    else:
        _print_table(page.rows, page.total)
    return 0


def cmd_show(context: Context, args: argparse.Namespace) -> int:
    detail = jobs.get_job(context.sessions, parse_id(args.id, "job id"))
    if args.json:
        print_json(detail_json(detail))
    else:
        _print_detail(detail)
    return 0


def cmd_convert(context: Context, args: argparse.Namespace) -> int:
    job_id = parse_id(args.id, "job id")
    if args.stage and args.no_stage:
        raise CliError("give either --stage or --no-stage, not both.")
    if args.no_stage:
        choice = StageChoice.none()
    elif args.stage:
        with read_only(context.sessions) as session:
            choice = StageChoice.of(stage_by_name(session, "jobs", args.stage).id)
    else:
        choice = StageChoice.first()
    detail = convert_lead(context.sessions, job_id, choice)
    if args.json:
        print_json(detail_json(detail))
    else:
        stage = detail.summary.stage or "no stage"
        print(f"Converted {detail.summary.number} to a customer job ({stage}).")
    return 0


def cmd_archive(context: Context, args: argparse.Namespace) -> int:
    detail = jobs.archive_job(context.sessions, parse_id(args.id, "job id"))
    print_json(detail_json(detail)) if args.json else print(f"Archived {detail.summary.number}.")
    return 0


def cmd_restore(context: Context, args: argparse.Namespace) -> int:
    detail = jobs.restore_job(context.sessions, parse_id(args.id, "job id"))
    print_json(detail_json(detail)) if args.json else print(f"Restored {detail.summary.number}.")
    return 0


def cmd_delete(context: Context, args: argparse.Namespace) -> int:
    summary = jobs.delete_job(context.sessions, parse_id(args.id, "job id"))
    print_json(summary_json(summary)) if args.json else print(f"Deleted {summary.number}.")
    return 0


def _add_parser(group: Any, lifecycle: str) -> None:
    kind = "lead" if lifecycle == LIFECYCLE_LEAD else "customer job"
    add = group.add_parser("add", help=f"create a {kind}")
    add.add_argument("--title", required=True)
    add.add_argument("--value", help="amount, e.g. 1234.50")
    add.add_argument("--currency", help="ISO 4217 code (default: the database's default currency)")
    add.add_argument("--customer", help="person's name (found by name, or created)")
    add.add_argument("--organization", "--organisation", dest="organization", help="organisation's name")
    add.add_argument("--email")
    add.add_argument("--phone")
    add.add_argument("--status")
    stage = add.add_mutually_exclusive_group()
    stage.add_argument("--stage", help="stage name (default: the pipeline's first stage)")
    stage.add_argument("--no-stage", action="store_true", help="create without a stage")
    add.add_argument("--label", action="append", help="label (repeatable; created if new)")
    add.add_argument("--assignee", action="append", help="team member's name (repeatable)")
    add.add_argument("--source", help="source channel, e.g. Referral")
    add.add_argument("--close", metavar="YYYY-MM-DD", help="expected close date")
    add.add_argument("--site", help="site address")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_add, lifecycle=lifecycle)

    listing = group.add_parser("list", help=f"list {kind}s")
    listing.add_argument("--search", help="words to find (number, title, customer, phone, address)")
    listing.add_argument("--stage", action="append")
    listing.add_argument("--status", action="append")
    listing.add_argument("--label", action="append")
    listing.add_argument("--archived", action="store_true", help="list archived ones instead")
    listing.add_argument("--limit", type=int, default=LIST_LIMIT)
    listing.add_argument(
        "--sort",
        default="number",
        choices=[
            "number",
            "title",
            "value",
            "expected_close",
            "created",
            "updated",
            "status",
            "stage",
            "customer",
        ],
    )
    listing.add_argument("--desc", action="store_true", help="sort descending")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list, lifecycle=lifecycle)

    for name, handler, text in (
        ("show", cmd_show, "all fields and the history"),
        ("archive", cmd_archive, "archive (restorable)"),
        ("restore", cmd_restore, "restore an archived one"),
        ("delete", cmd_delete, "delete for good"),
    ):
        sub = group.add_parser(name, help=text)
        sub.add_argument("id", metavar="ID", help="id or number, e.g. 42 or J-000042")
        sub.add_argument("--json", action="store_true")
        sub.set_defaults(handler=handler, lifecycle=lifecycle)

    if lifecycle == LIFECYCLE_LEAD:
        convert = group.add_parser("convert", help="convert a lead into a customer job (same record)")
        convert.add_argument("id", metavar="ID")
        convert.add_argument("--stage", help="Customer Jobs stage (default: the first one)")
        convert.add_argument("--no-stage", action="store_true", help="convert without a stage")
        convert.add_argument("--json", action="store_true")
        convert.set_defaults(handler=cmd_convert, lifecycle=lifecycle)


def register(commands: Any) -> None:
    for name, lifecycle, text in (
        ("lead", LIFECYCLE_LEAD, "leads in the sales pipeline"),
        ("job", LIFECYCLE_CUSTOMER_JOB, "customer jobs"),
    ):
        parser = commands.add_parser(name, help=text)
        group = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
        group.required = True
        _add_parser(group, lifecycle)
