"""Plain text fitted to a width in a PDF: wrapped at spaces where it can, and broken inside a
word that is wider than the line on its own (a part number, a URL, a run of characters with
no space), so nothing runs past its column or off the page. Used for table cells, which
reportlab draws as they are, and for one-line texts that must be shortened (the footer)."""

from __future__ import annotations

import re
import unicodedata

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth


def glues_to_previous(char: str) -> bool:
    """A combining mark, joiner or variation selector stays with the character before it."""
    return (
        bool(unicodedata.combining(char))
        or char in "\u200d\u200c\ufe0e\ufe0f"
        or (
            "\U0001f3fb" <= char <= "\U0001f3ff"  # skin tone modifiers
        )
    )


_SPACES = re.compile(r"([ \t]+)")


def draws_nothing(word: str) -> bool:
    """Only zero-width characters: format characters (zero-width space, joiners, marks of
    direction) and combining marks with nothing to combine with."""
    return bool(word) and all(unicodedata.category(char) in ("Cf", "Mn", "Me") for char in word)


def glue_invisible_words(value: str) -> str:
    """Each word that draws nothing joined to the word before it, dropping the space between.

    A Paragraph of several lines leaves the space before such a word out of the line's width
    but still draws it, so a right-aligned line ran past its edge by a space for each one (a
    business name typed with zero-width spaces went off the page)."""
    lines = []
    for line in value.split("\n"):
        kept: list[str] = []
        for index, part in enumerate(_SPACES.split(line)):
            if index % 2 == 0 and draws_nothing(part) and len(kept) >= 2 and kept[-2]:
                kept.pop()  # the space before it
                kept[-1] += part
            else:
                kept.append(part)
        lines.append("".join(kept))
    return "\n".join(lines)


def break_word(line: str, font: str, size: float, width: float) -> list[str]:
    """`line` cut into pieces no wider than `width` (at least one character each)."""
    pieces: list[str] = []
    current: list[str] = []
    used = 0.0
    for char in line:
        advance = stringWidth(char, font, size)
        if current and used + advance > width and not glues_to_previous(char):
            pieces.append("".join(current))
            current, used = [], 0.0
        current.append(char)
        used += advance
    if current or not pieces:
        pieces.append("".join(current))
    return pieces


def wrap_lines(value: str, font: str, size: float, width: float) -> list[str]:
    """`value` as lines no wider than `width`: its own line breaks kept, wrapped at spaces,
    and words longer than a line broken."""
    lines: list[str] = []
    for paragraph in value.splitlines() or [""]:
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            if stringWidth(line, font, size) <= width:
                lines.append(line)
            else:
                lines.extend(break_word(line, font, size, width))
    return lines


def elide(value: str, font: str, size: float, width: float) -> str:
    """`value` on one line, cut with '…' when wider than `width`; a word that draws nothing
    joins the word before it (`glue_invisible_words`), or its spaces would show as a double gap."""
    flat = glue_invisible_words(" ".join(value.split()))
    if stringWidth(flat, font, size) <= width:
        return flat
    room = width - stringWidth("…", font, size)
    kept = break_word(flat, font, size, max(room, 0.0))[0] if room > 0 else ""
    return kept.rstrip() + "…"
