"""Words that draw nothing are joined to the word before them, so ReportLab counts the line's
width as it draws it."""

from __future__ import annotations

from gojee_desktop.documents.wrap import draws_nothing, glue_invisible_words


def test_a_word_of_zero_width_characters_joins_the_word_before():
    assert glue_invisible_words("000 \u200b \u200b abc") == "000\u200b\u200b abc"
    assert glue_invisible_words("Café \u0301 Bar") == "Café\u0301 Bar"  # a lone combining mark
    assert glue_invisible_words("a \u200d\u200c b\nc \u2060 d") == "a\u200d\u200c b\nc\u2060 d"
    assert glue_invisible_words("last \u200b") == "last\u200b"


def test_visible_words_and_a_leading_invisible_one_are_left_alone():
    for text in ("plain words", "\u200b leading", "  indented", "עולם שלום", "x\u200by z"):
        assert glue_invisible_words(text) == text
    assert draws_nothing("\u200b\u200d\ufeff") and not draws_nothing("\u200bx") and not draws_nothing("")
