"""Running the `gojee` command in-process for tests."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from gojee_desktop.cli import main


class Gojee:
    """Runs `gojee --database URL ...` and returns (exit code, stdout, stderr); `counts()`
    counts the rows of `counted`, to show that a refused command wrote nothing."""

    def __init__(self, db: Any, capsys: Any, counted: Sequence[Any]) -> None:
        self.db = db
        self.capsys = capsys
        self.counted = tuple(counted)

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--database", self.db.url, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)

    def counts(self) -> tuple[int, ...]:
        with self.db.sessions() as session:
            return tuple(session.scalar(select(func.count()).select_from(m)) for m in self.counted)
