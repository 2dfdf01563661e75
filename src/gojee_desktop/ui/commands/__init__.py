"""Undoable GUI edits, one module per area: `undo` holds the command that calls a service to
do and another to undo; `job`, `board`, `bom`, `quote` and `catalog` build them for their
area's edits."""
