"""`gojee stage ...`: configure a pipeline's stages."""

from __future__ import annotations

import argparse
from typing import Any

from gojee_desktop.commands.common import CliError, Context, print_json
from gojee_desktop.services import pipelines
from gojee_desktop.services.dto import StageInfo


def _json(stage: StageInfo) -> dict[str, Any]:
    return {
        "id": stage.id,
        "pipeline": stage.pipeline,
        "name": stage.name,
        "color": stage.color,
        "position": stage.position,
        "win_probability": stage.win_probability,
        "outcome": stage.outcome,
    }


def _print(stages: list[StageInfo], as_json: bool) -> None:
    if as_json:
        print_json([_json(s) for s in stages])
        return
    for s in stages:
        meaning = f"  ({s.outcome})" if s.outcome else ""
        print(f"{s.position + 1:>2}. {s.name:<24} {s.color}  {s.win_probability:>3}%{meaning}")


def cmd_list(context: Context, args: argparse.Namespace) -> int:
    _print(pipelines.list_stages(context.sessions, args.pipeline), args.json)
    return 0


def cmd_add(context: Context, args: argparse.Namespace) -> int:
    position = args.position - 1 if args.position is not None else None
    if position is not None and position < 0:
        raise CliError("--position counts from 1 (the first column).")
    stage = pipelines.add_stage(
        context.sessions,
        args.pipeline,
        args.name,
        color=args.color,
        win_probability=args.probability,
        outcome=args.outcome,
        position=position,
    )
    print_json(_json(stage)) if args.json else print(f"Added stage '{stage.name}'.")
    return 0


def cmd_rename(context: Context, args: argparse.Namespace) -> int:
    stage = pipelines.find_stage(context.sessions, args.pipeline, args.name)
    changed = pipelines.rename_stage(context.sessions, stage.id, args.new_name)
    print_json(_json(changed)) if args.json else print(f"Renamed '{stage.name}' to '{changed.name}'.")
    return 0


def cmd_set(context: Context, args: argparse.Namespace) -> int:
    stage = pipelines.find_stage(context.sessions, args.pipeline, args.name)
    outcome = "unchanged" if args.outcome is None else (None if args.outcome == "none" else args.outcome)
    changed = pipelines.update_stage(
        context.sessions, stage.id, color=args.color, win_probability=args.probability, outcome=outcome
    )
    print_json(_json(changed)) if args.json else print(f"Updated stage '{changed.name}'.")
    return 0


def cmd_move(context: Context, args: argparse.Namespace) -> int:
    if args.position < 1:
        raise CliError("--position counts from 1 (the first column).")
    stage = pipelines.find_stage(context.sessions, args.pipeline, args.name)
    _print(pipelines.move_stage(context.sessions, stage.id, args.position - 1), args.json)
    return 0


def cmd_delete(context: Context, args: argparse.Namespace) -> int:
    stage = pipelines.find_stage(context.sessions, args.pipeline, args.name)
    target = (
        pipelines.find_stage(context.sessions, args.pipeline, args.move_jobs_to)
        if args.move_jobs_to
        else None
    )
    moved = pipelines.delete_stage(context.sessions, stage.id, move_jobs_to=target.id if target else None)
    suffix = f"; moved {moved} job(s) to '{target.name}'" if target else ""
    print(f"Deleted stage '{stage.name}'{suffix}.")
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("stage", help="configure a pipeline's stages (kanban columns)")
    group = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    group.required = True

    def sub(name: str, handler: Any, text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = group.add_parser(name, help=text)
        p.add_argument("--pipeline", required=True, help="leads or jobs")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
        return p

    sub("list", cmd_list, "stages in board order")
    add = sub("add", cmd_add, "add a stage")
    add.add_argument("name")
    add.add_argument("--color", default="#607d8b", help="#RRGGBB")
    add.add_argument("--probability", type=int, default=0, help="win probability 0-100")
    add.add_argument("--outcome", choices=["won", "lost"], help="what reaching the stage means")
    add.add_argument("--position", type=int, help="1 = first column (default: last)")
    rename = sub("rename", cmd_rename, "rename a stage")
    rename.add_argument("name")
    rename.add_argument("new_name")
    setter = sub("set", cmd_set, "recolour, set win probability or won/lost meaning")
    setter.add_argument("name")
    setter.add_argument("--color")
    setter.add_argument("--probability", type=int)
    setter.add_argument("--outcome", choices=["won", "lost", "none"])
    move = sub("move", cmd_move, "move a stage to another column")
    move.add_argument("name")
    move.add_argument("--position", type=int, required=True, help="1 = first column")
    delete = sub("delete", cmd_delete, "delete a stage")
    delete.add_argument("name")
    delete.add_argument("--move-jobs-to", metavar="STAGE", help="stage that takes the jobs in it")
