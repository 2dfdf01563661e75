"""Windows that fit the screen they open on: a first size taken from the screen's available
geometry (the taskbar left alone), and a remembered geometry brought back when its monitor
is gone or the resolution shrank.

`fit_window(window, preferred)` is for dialogs: the preferred size, shrunk to the screen,
centred on the parent. `place_main_window(window, geometry)` restores a saved geometry or
opens at `FIRST_RUN_FRACTION` of the screen, and always ends on a screen."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

#: Share of the available screen a first main window takes (width and height).
FIRST_RUN_FRACTION = 0.9
#: Share of the available screen a dialog may take at most.
DIALOG_FRACTION = 0.95
#: How much of a window's top edge must show on a screen to count as reachable (its title
#: bar: the user can grab and move it).
REACHABLE = QSize(120, 32)


def screen_of(widget: QWidget) -> QScreen:
    """The screen a widget is (or will be) on: its parent's, its own, else the primary."""
    for candidate in (widget.parentWidget(), widget):
        if candidate is not None:
            screen = candidate.window().screen()
            if screen is not None:
                return screen
    primary = QGuiApplication.primaryScreen()
    assert primary is not None, "Qt has no screen"
    return primary


def bounded(size: QSize, available: QRect, fraction: float = 1.0) -> QSize:
    """`size` no larger than `fraction` of the available geometry."""
    return QSize(
        min(size.width(), int(available.width() * fraction)),
        min(size.height(), int(available.height() * fraction)),
    )


def frame_margins(window: QWidget) -> QSize:
    """The window frame's extra width and height (title bar, borders). Before a window is
    first shown its frame is unknown: its parent window's frame is the best guess."""
    if not window.isVisible() and window.parentWidget() is not None:
        parent = window.parentWidget()
        assert parent is not None
        if parent.window().isVisible():
            window = parent.window()
    frame, inner = window.frameGeometry(), window.geometry()
    return QSize(max(0, frame.width() - inner.width()), max(0, frame.height() - inner.height()))


def centred(size: QSize, around: QRect) -> QPoint:
    return QPoint(
        around.x() + (around.width() - size.width()) // 2, around.y() + (around.height() - size.height()) // 2
    )


def fit_window(
    window: QWidget, preferred: QSize | None = None, fraction: float = DIALOG_FRACTION, centre: bool = True
) -> None:
    """Resize a top-level window to `preferred` (or its current size), no larger than the
    screen allows, and move it so it lies wholly on that screen: centred on its parent, or
    (`centre=False`, a remembered place) only as far as needed."""
    screen = screen_of(window)
    available = screen.availableGeometry()
    margins = frame_margins(window)
    room = QRect(available.topLeft(), available.size() - margins)
    wanted = preferred if preferred is not None else window.size()
    size = bounded(wanted, room, fraction).expandedTo(window.minimumSize())
    window.resize(size)
    if not centre:
        window.move(keep_inside(QRect(window.pos(), size + margins), available).topLeft())
        return
    parent = window.parentWidget()
    around = parent.window().frameGeometry() if parent is not None and parent.isVisible() else available
    window.move(keep_inside(QRect(centred(size + margins, around), size + margins), available).topLeft())


def keep_inside(rect: QRect, available: QRect) -> QRect:
    """`rect` moved (not resized) so as much of it as possible lies inside `available`,
    its top-left corner first."""
    x = max(available.left(), min(rect.x(), available.right() + 1 - rect.width()))
    y = max(available.top(), min(rect.y(), available.bottom() + 1 - rect.height()))
    return QRect(QPoint(x, y), rect.size())


def is_reachable(rect: QRect) -> bool:
    """Whether enough of the window's top edge lies on some screen to grab it."""
    top_edge = QRect(rect.x(), rect.y(), rect.width(), REACHABLE.height())
    for screen in QGuiApplication.screens():
        shown = top_edge.intersected(screen.availableGeometry())
        if shown.width() >= min(REACHABLE.width(), rect.width()) and shown.height() >= min(
            REACHABLE.height(), rect.height()
        ):
            return True
    return False


def primary_available() -> QRect:
    primary = QGuiApplication.primaryScreen()
    assert primary is not None, "Qt has no screen"
    return primary.availableGeometry()


def first_run_geometry(window: QWidget, fraction: float = FIRST_RUN_FRACTION) -> QRect:
    """`fraction` of the primary screen's available geometry, centred on it (never smaller
    than the window's minimum, never larger than the screen)."""
    available = primary_available()
    size = QSize(int(available.width() * fraction), int(available.height() * fraction))
    size = size.expandedTo(window.minimumSizeHint()).boundedTo(available.size())
    return QRect(centred(size, available), size)


def place_main_window(window: QWidget, saved: QByteArray | None) -> None:
    """Restore the remembered geometry, or open at 90 % of the screen. A geometry whose
    monitor is gone, or that no longer fits its screen, moves to the primary screen (keeping
    its size where that fits)."""
    restored = saved is not None and not saved.isEmpty() and window.restoreGeometry(saved)
    if restored and (window.isMaximized() or window.isFullScreen()):
        return  # Qt puts a maximized window on an existing screen itself
    if not restored:
        window.setGeometry(first_run_geometry(window))
        return
    here = screen_of(window).availableGeometry()
    fits = window.width() <= here.width() and window.height() <= here.height()
    if fits and is_reachable(window.frameGeometry()):
        return
    available = primary_available()
    size = bounded(window.size(), available, FIRST_RUN_FRACTION)
    size = size.expandedTo(window.minimumSizeHint()).boundedTo(available.size())
    window.setGeometry(QRect(centred(size, available), size))
