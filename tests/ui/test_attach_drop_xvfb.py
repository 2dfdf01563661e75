"""Real mouse drags of files onto a table row and a board card, under Xvfb with the xcb
platform (Qt's real drag loop). The files come from a widget that drags URLs as a file
manager does: there is no file manager under bare Xvfb to drag from. Skipped when xvfb-run
is missing, unless GOJEE_REQUIRE_XVFB=1 (CI installs Xvfb and sets it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from xvfb_runner import run_on_xvfb

SCRIPT = Path(__file__).with_name("xvfb_attach_app.py")


@pytest.mark.xvfb
def test_real_mouse_drags_of_files_attach_to_the_row_and_the_card_under_the_pointer(tmp_path):
    result = run_on_xvfb(SCRIPT, tmp_path, timeout=90)
    assert result["platform"] == "xcb"
    both = ["plan.pdf", "site photo.jpg"]
    row_job, card_job = str(result["row_job"]), str(result["card_job"])
    assert row_job != card_job
    assert result["after_row"] == {i: (both if i == row_job else []) for i in result["after_row"]}
    expected = {i: (both if i in (row_job, card_job) else []) for i in result["after_card"]}
    assert result["after_card"] == expected
    assert result["columns"][1] == []  # a file drop moves no card
    assert result["undo"] == ["Attach site photo.jpg", "Attach plan.pdf"] * 2
    stored = [p for p in (tmp_path / "attachments").rglob("*") if p.is_file()]
    assert len(stored) == 2  # each file once, however many jobs it is on
