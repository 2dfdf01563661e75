"""`gojee person ...` and `gojee organization ...`: list, show, add and edit customers."""

from __future__ import annotations

import argparse
from typing import Any

from gojee_desktop.commands.common import CliError, Context, print_json
from gojee_desktop.money import format_money
from gojee_desktop.services.catalog import list_custom_fields
from gojee_desktop.services.contact_fields import parse_assignments
from gojee_desktop.services.contact_query import (
    ORGANIZATION,
    PERSON,
    SORT_KEYS,
    ContactQuery,
    ContactRow,
    label_ids,
    list_contacts,
)
from gojee_desktop.services.contact_records import (
    ContactChanges,
    ContactRecord,
    changes_of,
    create_contact,
    get_contact,
    update_contact,
)
from gojee_desktop.services.dto import CustomFieldInfo

LIST_LIMIT = 50
_NOUN = {PERSON: "person", ORGANIZATION: "organisation"}


def row_json(row: ContactRow) -> dict[str, Any]:
    document: dict[str, Any] = {"id": row.id, "name": row.name}
    if row.kind == PERSON:
        document["organization"] = row.organization
    document.update(email=row.email, phone=row.phone, address=row.address, jobs=row.jobs)
    if row.kind == ORGANIZATION:
        document["people"] = row.people
    document["archived"] = row.archived
    return document


def record_json(record: ContactRecord, fields: list[CustomFieldInfo]) -> dict[str, Any]:
    """The record as `show --json` prints it; `fields` (those of the record's kind, in
    order) name its custom field values."""
    document: dict[str, Any] = {"id": record.id, "name": record.name}
    if record.kind == PERSON:
        document.update(organization_id=record.organization_id, organization=record.organization)
    else:
        document["people"] = list(record.people)
    document.update(
        archived=record.archived,
        notes=record.notes,
        labels=list(record.labels),
        emails=list(record.values("email")),
        phones=[{"value": d.value, "e164": d.normalized} for d in record.details if d.kind == "phone"],
        addresses=list(record.values("address")),
        custom_fields={f.name: record.custom_fields[f.id] for f in fields if f.id in record.custom_fields},
        won=record.won,
        open_pipeline=record.open_pipeline,
        jobs=[
            {
                "id": j.id,
                "number": j.number,
                "title": j.title,
                "lifecycle": j.lifecycle,
                "stage": j.stage,
                "status": j.status,
                "value": j.value,
                "currency": j.currency,
                "archived": j.archived,
            }
            for j in record.jobs
        ],
    )
    return document


def _totals(amounts: dict[str, Any]) -> str:
    return ", ".join(format_money(v, c, with_code=True) for c, v in sorted(amounts.items())) or "-"


def _print_record(record: ContactRecord, fields: list[CustomFieldInfo]) -> None:
    rows = [("Name", record.name + (" (archived)" if record.archived else ""))]
    if record.kind == PERSON:
        rows.append(("Organisation", record.organization or "-"))
    for detail in record.details:
        rows.append((detail.kind.capitalize(), detail.value.replace("\n", ", ")))
    if record.labels:
        rows.append(("Labels", ", ".join(record.labels)))
    rows += [(f.name, record.custom_fields[f.id]) for f in fields if f.id in record.custom_fields]
    if record.people:
        rows.append(("People", ", ".join(record.people)))
    rows += [("Won", _totals(record.won)), ("Open pipeline", _totals(record.open_pipeline))]
    if record.notes:
        rows.append(("Notes", record.notes))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print(f"\nJobs ({len(record.jobs)}):")
    for job in record.jobs:
        kind = "lead" if job.lifecycle == "lead" else "job"
        value = format_money(job.value, job.currency)
        print(f"  {job.number}  {kind:<4}  {job.title[:40]:<40}  {job.stage or '-':<16}  {value:>12}")


def _print_rows(rows: list[ContactRow], total: int, kind: str) -> None:
    if not rows:
        print("No people match." if kind == PERSON else "No organisations match.")
        return
    columns = [("Id", [str(r.id) for r in rows]), ("Name", [r.name[:32] for r in rows])]
    if kind == PERSON:
        columns.append(("Organisation", [(r.organization or "")[:28] for r in rows]))
    columns += [
        ("Email", [r.email[:32] for r in rows]),
        ("Phone", [r.phone for r in rows]),
        ("Jobs", [str(r.jobs) for r in rows]),
    ]
    widths = [max(len(name), *(len(v) for v in values)) for name, values in columns]
    print("  ".join(f"{name:<{w}}" for (name, _), w in zip(columns, widths, strict=True)).rstrip())
    for i in range(len(rows)):
        print("  ".join(f"{values[i]:<{w}}" for (_, values), w in zip(columns, widths, strict=True)).rstrip())
    if total > len(rows):
        print(f"... {len(rows)} of {total} shown (use --limit)")


def _contact_id(text: str, kind: str) -> int:
    cleaned = text.strip()
    if not cleaned.isdigit():
        raise CliError(f"'{text}' is not a {_NOUN[kind]} id: give a number such as 42.")
    return int(cleaned)


def cmd_list(context: Context, args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError("--limit must be at least 1.")
    query = ContactQuery(
        kind=args.kind,
        text=args.search or "",
        label_ids=label_ids(context.sessions, args.label or []),
        archived=bool(args.archived),
        sort=args.sort,
        descending=args.desc,
    )
    rows, total = list_contacts(context.sessions, query, limit=args.limit)
    if args.json:
        print_json([row_json(row) for row in rows])
    else:
        _print_rows(rows, total, args.kind)
    return 0


def cmd_show(context: Context, args: argparse.Namespace) -> int:
    record = get_contact(context.sessions, args.kind, _contact_id(args.id, args.kind))
    fields = list_custom_fields(context.sessions, args.kind)
    print_json(record_json(record, fields)) if args.json else _print_record(record, fields)
    return 0


def _changes(context: Context, args: argparse.Namespace, base: ContactChanges | None) -> ContactChanges:
    """The typed options over `base` (for edit); a list option given replaces that list, a
    `--field` sets that field and keeps the others."""
    base = base or ContactChanges(name="")
    custom = base.custom_fields
    if args.field:
        custom = {**(custom or {}), **parse_assignments(context.sessions, args.kind, args.field)}
    if args.name is not None and not args.name.strip():
        raise CliError("--name cannot be empty: a contact needs a name.")
    emails = tuple(args.email) if args.email is not None else base.emails
    phones = tuple(args.phone) if args.phone is not None else base.phones
    addresses = tuple(args.address) if args.address is not None else base.addresses
    organization = base.organization
    if args.kind == PERSON and args.organization is not None:
        organization = args.organization
    return ContactChanges(
        name=args.name if args.name is not None else base.name,
        organization=organization,
        emails=tuple(e for e in emails if e),
        phones=tuple(p for p in phones if p),
        addresses=tuple(a for a in addresses if a),
        notes=args.notes if args.notes is not None else base.notes,
        labels=tuple(x for x in args.label if x) if args.label is not None else base.labels,
        custom_fields=custom,
    )


def cmd_add(context: Context, args: argparse.Namespace) -> int:
    record = create_contact(context.sessions, args.kind, _changes(context, args, None))
    fields = list_custom_fields(context.sessions, args.kind)
    print_json(record_json(record, fields)) if args.json else print(
        f"Created {_NOUN[args.kind]} {record.id}: {record.name}"
    )
    return 0


def cmd_edit(context: Context, args: argparse.Namespace) -> int:
    contact_id = _contact_id(args.id, args.kind)
    current = get_contact(context.sessions, args.kind, contact_id)
    changes = _changes(context, args, changes_of(current))
    record = update_contact(context.sessions, args.kind, contact_id, changes)
    fields = list_custom_fields(context.sessions, args.kind)
    print_json(record_json(record, fields)) if args.json else print(
        f"Saved {_NOUN[args.kind]} {record.id}: {record.name}"
    )
    return 0


def _detail_options(parser: argparse.ArgumentParser, kind: str, editing: bool) -> None:
    replaces = " (repeatable; replaces the current ones, '' clears them)" if editing else " (repeatable)"
    parser.add_argument("--name", required=not editing)
    if kind == PERSON:
        parser.add_argument(
            "--organization",
            "--organisation",
            dest="organization",
            help="organisation's name (found, or created)",
        )
    parser.add_argument("--email", action="append", help="email address" + replaces)
    parser.add_argument("--phone", action="append", help="phone number" + replaces)
    parser.add_argument("--address", action="append", help="postal or street address" + replaces)
    parser.add_argument("--label", action="append", help="label, added if new" + replaces)
    parser.add_argument(
        "--field",
        action="append",
        metavar="NAME=VALUE",
        help="a custom field's value, '' clears it (repeatable; the others stay)",
    )
    parser.add_argument("--notes")
    parser.add_argument("--json", action="store_true")


def register(commands: Any) -> None:
    for name, kind, text in (
        ("person", PERSON, "people: customers and their contacts"),
        ("organization", ORGANIZATION, "organisations: companies and bodies jobs are for"),
    ):
        parser = commands.add_parser(
            name, help=text, aliases=["organisation"] if kind == ORGANIZATION else []
        )
        group = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
        group.required = True
        noun = _NOUN[kind]

        listing = group.add_parser("list", help=f"list {noun}s")
        listing.add_argument("--search", help="words of the name, an email or a phone number")
        listing.add_argument("--archived", action="store_true", help="list archived ones instead")
        listing.add_argument(
            "--label",
            action="append",
            metavar="NAME",
            help="only those with this label (repeatable: all of them)",
        )
        listing.add_argument("--limit", type=int, default=LIST_LIMIT)
        listing.add_argument("--sort", default="name", choices=SORT_KEYS[kind])
        listing.add_argument("--desc", action="store_true", help="sort descending")
        listing.add_argument("--json", action="store_true")
        listing.set_defaults(handler=cmd_list, kind=kind)

        show = group.add_parser("show", help=f"a {noun} with details, jobs and totals")
        show.add_argument("id", metavar="ID")
        show.add_argument("--json", action="store_true")
        show.set_defaults(handler=cmd_show, kind=kind)

        add = group.add_parser("add", help=f"create a {noun}")
        _detail_options(add, kind, editing=False)
        add.set_defaults(handler=cmd_add, kind=kind)

        edit = group.add_parser("edit", help=f"change a {noun}")
        edit.add_argument("id", metavar="ID")
        _detail_options(edit, kind, editing=True)
        edit.set_defaults(handler=cmd_edit, kind=kind)
