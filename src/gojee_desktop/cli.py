"""`gojee`: the headless companion of the window, for scripting and batch work.

Each command area lives in `gojee_desktop.commands.<area>` and registers its sub-commands
here. Errors a user can cause print one line on stderr and exit non-zero; nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from gojee_desktop import __version__
from gojee_desktop.commands import COMMAND_MODULES
from gojee_desktop.commands.common import CliError, Context
from gojee_desktop.money import MoneyError
from gojee_desktop.services.errors import GojeeError

EXIT_USAGE = 2
EXIT_ERROR = 1


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line plus a hint, exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gojee", description="Gojee Desktop's headless command.")
    parser.add_argument("--database", metavar="URL", help="SQLAlchemy URL (default: the local SQLite file)")
    parser.add_argument("--version", action="version", version=f"gojee {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    context = Context(database_url=args.database)
    try:
        return int(args.handler(context, args) or 0)
    except (GojeeError, CliError, MoneyError) as error:
        print(f"gojee: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; that is not an error of ours.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("gojee: interrupted; nothing was written by the unfinished step.", file=sys.stderr)
        return 130
    finally:
        context.close()


if __name__ == "__main__":
    sys.exit(main())
