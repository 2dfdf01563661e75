"""Capture tests: the `gojee` runner of tests/commands, for tests that go through the command."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "commands"))
from cli_helpers import Gojee


@pytest.fixture
def gojee_cli(db, capsys):
    return Gojee(db, capsys, []), db
