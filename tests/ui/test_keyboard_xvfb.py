"""A real keyboard pass under Xvfb with the xcb platform: Ctrl+N, type a title straight away,
Ctrl+S. The title must land in the new lead (it used to go to the editor's tab bar). Skipped
when xvfb-run or xdotool is missing, unless GOJEE_REQUIRE_XVFB=1."""

from __future__ import annotations

from pathlib import Path

import pytest
from xvfb_runner import run_on_xvfb

SCRIPT = Path(__file__).with_name("xvfb_keyboard_app.py")


@pytest.mark.xvfb
def test_ctrl_n_then_typing_fills_the_title_on_a_real_display(tmp_path):
    result = run_on_xvfb(SCRIPT, tmp_path, screen="1366x768", xdotool=True, timeout=120)
    assert result["exit"] == 0
    assert result["titles"] == ["Existing lead", "Kitchen rewire upstairs"]
