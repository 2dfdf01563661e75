"""Render the app icon and the sample letterhead logo from their SVG sources into the files
each system wants: PNGs of every size for Linux icon themes and AppStream, `.ico` for
Windows, `.icns` for macOS, and the PNG logo the sample data puts on its quotes.

    .venv/bin/python packaging/make_icons.py

The outputs are committed under resources/; run this again after changing an SVG."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SAMPLE = ROOT / "resources" / "sample"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, width: int, height: int) -> bytes:
    """The SVG drawn by Qt's renderer at exactly width × height pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    assert app is not None
    source = ICONS / "gojee.svg"
    (ICONS / "png").mkdir(exist_ok=True)
    images = {}
    for size in PNG_SIZES:
        data = render_png(source, size, size)
        (ICONS / "png" / f"gojee-{size}.png").write_bytes(data)
        images[size] = Image.open(io.BytesIO(data)).convert("RGBA")
    biggest = images[max(PNG_SIZES)]
    biggest.save(ICONS / "gojee.ico", sizes=[(s, s) for s in ICO_SIZES])
    biggest.save(ICONS / "gojee.icns")
    (SAMPLE / "letterhead-logo.png").write_bytes(render_png(SAMPLE / "letterhead-logo.svg", 480, 160))
    print(f"wrote {len(PNG_SIZES)} PNGs, gojee.ico, gojee.icns and the sample logo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
