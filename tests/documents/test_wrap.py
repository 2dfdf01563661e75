"""Words that draw nothing are joined to the word before them, so ReportLab counts the line's
width as it draws it."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from gojee_desktop.documents.wrap import draws_nothing, elide, glue_invisible_words


def test_a_word_of_zero_width_characters_joins_the_word_before():
    assert glue_invisible_words("000 \u200b \u200b abc") == "000\u200b\u200b abc"
    assert glue_invisible_words("Café \u0301 Bar") == "Café\u0301 Bar"  # a lone combining mark
    assert glue_invisible_words("a \u200d\u200c b\nc \u2060 d") == "a\u200d\u200c b\nc\u2060 d"
    assert glue_invisible_words("last \u200b") == "last\u200b"


def test_visible_words_and_a_leading_invisible_one_are_left_alone():
    for text in ("plain words", "\u200b leading", "  indented", "עולם שלום", "x\u200by z"):
        assert glue_invisible_words(text) == text
    assert draws_nothing("\u200b\u200d\ufeff") and not draws_nothing("\u200bx") and not draws_nothing("")


def test_a_one_line_text_shows_one_gap_where_a_zero_width_word_stood():
    """The footer: "Acme \u200b Builders" was drawn with two spaces' gap."""
    assert elide("Acme \u200b Builders\n  Pty Ltd", "Helvetica", 8, 500) == "Acme\u200b Builders Pty Ltd"
    cut = elide("Acme \u200b Builders " + "x" * 200, "Helvetica", 8, 100)
    assert cut.startswith("Acme\u200b Builders x") and cut.endswith("…")
    assert stringWidth(cut, "Helvetica", 8) <= 100
