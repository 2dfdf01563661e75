"""`gojee import` and `gojee export`: files in and out, the same services as the window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from gojee_desktop.commands.common import CliError, Context, print_json
from gojee_desktop.models import LIFECYCLE_CUSTOMER_JOB, LIFECYCLE_LEAD
from gojee_desktop.services.capture.exporter import (
    export_contact_ids,
    export_contacts,
    export_jobs,
    missing_contact_ids,
)
from gojee_desktop.services.capture.files import open_import_file
from gojee_desktop.services.capture.importer import (
    CHOICES,
    ImportOptions,
    ImportSummary,
    custom_field_names,
    iter_errors,
    run_import,
    write_error_report,
)
from gojee_desktop.services.capture.mapping import WHATS, MappingError, auto_map, mapping_from_json
from gojee_desktop.services.capture.readers import ReadError, RowSource
from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.services.lookups import label_by_name, stage_by_name, status_by_name
from gojee_desktop.services.uow import read_only
from gojee_desktop.store.backups import BackupError, backup_before

EXIT_BAD_ROWS = 1


def _mapping(context: Context, table: RowSource, args: argparse.Namespace) -> Any:
    custom = custom_field_names(context.sessions)
    if not args.mapping:
        return auto_map(table.headers, args.what, custom)
    try:
        text = Path(args.mapping).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read the mapping {args.mapping}: {exc.strerror}") from exc
    try:
        return mapping_from_json(text, table.headers, args.what, custom.values())
    except MappingError as exc:
        raise CliError(f"{args.mapping}: {exc}") from exc


def _print_summary(summary: ImportSummary, as_json: bool) -> None:
    if as_json:
        print_json(summary.as_json())
        return
    verb = "would be" if summary.dry_run else ("were" if summary.written else "would have been")
    print(
        f"{summary.rows} rows: {summary.created} {verb} created, {summary.updated} updated, "
        f"{summary.skipped} skipped (duplicates), {len(summary.bad_rows)} with errors."
    )
    for note in summary.duplicates:
        print(f"row {note.row}: duplicate of {note.existing} ({note.reason}) -> {note.action}")


def cmd_import(context: Context, args: argparse.Namespace) -> int:
    try:
        table = open_import_file(args.file)
    except ReadError as exc:
        raise CliError(str(exc)) from exc
    options = ImportOptions(
        _mapping(context, table, args),
        on_duplicate=args.on_duplicate,
        skip_bad_rows=args.skip_bad_rows,
        dry_run=args.dry_run,
    )
    try:
        if not args.dry_run:
            backup_before(context.database, f"import of {table.path.name}")
        summary = run_import(context.sessions, table, options)
    except ReadError as exc:
        raise CliError(str(exc)) from exc
    except BackupError as exc:
        raise CliError(f"nothing was imported: the backup before the import failed: {exc}") from exc
    _print_summary(summary, args.json)
    if summary.errors:
        if args.error_report:
            count = write_error_report(table, summary.errors, args.error_report)
            print(f"gojee: {count} rows with errors written to {args.error_report}", file=sys.stderr)
        for line in iter_errors(summary):
            print(f"gojee: {line}", file=sys.stderr)
        if not args.skip_bad_rows:
            rows = ", ".join(map(str, summary.bad_rows))
            print(
                f"gojee: nothing was imported: fix rows {rows} or use --skip-bad-rows to import the others.",
                file=sys.stderr,
            )
            return EXIT_BAD_ROWS
    return 0


def _job_query(context: Context, args: argparse.Namespace) -> JobQuery:
    lifecycle = LIFECYCLE_LEAD if args.what == "leads" else LIFECYCLE_CUSTOMER_JOB
    pipeline = "leads" if args.what == "leads" else "jobs"
    with read_only(context.sessions) as session:
        stage_ids = tuple(stage_by_name(session, pipeline, name).id for name in args.stage or ())
        status_ids = tuple(status_by_name(session, name).id for name in args.status or ())
        label_ids = tuple(label_by_name(session, name).id for name in args.label or ())
    return JobQuery(
        lifecycle=lifecycle,
        text=args.search or "",
        stage_ids=stage_ids,
        status_ids=status_ids,
        label_ids=label_ids,
        archived=bool(args.archived),
        sort=args.sort,
        descending=args.desc,
    )


def _noun(what: str) -> str:
    return "organisation" if what == "organizations" else "person"


def _contact_id(value: str, what: str) -> int:
    if not value.isdigit():
        raise CliError(f"--id takes {_noun(what)} ids (numbers), not '{value}'.")
    return int(value)


def _check_contacts_exist(context: Context, what: str, ids: list[int]) -> None:
    """Every id names a contact, or the export writes nothing and says which does not."""
    missing = missing_contact_ids(context.sessions, what, ids)
    if missing:
        raise CliError(f"there is no {_noun(what)} with id {missing[0]}; nothing was exported.")


def cmd_export(context: Context, args: argparse.Namespace) -> int:
    target = Path(args.out)
    if not target.parent.is_dir():
        raise CliError(f"there is no folder {target.parent} to write {target.name} in.")
    if args.what in ("leads", "jobs"):
        if args.id:
            raise CliError("--id applies to people and organisations only.")
        result = export_jobs(context.sessions, _job_query(context, args), target, args.format)
    else:
        if args.stage or args.status or args.label or args.archived:
            raise CliError("--stage, --status, --label and --archived apply to leads and jobs only.")
        if args.id:
            ids = [_contact_id(value, args.what) for value in args.id]
            _check_contacts_exist(context, args.what, ids)
            result = export_contact_ids(context.sessions, args.what, ids, target, args.format)
        else:
            result = export_contacts(context.sessions, args.what, target, args.format, args.search or "")
    if args.json:
        print_json({"path": str(result.path), "rows": result.rows, "columns": list(result.columns)})
    else:
        print(f"{result.rows} rows written to {result.path}")
    return 0


def register(commands: Any) -> None:
    importing = commands.add_parser(
        "import",
        help="import leads, people or organisations from CSV, tab-separated text, XLSX or vCards",
        description="Columns are matched to fields by their headers (or --mapping). Duplicates "
        "(same email, same phone, close name + organisation) are skipped unless --on-duplicate says "
        "otherwise. All or nothing: a file with bad rows writes nothing unless --skip-bad-rows.",
    )
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("--what", choices=WHATS, default="leads")
    importing.add_argument("--mapping", metavar="MAPPING.json", help='{"columns": {"Header": "field"}}')
    importing.add_argument("--on-duplicate", choices=CHOICES, default="skip")
    importing.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    importing.add_argument(
        "--skip-bad-rows", action="store_true", help="import the good rows of a file with bad ones"
    )
    importing.add_argument(
        "--error-report", metavar="ERRORS.csv", help="write the bad rows with their errors"
    )
    importing.add_argument("--json", action="store_true")
    importing.set_defaults(handler=cmd_import)

    exporting = commands.add_parser(
        "export", help="export leads, jobs, people or organisations to CSV or XLSX"
    )
    exporting.add_argument("out", metavar="OUT")
    exporting.add_argument("--what", choices=("leads", "jobs", "people", "organizations"), default="leads")
    exporting.add_argument("--format", choices=("csv", "xlsx", "vcf"), help="default: the file's extension")
    exporting.add_argument("--search", help="words to find (leads/jobs), or part of the name")
    exporting.add_argument(
        "--id",
        action="append",
        metavar="ID",
        help="this person or organisation only (repeat for several, kept in that order)",
    )
    exporting.add_argument("--stage", action="append")
    exporting.add_argument("--status", action="append")
    exporting.add_argument("--label", action="append")
    exporting.add_argument("--archived", action="store_true", help="archived ones instead")
    exporting.add_argument(
        "--sort",
        default="number",
        choices=(
            "number",
            "title",
            "value",
            "expected_close",
            "created",
            "updated",
            "status",
            "stage",
            "customer",
        ),
    )
    exporting.add_argument("--desc", action="store_true")
    exporting.add_argument("--json", action="store_true")
    exporting.set_defaults(handler=cmd_export)
