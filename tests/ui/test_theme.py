"""Dark mode: every custom colour is one checked light/dark pair in widgets/theme.py, no other ui
module writes a colour, each pair stays readable in both schemes, and the app follows the scheme."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from portdesk.domain.status import Status
from portdesk.services.queue import HistoryEvent
from portdesk.ui.detail.timeline_view import TimelineView
from portdesk.ui.widgets import theme
from portdesk.ui.widgets.status_badge import StatusBadge, badge_colours

UI = Path(theme.__file__).resolve().parents[1]
HEX = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})(?![0-9a-zA-Z_-])")
CSS_RGB = re.compile(r"\brgba?\(")
CSS_NAMED = re.compile(r"\b(?:color|background(?:-color)?|border(?:-color)?)\s*:[^;{}]*?"
                       r"\b(?:white|black|red|green|blue|yellow|orange|purple|gray|grey|navy|maroon)\b")
ALLOWED_GLOBAL_COLOURS = {"transparent", "color0", "color1"}  # masks and clearing, not colours


def colour_literals(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) for each colour written into a module: hex or CSS colours in strings,
    QColor(...) from constants, Qt.GlobalColor.<name>."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            for pattern in (HEX, CSS_RGB, CSS_NAMED):
                found = pattern.search(text)
                if found:
                    yield node.lineno, found.group(0)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "QColor":
            if node.args and all(isinstance(a, ast.Constant) for a in node.args):
                yield node.lineno, ast.unparse(node)
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)
              and node.value.attr == "GlobalColor" and node.attr not in ALLOWED_GLOBAL_COLOURS):
            yield node.lineno, ast.unparse(node)


def test_the_colour_finder_sees_every_way_of_writing_a_colour() -> None:
    sample = '''
a = QColor("#b3261e")
b = QColor(255, 235, 59)
c = "color: #555; padding: 2px"
d = f"<span style='color:#8a5300'>x</span>"
e = Qt.GlobalColor.darkRed
f = "QLabel { background: white; }"
g = "color: rgb(1, 2, 3)"
ok = Qt.GlobalColor.transparent
ok2 = "#numbersDropZone { border: 2px dashed palette(mid); }"
ok3 = theme.colour("error")
'''
    assert sorted({line for line, _ in colour_literals(sample)}) == [2, 3, 4, 5, 6, 7, 8]


def test_no_ui_module_but_the_theme_writes_a_colour() -> None:
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        if path == Path(theme.__file__).resolve():
            continue
        for line, what in colour_literals(path.read_text("utf-8")):
            offenders.append(f"{path.relative_to(UI.parent)}:{line}: {what}")
    assert offenders == [], "colours belong in portdesk/ui/widgets/theme.py:\n" + "\n".join(offenders)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_pair_keeps_its_words_readable_in_both_schemes(scheme: theme.Scheme) -> None:
    too_faint = []
    for name, pair in theme.COLOURS.items():
        if pair.kind == "fill":
            if pair.on:  # the palette's text (or a page's print) is drawn on it
                ratio = theme.contrast(theme.text_on_fill(name, scheme), theme.background_of(name, scheme))
                if ratio < 4.5:
                    too_faint.append(f"text on {name}: {ratio:.2f}")
            continue
        needed = 4.5 if pair.kind == "text" else 3.0  # WCAG 1.4.3 for words, 1.4.11 for marks
        for background in pair.on:
            ratio = theme.contrast(pair.value(scheme), theme.background_of(background, scheme))
            if ratio < needed:
                too_faint.append(f"{name} on {background}: {ratio:.2f} < {needed}")
    assert too_faint == []


def test_the_contrast_formula_matches_wcag_examples() -> None:
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the famous near miss


def test_each_colour_swaps_to_exactly_one_colour_of_the_other_scheme() -> None:
    """A scheme change rewrites colours in style sheets already set: the mapping must be one-to-one."""
    for old, new in (("light", "dark"), ("dark", "light")):
        table = theme.swap_table(old, new)  # type: ignore[arg-type]
        for name, pair in theme.COLOURS.items():
            if pair.light != pair.dark and pair.kind != "mark":
                assert table.get(pair.value(old).lower()) == pair.value(new).lower(), name  # type: ignore[arg-type]


@pytest.fixture
def app_scheme(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[QApplication]:
    style, palette = qapp.style().name(), QPalette(qapp.palette())
    yield qapp
    monkeypatch.delenv(theme.SCHEME_ENV, raising=False)
    theme.apply(qapp, "light")
    qapp.setStyle(style)
    qapp.setPalette(palette)


def test_dark_scheme_gives_a_dark_palette_and_dark_colours(app_scheme: QApplication, qtbot: QtBot,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(theme.SCHEME_ENV, "dark")
    assert theme.follow_system(app_scheme) == "dark"
    assert app_scheme.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert app_scheme.palette().color(QPalette.ColorRole.Text).lightness() > 200
    bg, fg = badge_colours(Status.EXCEPTION)
    assert bg.lightness() < fg.lightness()  # a dark pill with light words


def test_a_scheme_change_recolours_what_is_already_on_screen(app_scheme: QApplication, qtbot: QtBot,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    monkeypatch.delenv(theme.SCHEME_ENV, raising=False)
    theme.apply(app_scheme, "light")
    label = QLabel("x")
    label.setStyleSheet(theme.style("error", "font-weight: bold;"))
    rich = QLabel(f"<span style='color:{theme.hex_of('warning')}'>late</span>")
    rich.setTextFormat(Qt.TextFormat.RichText)
    badge = StatusBadge()
    badge.set_status(Status.COMPLETED)
    timeline = TimelineView()
    for widget in (label, rich, badge, timeline):
        qtbot.addWidget(widget)
    timeline.show_timeline([HistoryEvent(dt.datetime(2026, 11, 2, tzinfo=dt.UTC), "ana", "status", "queued")], [])
    light_html = timeline._browser.toHtml()

    monkeypatch.setenv(theme.SCHEME_ENV, "dark")  # what the system says, as far as the app can see
    theme.follow_system(app_scheme)
    app_scheme.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)

    assert theme.scheme() == "dark"
    assert theme.COLOURS["error"].dark in label.styleSheet() and "font-weight: bold" in label.styleSheet()
    assert theme.COLOURS["warning"].dark in rich.text()
    assert theme.COLOURS["badge.completed.text"].dark in badge.styleSheet()
    assert timeline._browser.toHtml() != light_html
    assert theme.COLOURS["event.status"].dark in timeline._browser.toHtml().lower()


def test_the_port_calendar_takes_the_new_schemes_colours(app_scheme: QApplication, qtbot: QtBot,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from portdesk.ui.wizard.port_calendar import PortCalendar, qdate

    monkeypatch.delenv(theme.SCHEME_ENV, raising=False)
    theme.apply(app_scheme, "light")
    calendar = PortCalendar(dt.date(2026, 11, 20), lead_days=5)
    qtbot.addWidget(calendar)
    thanksgiving = qdate(dt.date(2026, 11, 26))
    assert calendar.dateTextFormat(thanksgiving).foreground().color().name() == theme.COLOURS["calendar.holiday"].light
    theme.apply(app_scheme, "dark")
    assert calendar.dateTextFormat(thanksgiving).foreground().color().name() == theme.COLOURS["calendar.holiday"].dark
    saturday = calendar.weekdayTextFormat(Qt.DayOfWeek.Saturday).foreground().color().name()
    assert saturday == theme.COLOURS["calendar.weekend"].dark  # not Qt's own red day names
