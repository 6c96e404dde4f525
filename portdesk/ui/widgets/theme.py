"""Every custom colour of the desktop app, and the colour scheme (light or dark) the app follows.

Each colour is one checked pair: its light and its dark value, what it is drawn on, and what kind of
thing it is (text must keep WCAG contrast 4.5:1 against its background in both schemes, marks 3:1;
a fill must keep the palette's text readable on it). No other ui module writes a colour literal:
they ask here (`colour`, `hex_of`, `style`), so a scheme change recolours the whole app.

The scheme: `PORTDESK_COLOR_SCHEME=light|dark` when set (tests, screenshots, a user's choice), else
the system's (`QStyleHints.colorScheme()`, followed as it changes). In dark, when the platform gives
no dark palette itself, PortDesk switches to Fusion with the dark palette below.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

Scheme = Literal["light", "dark"]
Kind = Literal["text", "mark", "fill"]
SCHEME_ENV = "PORTDESK_COLOR_SCHEME"


@dataclass(frozen=True)
class Pair:
    light: str
    dark: str
    kind: Kind = "text"
    # what it is drawn on: palette backgrounds ("base", "window") or other pairs (fills)
    on: tuple[str, ...] = ("base", "window")
    alpha: int = 255  # fills drawn see-through over their background

    def value(self, scheme: Scheme) -> str:
        return self.dark if scheme == "dark" else self.light


# The palette backgrounds and text the pairs are checked against (light: Fusion's own palette).
PALETTE: Mapping[Scheme, Mapping[str, str]] = {
    "light": {"base": "#ffffff", "window": "#efefef", "text": "#000000"},
    "dark": {"base": "#1c1d1f", "window": "#26282b", "text": "#e8eaed"},
}
PAPER = ("paper",)  # a bill or LOA page: white in both schemes, like the PDF it shows

COLOURS: dict[str, Pair] = {
    # words that say how something stands
    "muted": Pair("#566270", "#a7b0bb"),  # hints, subtitles, times, overridden findings
    "error": Pair("#b3261e", "#ff8a80", on=("base", "window", "error.fill")),
    "warning": Pair("#855000", "#f2b65f"),
    "ok": Pair("#1e6b32", "#81c995"),
    "error.fill": Pair("#ffebee", "#4a1c1f", "fill"),
    # the history's event kinds
    "event.status": Pair("#1e40af", "#bfdbfe"),
    "event.comment": Pair("#6b21a8", "#e9d5ff"),
    "event.foc": Pair("#115e59", "#99f6e4"),
    "event.neutral": Pair("#475569", "#e2e8f0"),  # import, created, anything else
    "event.edit": Pair("#92400e", "#fde68a"),
    "event.numbers": Pair("#075985", "#bae6fd"),
    "event.carrier": Pair("#9a3412", "#fed7aa"),
    "event.signature": Pair("#166534", "#bbf7d0"),
    # per-number statuses as carriers report them
    "number.done": Pair("#166534", "#bbf7d0"),
    "number.foc": Pair("#115e59", "#99f6e4"),
    "number.failed": Pair("#b91c1c", "#fecaca"),
    "number.cancelled": Pair("#475569", "#e2e8f0"),
    # the port-date calendar
    "calendar.weekend": Pair("#5f6670", "#b3bac2", on=("base", "window", "calendar.lead")),
    "calendar.holiday": Pair("#a8231c", "#ff9a90", on=("base", "window", "calendar.lead")),
    "calendar.past": Pair("#62686f", "#8f959d"),
    "calendar.lead": Pair("#fde7c2", "#5a3f12", "fill"),
    # the "from the bill" marks in the wizard's fields (a disc with a letter)
    "bill.sure": Pair("#1a5fb4", "#8ab4f8", "mark"),
    "bill.unsure": Pair("#9a5b00", "#f0b050", "mark"),
    "bill.glyph": Pair("#fefefe", "#1c1d1f", on=("bill.sure", "bill.unsure")),
    # around pages (the bill viewer, the LOA preview) and on them
    "backdrop": Pair("#5f6368", "#141517", "fill", on=()),
    "backdrop.text": Pair("#fafafa", "#e8eaed", on=("backdrop",)),
    "paper": Pair("#ffffff", "#ffffff", "fill", on=PAPER),
    "paper.text": Pair("#5c6066", "#5c6066", on=PAPER),
    "paper.error": Pair("#c62828", "#c62828", on=PAPER),
    "ink": Pair("#0f1e6e", "#0f1e6e", on=("paper", "signature.paper")),
    "signature.paper": Pair("#fffffd", "#fffffd", "fill", on=PAPER),
    "signature.guide": Pair("#8c8c8c", "#8c8c8c", "mark", on=("signature.paper",)),
    # the bill check's marks on the page, and the icons beside the fields (a white glyph on the disc)
    "check.exact": Pair("#2e7d32", "#2e7d32", "mark", on=PAPER),
    "check.near": Pair("#a15c00", "#a15c00", "mark", on=PAPER),
    "check.missing": Pair("#c62828", "#c62828", "mark", on=PAPER),
    "check.unchecked": Pair("#6b6b6b", "#6b6b6b", "mark", on=PAPER),
    "check.glyph": Pair("#ffffff", "#ffffff", on=("check.exact", "check.near", "check.missing",
                                                  "check.unchecked")),
    "find.hit": Pair("#ffeb3b", "#ffeb3b", "fill", on=PAPER, alpha=110),
    "find.current": Pair("#ff9800", "#ff9800", "fill", on=PAPER, alpha=150),
    "selection": Pair("#2196f3", "#2196f3", "fill", on=PAPER, alpha=90),
    "flash": Pair("#1565c0", "#1565c0", "mark", on=PAPER),
}

# Status badges: a tinted pill (fill) with its words (text on that fill), per neutral status.
_BADGES = {
    "draft": ("#e2e8f0", "#334155", "#334155", "#e5e7eb"),
    "awaiting_documents": ("#fef3c7", "#92400e", "#5c3d0a", "#fde68a"),
    "exception": ("#fee2e2", "#b91c1c", "#5f1d1d", "#fecaca"),
    "queued": ("#e0e7ff", "#3730a3", "#312e81", "#c7d2fe"),
    "submitted": ("#dbeafe", "#1e40af", "#1e3a8a", "#bfdbfe"),
    "pending": ("#e0f2fe", "#075985", "#0c4a6e", "#bae6fd"),
    "foc_confirmed": ("#ccfbf1", "#115e59", "#134e4a", "#99f6e4"),
    "supp_pending": ("#f3e8ff", "#6b21a8", "#4c1d95", "#e9d5ff"),
    "cancel_pending": ("#ffedd5", "#9a3412", "#6c2a0d", "#fed7aa"),
    "completed": ("#dcfce7", "#166534", "#14532d", "#bbf7d0"),
    "cancelled": ("#f1f5f9", "#475569", "#3a4352", "#e2e8f0"),
    "rejected_final": ("#fecaca", "#7f1d1d", "#7f1d1d", "#fee2e2"),
}
for _status, (_bg, _fg, _dark_bg, _dark_fg) in _BADGES.items():
    COLOURS[f"badge.{_status}"] = Pair(_bg, _dark_bg, "fill", on=())
    COLOURS[f"badge.{_status}.text"] = Pair(_fg, _dark_fg, on=(f"badge.{_status}",))

DARK_PALETTE: Mapping[QPalette.ColorRole, str] = {
    QPalette.ColorRole.Window: PALETTE["dark"]["window"],
    QPalette.ColorRole.WindowText: PALETTE["dark"]["text"],
    QPalette.ColorRole.Base: PALETTE["dark"]["base"],
    QPalette.ColorRole.AlternateBase: "#232527",
    QPalette.ColorRole.ToolTipBase: "#2f3134",
    QPalette.ColorRole.ToolTipText: PALETTE["dark"]["text"],
    QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    QPalette.ColorRole.Text: PALETTE["dark"]["text"],
    QPalette.ColorRole.Button: "#303236",
    QPalette.ColorRole.ButtonText: PALETTE["dark"]["text"],
    QPalette.ColorRole.BrightText: "#ff8a80",
    QPalette.ColorRole.Light: "#4a4d52",
    QPalette.ColorRole.Midlight: "#3a3c40",
    QPalette.ColorRole.Mid: "#5c6066",
    QPalette.ColorRole.Dark: "#151618",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#2f6bd8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.LinkVisited: "#c58af9",
}
DARK_DISABLED_TEXT = "#80858c"

_current: Scheme = "light"
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


# -- lookups ---------------------------------------------------------------------------------------
def scheme() -> Scheme:
    return _current


def hex_of(name: str) -> str:
    """A colour as "#rrggbb" in the current scheme, for style sheets and rich text."""
    return COLOURS[name].value(_current)


def colour(name: str) -> QColor:
    pair = COLOURS[name]
    value = QColor(pair.value(_current))
    value.setAlpha(pair.alpha)
    return value


def style(text_colour: str, extra: str = "") -> str:
    """A widget style sheet giving its text one of the colours: `style("error", "font-weight: bold;")`."""
    return f"color: {hex_of(text_colour)}; {extra}".strip()


def error_style() -> str:
    return style("error")


# -- contrast (WCAG 2) -------------------------------------------------------------------------------
def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def blend(top: str, alpha: int, under: str) -> str:
    """`top` at `alpha` (0–255) painted over `under`, as "#rrggbb"."""
    a = alpha / 255
    mixed = (round(int(top[i:i + 2], 16) * a + int(under[i:i + 2], 16) * (1 - a)) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on_fill(name: str, for_scheme: Scheme) -> str:
    """The text drawn on a fill: a page's own black print on paper, else the palette's text (fills
    drawn on nothing, like badges, carry only their own pairs, checked as text on them)."""
    return "#000000" if COLOURS[name].on == PAPER else PALETTE[for_scheme]["text"]


def background_of(name: str, for_scheme: Scheme) -> str:
    """A background a pair is drawn on, in a scheme: a palette role or another pair (over the base)."""
    if name in PALETTE[for_scheme]:
        return PALETTE[for_scheme][name]
    pair = COLOURS[name]
    value = pair.value(for_scheme)
    if pair.alpha == 255:
        return value
    return blend(value, pair.alpha, background_of(pair.on[0], for_scheme) if pair.on else PALETTE[for_scheme]["base"])


# -- following the system ----------------------------------------------------------------------------
class _Notifier(QObject):
    changed = Signal(str)  # the new scheme: views with built-in HTML rebuild it


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    """Tells widgets that build rich text from these colours to rebuild it (connect to `.changed`)."""
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


def wanted_scheme(app: QGuiApplication | None = None) -> Scheme:
    """`PORTDESK_COLOR_SCHEME` when set, else the system's scheme (light when it does not say)."""
    forced = os.environ.get(SCHEME_ENV, "").strip().lower()
    if forced in ("light", "dark"):
        return "dark" if forced == "dark" else "light"
    app = app or QGuiApplication.instance()  # type: ignore[assignment]
    if app is None:
        return "light"
    if app.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        return "dark"
    return "light"


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, value in DARK_PALETTE.items():
        palette.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DARK_DISABLED_TEXT))
    return palette


def _palette_is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def apply(app: QApplication, new: Scheme) -> None:
    """Switch the app to a scheme: the palette (when the platform's is not already right), the
    colours already in style sheets and rich-text labels, and every view that built HTML."""
    global _current
    old, _current = _current, new
    style_palette = app.style().standardPalette()
    if new == "dark" and not _palette_is_dark(app.palette()):
        if not _palette_is_dark(style_palette):
            from portdesk.ui.widgets.dark_outlines import OutlinedFusion

            app.setStyle(OutlinedFusion())  # styles that draw their own light chrome ignore a dark palette
        app.setPalette(dark_palette())
    elif new == "light" and _palette_is_dark(app.palette()) and not _palette_is_dark(style_palette):
        app.setPalette(style_palette)
    if old != new:
        for widget in app.allWidgets():
            recolour(widget, old, new)
        notifier().changed.emit(new)


def recolour(widget: QWidget, old: Scheme, new: Scheme) -> None:
    """Swap the colours of one scheme for the other's in a widget's style sheet and rich text."""
    table = swap_table(old, new)

    def swap(text: str) -> str:
        return _HEX.sub(lambda m: table.get(m.group(0).lower(), m.group(0)), text)

    sheet = widget.styleSheet()
    if sheet and _HEX.search(sheet):
        widget.setStyleSheet(swap(sheet))
    if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
        text = widget.text()
        if _HEX.search(text):
            widget.setText(swap(text))


@functools.cache  # asked once per widget on a scheme change: thousands of times for the same two schemes
def swap_table(old: Scheme, new: Scheme) -> Mapping[str, str]:
    """Each colour of `old` → the same pair's colour in `new` (only where that is unambiguous)."""
    table: dict[str, set[str]] = {}
    for pair in COLOURS.values():
        table.setdefault(pair.value(old).lower(), set()).add(pair.value(new).lower())
    return {k: next(iter(v)) for k, v in table.items() if len(v) == 1}


def follow_system(app: QApplication) -> Scheme:
    """Take the wanted scheme now and follow the system's as it changes (unless forced by the env)."""
    apply(app, wanted_scheme(app))
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply(app, wanted_scheme(app)))
    return _current
