"""Light and dark colours in one place. Widgets ask `colors()` for a named role when they
paint or return a brush, and style sheets go through `set_style`, so a change of the
operating system's colour scheme, or of Settings › Appearance, recolours the open window at
once. The dark palette is built here rather than left to the platform: not every platform
theme (nor Qt's offscreen one) supplies one."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from string import Template

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

SYSTEM, LIGHT, DARK = "system", "light", "dark"
MODES = {SYSTEM: "Follow the system", LIGHT: "Light", DARK: "Dark"}
SETTING = "appearance/theme"
#: WCAG 2 AA for body text.
MIN_CONTRAST = 4.5
_STYLE_PROPERTY = "themeStyle"
#: Chart series: mid tones that read on light and dark chart backgrounds alike.
CHART_SERIES = ("#42a5f5", "#66bb6a", "#ffa726", "#ab47bc", "#ef5350", "#26a69a", "#8d6e63", "#ec407a")


@dataclass(frozen=True)
class Colors:
    """Named colour roles (hex strings, so style sheets take them as they are)."""

    window: str
    base: str
    alternate_base: str
    text: str
    button: str
    highlight: str
    highlighted_text: str
    link: str
    muted: str  # secondary text: numbers, dates, customers on cards
    overdue: str
    archived: str
    done: str
    card_bg: str
    card_border: str
    card_selected_bg: str
    card_selected_border: str
    avatar_bg: str
    avatar_text: str
    column_bg: str
    count_bg: str
    count_text: str
    column_total: str
    drop_bg: str
    drop_bg_active: str
    drop_border: str
    drop_border_active: str
    drop_text: str
    section_bg: str  # BOM section rows
    banner_bg: str
    banner_text: str
    reminder_bg: str
    reminder_border: str
    error: str
    warning: str
    success: str
    hint: str
    emphasis: str  # the BOM's grand total
    invalid_border: str
    import_error_bg: str
    import_bad_bg: str
    import_duplicate_bg: str
    quote_draft: str
    quote_sent: str
    quote_accepted: str
    quote_declined: str
    placeholder_bg: str
    placeholder_border: str
    chip_fallback: str  # a status or label without a colour of its own
    stage_fallback: str


LIGHT_COLORS = Colors(
    window="#efefef",
    base="#ffffff",
    alternate_base="#f5f6f7",
    text="#1f2933",
    button="#efefef",
    highlight="#1e6fd9",
    highlighted_text="#ffffff",
    link="#0b57d0",
    muted="#5f6b7a",
    overdue="#c62828",
    archived="#6b7079",
    done="#6e6e6e",
    card_bg="#ffffff",
    card_border="#d5dae1",
    card_selected_bg="#eef6fe",
    card_selected_border="#1e88e5",
    avatar_bg="#546e7a",
    avatar_text="#ffffff",
    column_bg="#eef1f4",
    count_bg="#546e7a",
    count_text="#ffffff",
    column_total="#37474f",
    drop_bg="#f4fbf4",
    drop_bg_active="#e8f5e9",
    drop_border="#9ccc9f",
    drop_border_active="#2e7d32",
    drop_text="#2e7d32",
    section_bg="#e8eef4",
    banner_bg="#fff4e5",
    banner_text="#8a4b00",
    reminder_bg="#fff8e1",
    reminder_border="#ffe082",
    error="#b71c1c",
    warning="#8a5a00",
    success="#276b2b",
    hint="#5f6b76",
    emphasis="#1f4e79",
    invalid_border="#c62828",
    import_error_bg="#fde7e9",
    import_bad_bg="#f6b8bf",
    import_duplicate_bg="#fff4ce",
    quote_draft="#546e7a",
    quote_sent="#8e24aa",
    quote_accepted="#2e7d32",
    quote_declined="#c62828",
    placeholder_bg="#f3f3f3",
    placeholder_border="#999999",
    chip_fallback="#607d8b",
    stage_fallback="#9e9e9e",
)

DARK_COLORS = Colors(
    window="#202124",
    base="#2a2c31",  # lighter than the window, so fields and radio buttons stand out
    alternate_base="#31343a",
    text="#e8eaed",
    button="#383b41",
    highlight="#2f5fa3",
    highlighted_text="#ffffff",
    link="#8ab4f8",
    muted="#a7b0bb",
    overdue="#ff8a80",
    archived="#9ea3aa",
    done="#a3a3a3",
    card_bg="#2b2e33",
    card_border="#464b53",
    card_selected_bg="#1d3652",
    card_selected_border="#64b5f6",
    avatar_bg="#455a64",
    avatar_text="#ffffff",
    column_bg="#17181b",
    count_bg="#455a64",
    count_text="#ffffff",
    column_total="#b8c4cc",
    drop_bg="#1c261d",
    drop_bg_active="#23351f",
    drop_border="#4f7f52",
    drop_border_active="#81c784",
    drop_text="#a5d6a7",
    section_bg="#2c3742",
    banner_bg="#3b2d18",
    banner_text="#ffcc80",
    reminder_bg="#3a3218",
    reminder_border="#6d5d1f",
    error="#ff8a80",
    warning="#ffcc80",
    success="#81c784",
    hint="#a7b0bb",
    emphasis="#90caf9",
    invalid_border="#ff8a80",
    import_error_bg="#4a2328",
    import_bad_bg="#6b2a33",
    import_duplicate_bg="#463e1c",
    quote_draft="#b0bec5",
    quote_sent="#ce93d8",
    quote_accepted="#81c784",
    quote_declined="#ff8a80",
    placeholder_bg="#2b2e33",
    placeholder_border="#6b7079",
    chip_fallback="#607d8b",
    stage_fallback="#9e9e9e",
)


# -- contrast ---------------------------------------------------------------------------------


def luminance(color: QColor | str) -> float:
    """WCAG 2 relative luminance of an opaque colour."""
    c = QColor(color)

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(foreground: QColor | str, background: QColor | str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_on(background: QColor | str) -> QColor:
    """Black or white, whichever reads better on `background` (chips in a user's colour)."""
    white, black = QColor("#ffffff"), QColor("#000000")
    return white if contrast(white, background) >= contrast(black, background) else black


def readable(color: QColor | str, background: QColor | str, ratio: float = MIN_CONTRAST) -> QColor:
    """`color`, made lighter or darker (same hue) until it reads on `background`: a label's
    own colour as the text of an outlined chip, on a light card or a dark one."""
    result = QColor(color)
    towards_white = luminance(background) < 0.18
    hue, saturation, lightness = result.hslHueF(), result.hslSaturationF(), result.lightnessF()
    steps = 0
    while contrast(result, background) < ratio and steps < 40:
        lightness = min(1.0, lightness + 0.025) if towards_white else max(0.0, lightness - 0.025)
        result = QColor.fromHslF(max(hue, 0.0), saturation, lightness)
        steps += 1
    return result


# -- the current scheme -------------------------------------------------------------------


class _Theme(QObject):
    """Holds the chosen mode and follows the system's scheme while the mode is *system*."""

    changed = Signal(bool)  # dark?

    def __init__(self) -> None:
        super().__init__()
        self.mode = SYSTEM
        self.dark = False
        self._followed = False
        self._light_palette: QPalette | None = None

    def follow_system(self) -> None:
        app = QGuiApplication.instance()
        if self._followed or not isinstance(app, QGuiApplication):
            return
        self._followed = True
        if not system_is_dark():  # the platform's own light palette, kept for "system"
            self._light_palette = QPalette(QGuiApplication.palette())
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: self.apply())

    def apply(self) -> None:
        dark = self.mode == DARK or (self.mode == SYSTEM and system_is_dark())
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            hints = QGuiApplication.styleHints()
            wanted = {LIGHT: Qt.ColorScheme.Light, DARK: Qt.ColorScheme.Dark}.get(self.mode)
            if wanted is None:
                hints.unsetColorScheme()
            elif hints.colorScheme() != wanted:
                hints.setColorScheme(wanted)  # native dialogs and title bars where supported
            native_light = not dark and not system_is_dark() and self._light_palette is not None
            palette = self._light_palette if native_light else None
            QGuiApplication.setPalette(palette or build_palette(DARK_COLORS if dark else LIGHT_COLORS))
            if dark and isinstance(app, QApplication) and app.style().name().lower() == "windowsvista":
                app.setStyle("fusion")  # the Vista style paints its controls light whatever the palette
        changed = dark != self.dark
        self.dark = dark
        restyle_all()
        if changed:
            self.changed.emit(dark)


_THEME = _Theme()


def system_is_dark() -> bool:
    """The operating system's colour scheme (Qt 6.5+), unknown counting as light."""
    if QGuiApplication.instance() is None:
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def theme() -> _Theme:
    """The one theme object: connect to `changed` to repaint what is not a widget."""
    return _THEME


def is_dark() -> bool:
    return _THEME.dark


def colors() -> Colors:
    """The colour roles of the scheme on screen now."""
    return DARK_COLORS if _THEME.dark else LIGHT_COLORS


def color(role: str) -> QColor:
    """One role as a QColor: `color("overdue")`."""
    return QColor(getattr(colors(), role))


def stored_mode(settings: QSettings) -> str:
    value = str(settings.value(SETTING, SYSTEM))
    return value if value in MODES else SYSTEM


def install(settings: QSettings) -> None:
    """At start-up: the stored mode, and from then on follow the system's changes."""
    _THEME.follow_system()
    _THEME.mode = stored_mode(settings)
    _THEME.apply()


def set_mode(settings: QSettings, mode: str) -> None:
    """Settings › Appearance: system, light or dark; kept per user, applied at once."""
    if mode not in MODES:
        raise ValueError(f"Unknown appearance '{mode}'. Choose one of: {', '.join(MODES)}.")
    settings.setValue(SETTING, mode)
    _THEME.follow_system()
    _THEME.mode = mode
    _THEME.apply()


def build_palette(c: Colors) -> QPalette:
    """A full QPalette from the colour roles (disabled text dimmed)."""
    palette = QPalette()
    role = QPalette.ColorRole
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        palette.setColor(group, role.Window, QColor(c.window))
        palette.setColor(group, role.WindowText, QColor(c.text))
        palette.setColor(group, role.Base, QColor(c.base))
        palette.setColor(group, role.AlternateBase, QColor(c.alternate_base))
        palette.setColor(group, role.Text, QColor(c.text))
        palette.setColor(group, role.Button, QColor(c.button))
        palette.setColor(group, role.ButtonText, QColor(c.text))
        palette.setColor(group, role.BrightText, QColor("#ffffff"))
        palette.setColor(group, role.Highlight, QColor(c.highlight))
        palette.setColor(group, role.HighlightedText, QColor(c.highlighted_text))
        palette.setColor(group, role.Link, QColor(c.link))
        palette.setColor(group, role.LinkVisited, QColor(c.link))
        palette.setColor(group, role.ToolTipBase, QColor(c.card_bg))
        palette.setColor(group, role.ToolTipText, QColor(c.text))
        palette.setColor(group, role.PlaceholderText, QColor(c.muted))
        palette.setColor(group, role.Light, QColor(c.base).lighter(150))
        palette.setColor(group, role.Midlight, QColor(c.button).lighter(115))
        palette.setColor(group, role.Mid, QColor(c.card_border))
        palette.setColor(group, role.Dark, QColor(c.card_border).darker(130))
        palette.setColor(group, role.Shadow, QColor("#000000"))
    disabled = QColor(c.muted)
    disabled.setAlpha(170)
    for disabled_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, disabled_role, disabled)
    return palette


# -- style sheets ---------------------------------------------------------------------------


def set_style(widget: QWidget, template: str) -> None:
    """A style sheet with `$role` placeholders (`"color: $error;"`), filled from the scheme
    on screen and filled again whenever it changes."""
    widget.setProperty(_STYLE_PROPERTY, template)
    widget.setStyleSheet(Template(template).substitute(asdict(colors())))


def restyle_all() -> None:
    """Fill every themed style sheet again (after a change of scheme)."""
    if not isinstance(QApplication.instance(), QApplication):
        return
    values = asdict(colors())
    for widget in QApplication.allWidgets():
        template = widget.property(_STYLE_PROPERTY)
        if isinstance(template, str) and template:
            widget.setStyleSheet(Template(template).substitute(values))
