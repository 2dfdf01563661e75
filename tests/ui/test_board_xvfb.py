"""One real mouse drag on a board, under Xvfb with the xcb platform (a real QDrag loop,
which the offscreen platform cannot run). Skipped when xvfb-run is missing, unless
GOJEE_REQUIRE_XVFB=1 (CI installs Xvfb and sets it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from xvfb_runner import run_on_xvfb

SCRIPT = Path(__file__).with_name("xvfb_drag_app.py")


@pytest.mark.xvfb
def test_real_mouse_drags_move_cards_and_delete_nothing(tmp_path):
    result = run_on_xvfb(SCRIPT, tmp_path, timeout=90)
    first, second, third = result["ids"]
    assert result["platform"] == "xcb"
    assert result["jobs"] == 3  # a move-drag never deletes a job
    assert result["after_one"] == [[first, third], [], [second]]
    assert result["columns"] == [[], [first, third], [second]]  # two selected cards, one drag
    assert result["stage"] == result["target_stage"]
