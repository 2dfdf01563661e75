"""Sizes from the font, not fixed pixels: a row or a column that is right at 100 % stays
right when the user's font or display scaling is larger."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

#: The line height the fixed sizes in the code were drawn for (a 9 pt font at 96 dpi).
REFERENCE_LINE = 14
#: Space above and below a table row's text, in units of the font's line height.
ROW_PADDING = 0.86


def row_height(widget: QWidget) -> int:
    """A comfortable table row for the widget's font (26 px for a 9 pt font at 96 dpi)."""
    line = widget.fontMetrics().height()
    return round(line * (1 + ROW_PADDING))


def text_width(widget: QWidget, characters: int) -> int:
    """The width of `characters` average characters in the widget's font."""
    return widget.fontMetrics().averageCharWidth() * characters


def scaled(widget: QWidget, pixels: int) -> int:
    """A size drawn for the reference font, grown (never shrunk) with the widget's font."""
    return round(pixels * max(1.0, widget.fontMetrics().height() / REFERENCE_LINE))
