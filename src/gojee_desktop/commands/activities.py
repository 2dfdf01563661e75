"""`gojee activity ...`, `gojee note add` and `gojee activities ics`: activities and notes
from scripts, and the open activities as an iCalendar file."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from gojee_desktop.commands.common import CliError, Context, parse_id, print_json
from gojee_desktop.models import ACTIVITY_KINDS
from gojee_desktop.services import activities


def activity_json(info: activities.ActivityInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "job_id": info.job_id,
        "job_number": info.job_number,
        "job_title": info.job_title,
        "kind": info.kind,
        "subject": info.subject,
        "due_date": info.due_date,
        "due_time": f"{info.due_time:%H:%M}" if info.due_time else None,
        "duration_minutes": info.duration_minutes,
        "assignee": info.assignee or None,
        "person": info.person or None,
        "note": info.note,
        "done": info.done,
        "done_at": info.done_at,
        "overdue": info.is_overdue(activities.local_now()),
    }


def _line(info: activities.ActivityInfo) -> str:
    mark = "x" if info.done else ("!" if info.is_overdue(activities.local_now()) else " ")
    who = f"  [{info.assignee}]" if info.assignee else ""
    return (
        f"[{mark}] {info.id:>6}  {info.due_text:<16}  {info.job_number}  {info.kind:<8} {info.subject}{who}"
    )


def cmd_add(context: Context, args: argparse.Namespace) -> int:
    draft = activities.ActivityDraft(
        kind=args.kind,
        subject=args.subject,
        due_date=args.due,
        due_time=args.time,
        duration_minutes=args.duration,
        assignee=args.assignee,
        note=args.note or "",
    )
    info = activities.add_activity(context.sessions, parse_id(args.job_id, "job id"), draft)
    if args.json:
        print_json(activity_json(info))
    else:
        print(f"Added activity {info.id} to {info.job_number}: {info.description}.")
    return 0


def cmd_done(context: Context, args: argparse.Namespace) -> int:
    info = activities.set_activity_done(context.sessions, _activity_id(args.id))
    if args.json:
        print_json(activity_json(info))
    else:
        print(f"Done: activity {info.id} ({info.description}).")
    return 0


def _activity_id(text: str) -> int:
    if not text.strip().isdigit():
        raise CliError(f"'{text}' is not an activity id: give a number such as 12.")
    return int(text)


def cmd_list(context: Context, args: argparse.Namespace) -> int:
    scope = "overdue" if args.overdue else "today" if args.today else "open"
    job_id = parse_id(args.job, "job id") if args.job else None
    if job_id is not None and not (args.overdue or args.today):
        scope = "all"
    query = activities.ActivityQuery(scope=scope, job_id=job_id, assignee=args.assignee)
    infos = activities.list_activities(context.sessions, query)
    if args.json:
        print_json([activity_json(info) for info in infos])
    else:
        for info in infos:
            print(_line(info))
        if not infos:
            print("No activities.")
    return 0


def cmd_note_add(context: Context, args: argparse.Namespace) -> int:
    note = activities.add_note(context.sessions, parse_id(args.job_id, "job id"), args.text, pinned=args.pin)
    if args.json:
        print_json({"id": note.id, "job_id": note.job_id, "body": note.body, "pinned": note.pinned})
    else:
        print(f"Added note {note.id}.")
    return 0


def cmd_ics(context: Context, args: argparse.Namespace) -> int:
    data, count = activities.export_calendar(context.sessions, assignee=args.assignee)
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CliError(f"cannot write {out}: the folder {out.parent} does not exist.")
    # Written beside the target and renamed, so a failed run leaves no half file.
    handle, temporary = tempfile.mkstemp(dir=out.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    print(f"Wrote {count} open activit{'y' if count == 1 else 'ies'} to {out}.")
    return 0


def attachment_json(info: activities.AttachmentInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "job_id": info.job_id,
        "name": info.name,
        "size": info.size,
        "media_type": info.media_type,
        "sha256": info.content_hash,
        "added_by": info.added_by,
        "added_at": info.added_at,
    }


def cmd_attach(context: Context, args: argparse.Namespace) -> int:
    info = activities.add_attachment(context.sessions, parse_id(args.job_id, "job id"), Path(args.file))
    if args.json:
        print_json(attachment_json(info))
    else:
        print(f"Attached {info.name} ({info.size:,} bytes) as attachment {info.id}.")
    return 0


def cmd_attachments(context: Context, args: argparse.Namespace) -> int:
    infos = activities.list_attachments(context.sessions, parse_id(args.job_id, "job id"))
    if args.json:
        print_json([attachment_json(info) for info in infos])
    else:
        for info in infos:
            print(f"{info.id:>6}  {info.size:>12,}  {info.name}")
        if not infos:
            print("No attachments.")
    return 0


def register(commands: Any) -> None:
    activity = commands.add_parser("activity", help="calls, emails, meetings, tasks and deadlines on jobs")
    group = activity.add_subparsers(dest="action", metavar="ACTION", parser_class=type(activity))
    group.required = True
    add = group.add_parser("add", help="a new activity on a job")
    add.add_argument("job_id", metavar="JOB_ID")
    add.add_argument("--kind", required=True, choices=ACTIVITY_KINDS)
    add.add_argument("--subject", required=True)
    add.add_argument("--due", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--time", metavar="HH:MM")
    add.add_argument("--duration", metavar="MIN", help="minutes")
    add.add_argument("--assignee", metavar="NAME", help="a team member")
    add.add_argument("--note", metavar="TEXT")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_add)
    done = group.add_parser("done", help="mark an activity done")
    done.add_argument("id", metavar="ID")
    done.add_argument("--json", action="store_true")
    done.set_defaults(handler=cmd_done)
    listing = group.add_parser(
        "list", help="open activities in due order (or a job's, or overdue, or today's)"
    )
    which = listing.add_mutually_exclusive_group()
    which.add_argument("--overdue", action="store_true")
    which.add_argument("--today", action="store_true")
    listing.add_argument("--job", metavar="JOB_ID", help="only this job's (open and done)")
    listing.add_argument("--assignee", metavar="NAME")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)

    note = commands.add_parser("note", help="internal notes on jobs")
    note_group = note.add_subparsers(dest="action", metavar="ACTION", parser_class=type(note))
    note_group.required = True
    note_add = note_group.add_parser(
        "add", help="a note on a job (Markdown: **bold**, *italic*, lists, links)"
    )
    note_add.add_argument("job_id", metavar="JOB_ID")
    note_add.add_argument("--text", required=True)
    note_add.add_argument("--pin", action="store_true", help="show it above the other notes")
    note_add.add_argument("--json", action="store_true")
    note_add.set_defaults(handler=cmd_note_add)

    attach = commands.add_parser("attach", help="attach a file to a job")
    attach.add_argument("job_id", metavar="JOB_ID")
    attach.add_argument("file", metavar="FILE")
    attach.add_argument("--json", action="store_true")
    attach.set_defaults(handler=cmd_attach)
    attachments = commands.add_parser("attachments", help="a job's attachments, newest first")
    attachments.add_argument("job_id", metavar="JOB_ID")
    attachments.add_argument("--json", action="store_true")
    attachments.set_defaults(handler=cmd_attachments)

    calendar = commands.add_parser("activities", help="export activities")
    calendar_group = calendar.add_subparsers(dest="action", metavar="ACTION", parser_class=type(calendar))
    calendar_group.required = True
    ics = calendar_group.add_parser("ics", help="open activities as an iCalendar file")
    ics.add_argument("out", metavar="OUT.ics")
    ics.add_argument("--assignee", metavar="NAME", help="only this team member's")
    ics.set_defaults(handler=cmd_ics)
