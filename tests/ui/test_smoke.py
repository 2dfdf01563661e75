"""The bundle's smoke run works from a checkout too, so it cannot rot unnoticed."""

from __future__ import annotations

from gojee_desktop.ui.smoke import run_smoke


def test_smoke_run_opens_everything_and_exports_pdfs(qapp, tmp_path):
    done = run_smoke(tmp_path)
    assert {"page leads", "page leads-board", "page jobs", "page jobs-board"} <= set(done)
    assert any(item.startswith("editor tab Bill of materials") for item in done)
    assert any(item.startswith("editor tab Quotes") for item in done)
    assert [item for item in done if item.startswith("quote PDF")] and (tmp_path / "quote-de_DE.pdf").exists()
    assert {"money in de_DE", "money in fr_FR", "money in en_IN", "money in ja_JP"} <= set(done)
