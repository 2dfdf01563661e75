"""Folding is what makes SQLite and PostgreSQL find the same jobs: check its rules."""

from __future__ import annotations

import pytest

from gojee_desktop.store.fulltext import fold, search_terms


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zoë Müller-Smith, zoe@x.com", "zoe muller smith zoe x com"),
        ("ŞEKER İstanbul", "seker istanbul"),
        ("Crème brûlée_Co", "creme brulee co"),
        ("ABC def_1  J-000042", "abc def 1 j 000042"),
        ("", ""),
        ("  ,;  ", ""),
    ],
)
def test_fold_lowercases_strips_accents_and_punctuation(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_ascii_and_accented_spellings_fold_alike() -> None:
    assert fold("Zoë") == fold("ZOE") == "zoe"


def test_search_terms_are_folded_words() -> None:
    assert search_terms("  Müller   0412-345 ") == ["muller", "0412", "345"]
