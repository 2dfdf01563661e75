"""`gojee backup [OUT]`, `gojee backup --list` and `gojee restore FILE [--yes]`.

They work on the database file itself, never through the start-up checks: a damaged
database must still be restorable from the command line."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url

from gojee_desktop.commands.common import CliError, Context, print_json
from gojee_desktop.store.backups import (
    BackupError,
    BackupInfo,
    backup_folder,
    backup_now,
    list_backups,
    read_backup_info,
    restore_backup,
    write_backup,
)
from gojee_desktop.store.database import sqlite_file
from gojee_desktop.store.instance_lock import holder_of


def register(commands: Any) -> None:
    backup = commands.add_parser(
        "backup",
        help="back up the database (verified); --list shows the backups",
        description="Write a verified backup of the SQLite database: to OUT, or into the "
        "backup folder (rotated 7 daily, 4 weekly, 12 monthly).",
    )
    backup.add_argument("out", nargs="?", metavar="OUT", help="file to write (default: the backup folder)")
    backup.add_argument("--list", action="store_true", help="list the backups with their record counts")
    backup.add_argument("--json", action="store_true", help="print JSON")
    backup.set_defaults(handler=run_backup)

    restore = commands.add_parser(
        "restore",
        help="replace the database with a backup (the current file is backed up first)",
        description="Replace the SQLite database with FILE after checking FILE. The current "
        "database is backed up first, so a restore can be undone by restoring that backup.",
    )
    restore.add_argument("file", metavar="FILE", help="the backup to restore")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(handler=run_restore)


def _database_file(context: Context, action: str) -> Path:
    path = sqlite_file(context.url)
    if path is not None:
        return path
    parsed = make_url(context.url)
    if parsed.get_backend_name() == "postgresql":
        server = URL.create("postgresql", parsed.username, None, parsed.host, parsed.port, parsed.database)
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        command = f'pg_dump --format=custom --file gojee-{stamp}.dump "{server.render_as_string()}"'
        if action == "restore":
            command = f'pg_restore --clean --dbname "{server.render_as_string()}" FILE.dump'
        print(command)
        raise CliError(
            "a PostgreSQL database is backed up and restored by the server's own tools "
            "(pg_dump, pg_restore), not by Gojee Desktop; the command is printed above."
        )
    raise CliError("only a SQLite database file can be backed up this way.")


def _describe(info: BackupInfo) -> dict[str, Any]:
    return {
        "path": str(info.path),
        "created": info.created.isoformat(),
        "reason": info.reason,
        "size": info.size,
        "counts": info.counts,
        "sound": info.sound,
    }


def run_backup(context: Context, args: argparse.Namespace) -> int:
    database_file = _database_file(context, "backup")
    if args.list:
        backups = list_backups(database_file)
        if args.json:
            print_json([_describe(info) for info in backups])
            return 0
        if not backups:
            print(f"No backups yet in {backup_folder(database_file)}.")
        for info in backups:
            local = info.created.astimezone().strftime("%Y-%m-%d %H:%M")
            state = "" if info.sound else "  (unreadable)"
            print(f"{local}  {info.reason_text():<16} {info.size_text():>10}  {info.summary()}{state}")
            print(f"    {info.path}")
        return 0
    try:
        if args.out:
            info = write_backup(database_file, Path(args.out))
        else:
            info = backup_now(database_file, "manual")
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print_json(_describe(info))
    else:
        print(f"Backed up and verified: {info.path} ({info.size_text()}; {info.summary()})")
    return 0


def run_restore(context: Context, args: argparse.Namespace) -> int:
    database_file = _database_file(context, "restore")
    backup = Path(args.file).expanduser()
    if not backup.is_file():
        raise CliError(f"there is no backup file at {backup}.")
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError(
                f"restoring replaces {database_file} and needs confirmation, but there is no "
                "terminal to ask on; add --yes to restore without asking."
            )
        info = read_backup_info(backup)
        local = info.created.astimezone().strftime("%Y-%m-%d %H:%M")
        answer = input(
            f"Replace {database_file} with the backup of {local} ({info.summary()})? "
            "The current file is backed up first. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was changed.")
            return 1
    holder = holder_of(database_file)
    if holder is not None:
        raise CliError(
            f"{database_file.name} is open in {holder.describe()}; close that window first, "
            "then restore (or use File › Restore from backup… there)."
        )
    try:
        saved = restore_backup(database_file, backup)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    print(f"Restored {database_file} from {backup}.")
    if saved is not None:
        print(f"The database as it was is kept in {saved.path}.")
    return 0
