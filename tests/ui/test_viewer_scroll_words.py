"""While the bill scrolls, the viewer only renders: a page's words (for picking them) are read once the
view stands still, so reading them never holds up the paint of a scroll. A press on a page whose words
are not read yet still picks the word under it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPointF

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.render import PdfBillReader
from portdesk.ui.viewer.page_cache import scale_key
from portdesk.ui.viewer.page_view import WORDS_AFTER_SCROLL_MS

from .viewer_support import click, make_viewer, viewport_point


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return build_bill_pdf(BillContents(extra_pages=38), "multipage")  # 40 pages


def test_pages_scrolled_to_are_rendered_at_once_and_their_words_read_when_the_view_stands_still(qtbot, long_pdf):
    viewer = make_viewer(qtbot, long_pdf)
    view = viewer.view
    assert view.words_of(0) is not None  # the first screen: read with the bill
    view.scroll_to_page(20)
    assert any(page == 20 for page, _scale in view.cache._entries)  # rendered straight away
    assert view.words_of(20) is None  # not while scrolling
    view.scroll_to_page(30)  # scrolling on restarts the wait; the pages passed are never read
    assert view.words_of(30) is None
    qtbot.waitUntil(lambda: view.words_of(30) is not None, timeout=3 * WORDS_AFTER_SCROLL_MS + 1000)
    assert view.words_of(20) is None


def test_a_press_on_a_page_just_scrolled_to_picks_the_word_under_it(qtbot, long_pdf):
    viewer = make_viewer(qtbot, long_pdf)
    view = viewer.view
    page = 12
    view.scroll_to_page(page)
    assert view.words_of(page) is None
    bare = PdfBillReader().open(long_pdf)
    word = next(w for w in bare.words(page) if len(w.text) > 4)
    bare.close()
    x0, y0, x1, y1 = word.rect
    pos = viewport_point(viewer, page, (x0 + x1) / 2, (y0 + y1) / 2)
    click(qtbot, viewer, pos.toPoint())
    assert view.words_of(page) is not None
    assert viewer.view.selection.text == word.text.rstrip(",")


def test_a_press_between_words_on_a_page_not_read_yet_clears_the_selection(qtbot, long_pdf):
    viewer = make_viewer(qtbot, long_pdf)
    view = viewer.view
    view.scroll_to_page(5)
    qtbot.waitUntil(lambda: view.words_of(5) is not None)
    first = view.words_of(5)[0]
    click(qtbot, viewer, view.word_position(5, first).toPoint())
    assert view.selection.text
    view.scroll_to_page(15)
    assert view.words_of(15) is None
    click(qtbot, viewer, (view.page_origin(15) + QPointF(4, 4)).toPoint())
    assert view.selection.text == ""


class _PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_a_page_rendered_ahead_out_of_view_does_not_repaint_the_view_and_one_in_view_does(qtbot, long_pdf):
    viewer = make_viewer(qtbot, long_pdf)
    view = viewer.view
    counter = _PaintCounter()
    view.viewport().installEventFilter(counter)
    for _ in range(20):  # the window's first paints are over: a quiet 100 ms
        counter.paints = 0
        qtbot.wait(100)
        if counter.paints == 0:
            break
    key_scale = scale_key(view.zoom, view.devicePixelRatioF())
    view._wanted = view._wanted | {(30, key_scale)}
    counter.paints = 0
    view._request_render(30, key_scale)  # the synchronous runner: rendered and landed on return
    assert (30, key_scale) in view.cache
    qtbot.wait(100)
    assert counter.paints == 0
    visible = view.visible_pages()[0]
    view.cache.discard((visible, key_scale))
    view._request_render(visible, key_scale)
    qtbot.waitUntil(lambda: counter.paints > 0, timeout=2000)
    view.viewport().removeEventFilter(counter)
