"""Navigation icons drawn in the palette's colours, redrawn when the palette changes.

The icons are one-colour SVGs (an ink, with white cut-outs). Drawn as they are, the grey ink
reads poorly on a dark window, and on a selected row Qt tints it towards the selection colour
until it nearly disappears. So each icon is drawn twice from its SVG: in the view's text colour
on its base colour, and in the highlighted text colour on the highlight colour for a selected
row, at the sizes a 1x and a 2x screen need."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QSize
from PySide6.QtGui import QIcon, QImageReader, QPalette, QPixmap
from PySide6.QtWidgets import QTreeWidget

from gojee_desktop.ui.widgets.tree_items import keyed_items

#: The inks and the cut-out colour the shipped SVGs are drawn with.
INKS = ("#5f6b7a", "#455a64")
PAPER = "#ffffff"
_COLOURS = re.compile("|".join((*INKS, PAPER)), re.IGNORECASE)
SIZES = (16, 32)  # a small icon on 1x and 2x screens


def _pixmap(svg: str, size: int) -> QPixmap:
    buffer = QBuffer()
    buffer.setData(QByteArray(svg.encode()))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(size, size))
    return QPixmap.fromImage(reader.read())


def _recoloured(source: str, ink: str, paper: str) -> str:
    """Every ink to `ink` and the paper to `paper`, in one pass: an ink that becomes white
    must not then be taken for the paper."""
    return _COLOURS.sub(lambda found: paper if found.group(0).lower() == PAPER else ink, source)


def tinted_icon(path: Path, palette: QPalette) -> QIcon:
    """The SVG at `path` in `palette`'s colours: normal and selected."""
    source = path.read_text(encoding="utf-8")
    icon = QIcon()
    for mode, ink, paper in (
        (QIcon.Mode.Normal, QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QIcon.Mode.Selected, QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    ):
        svg = _recoloured(source, palette.color(ink).name(), palette.color(paper).name())
        for size in SIZES:
            icon.addPixmap(_pixmap(svg, size), mode)
    return icon


class TintedTreeIcons(QObject):
    """Keeps the icons of a tree's items in the tree's palette: `paths` maps an item's
    key (its data in `role`, column 0) to the icon's SVG."""

    def __init__(self, tree: QTreeWidget, role: int, paths: dict[str, Path]) -> None:
        super().__init__(tree)
        self._tree = tree
        self._role = role
        self._paths = paths
        self.apply()
        tree.installEventFilter(self)

    def apply(self) -> None:
        palette = self._tree.palette()
        for key, item in keyed_items(self._tree, self._role).items():
            path = self._paths.get(key)
            if path is not None:
                item.setIcon(0, tinted_icon(path, palette))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._tree and event.type() == QEvent.Type.PaletteChange:
            self.apply()
        return False
