"""The bill's pages in one continuous scroll, rendered lazily off the GUI thread, with overlays.

Only the pages in view ± 1 are asked for; a request that is scrolled past before the PDF thread
reaches it is skipped there. A page's words (for picking them) are read once the view has stood still
for WORDS_AFTER_SCROLL_MS, or at once when a press needs them: read during a scroll they held the
interpreter the GUI thread needed to paint. Rendered pages land in an LRU cache keyed by page and pixel scale;
until the right one lands, another zoom's rendering is stretched into place (or a blank page).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDrag,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from portdesk.domain.documents import FieldCheck
from portdesk.services.bills import FIELD_LABELS, BillService, Rect, RenderedPage, SearchHit, Word
from portdesk.ui.jobs import PRIORITY_RENDER, PRIORITY_WORDS, Lane
from portdesk.ui.viewer import overlays
from portdesk.ui.viewer.fields_panel import describe
from portdesk.ui.viewer.page_cache import PageCache, scale_key, to_image
from portdesk.ui.viewer.page_layout import PageLayout
from portdesk.ui.viewer.selection import WordSelection, word_at
from portdesk.ui.widgets import theme

ZOOM_STEP = 1.25
FLASH_MS = 1400
WORDS_AFTER_SCROLL_MS = 150  # still this long: the reader has stopped on these pages


class BillPageView(QAbstractScrollArea):
    zoom_changed = Signal(float)
    current_page_changed = Signal(int)  # 0-based
    page_rendered = Signal(int)  # 0-based, a rendering at the current zoom has landed
    selection_changed = Signal(str)  # the selected words as the bill has them

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(False)
        self._service: BillService | None = None
        self._runner: Lane | None = None
        self._doc: Any = None
        self.layout_ = PageLayout([])
        self.fit_mode: str | None = "width"  # width | page | None (a zoom the user chose)
        self.cache = PageCache()
        self._pending: set[tuple[int, float]] = set()
        self._wanted: frozenset[tuple[int, float]] = frozenset()
        self._words: dict[int, list[Word]] = {}
        self._select_when_read: tuple[int, Rect] | None = None  # a Find match waiting for its page's words
        self._words_pending: set[int] = set()
        self._on_screen = range(0)  # the pages in view when renders were last asked for
        self._words_timer = QTimer(self, singleShot=True, interval=WORDS_AFTER_SCROLL_MS)
        self._words_timer.timeout.connect(self._request_visible_words)
        self._click_when_read: tuple[int, float, float] | None = None  # a press that waits for its page's words
        self.render_errors: dict[int, str] = {}
        self._marks: list[overlays.FieldMark] = []
        self._checks: dict[str, FieldCheck] = {}
        self._hits: list[SearchHit] = []
        self._current_hit = -1
        self.selection = WordSelection()
        self._flash: tuple[int, tuple[Rect, ...]] | None = None
        self._flash_left = 0.0
        self._flash_timer = QTimer(self, interval=40)
        self._flash_timer.timeout.connect(self._on_flash_tick)
        self._current_page = -1
        self._press_pos: QPointF | None = None
        self._drag_selection = False  # the press landed on the selection: a drag carries it out
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._on_scrolled)

    # -- document ----------------------------------------------------------------------------
    def set_document(self, service: BillService, runner: Lane, doc: Any,
                     sizes: list[tuple[float, float]]) -> None:
        self._service, self._runner, self._doc = service, runner, doc
        self.layout_ = PageLayout(sizes)
        self.cache.clear()
        self._pending.clear()
        self._words.clear()
        self._click_when_read = None
        self.render_errors.clear()
        self._apply_fit()
        self._update_scrollbars()
        self._request_visible()
        self.viewport().update()

    def release(self) -> None:
        """Stop asking for pages: queued renders are skipped on the PDF thread."""
        self._wanted = frozenset()
        self._runner = None

    @property
    def page_count(self) -> int:
        return len(self.layout_.sizes)

    @property
    def zoom(self) -> float:
        return self.layout_.zoom

    def _dpr(self) -> float:
        return float(self.viewport().devicePixelRatioF())

    # -- zoom ----------------------------------------------------------------------------------
    def set_zoom(self, zoom: float, anchor: QPointF | None = None, fit: str | None = None) -> None:
        """Zoom keeping the content under `anchor` (viewport coordinates; default: centre) in place."""
        self.fit_mode = fit
        old = self.layout_.zoom
        if anchor is None:
            anchor = QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        # The point of the bill under the anchor, in PDF points of its page: pages are centred and
        # separated by fixed gaps, so content pixels do not simply scale with the zoom.
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        page = self.layout_.page_at(vbar.value() + anchor.y())
        if page >= 0:
            x_pt = (hbar.value() + anchor.x() - self.layout_.page_left(page, self.viewport().width())) / old
            y_pt = (vbar.value() + anchor.y() - self.layout_.page_top(page)) / old
        self.layout_.set_zoom(zoom)
        if abs(self.layout_.zoom - old) < 1e-6:
            return
        self._update_scrollbars()
        if page >= 0:
            zoom = self.layout_.zoom
            vbar.setValue(round(self.layout_.page_top(page) + y_pt * zoom - anchor.y()))
            left = self.layout_.page_left(page, self.viewport().width())
            hbar.setValue(round(left + x_pt * zoom - anchor.x()))
        self._request_visible()
        self.viewport().update()
        self.zoom_changed.emit(self.layout_.zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def fit_width(self) -> None:
        # Anchored at the top edge: a resize keeps the same line at the top (a centre anchor taken
        # from a not-yet-shown, tiny viewport would throw the view to the end of the bill).
        self.set_zoom(self.layout_.fit_width_zoom(self._area_width()), anchor=QPointF(0, 0), fit="width")

    def fit_page(self) -> None:
        page = max(0, self._current_page)
        zoom = self.layout_.fit_page_zoom(self._area_width(), self.viewport().height(), page)
        self.set_zoom(zoom, fit="page")
        if self.page_count:
            self.scroll_to_page(page)

    def _area_width(self) -> float:
        # Leave room for the vertical scroll bar so fitting does not make it appear and overflow.
        return self.viewport().width() - (0 if self.verticalScrollBar().isVisible() else
                                           self.verticalScrollBar().sizeHint().width())

    def _apply_fit(self) -> None:
        if self.fit_mode == "width":
            self.fit_width()
        elif self.fit_mode == "page":
            self.fit_page()

    # -- scrolling -----------------------------------------------------------------------------
    def _update_scrollbars(self) -> None:
        view = self.viewport()
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setRange(0, max(0, round(self.layout_.total_height - view.height())))
        vbar.setPageStep(view.height())
        vbar.setSingleStep(40)
        hbar.setRange(0, max(0, round(self.layout_.total_width - view.width())))
        hbar.setPageStep(view.width())
        hbar.setSingleStep(40)

    def page_origin(self, page: int) -> QPointF:
        """Top-left of the page in viewport coordinates."""
        left = self.layout_.page_left(page, self.viewport().width())
        return QPointF(left - self.horizontalScrollBar().value(),
                       self.layout_.page_top(page) - self.verticalScrollBar().value())

    def visible_pages(self) -> range:
        top = self.verticalScrollBar().value()
        return self.layout_.visible_pages(top, top + self.viewport().height())

    def scroll_to_page(self, page: int) -> None:
        self.verticalScrollBar().setValue(round(self.layout_.page_top(page) - 6))

    def reveal(self, page: int, rects: tuple[Rect, ...], flash: bool = True) -> None:
        """Scroll the place into the middle of the view and (optionally) flash it."""
        if not rects or not 0 <= page < self.page_count:
            return
        zoom = self.layout_.zoom
        y = self.layout_.page_top(page) + min(r[1] for r in rects) * zoom
        x = self.layout_.page_left(page, self.viewport().width()) + min(r[0] for r in rects) * zoom
        self.verticalScrollBar().setValue(round(y - self.viewport().height() / 3))
        if not (0 <= x - self.horizontalScrollBar().value() <= self.viewport().width() - 40):
            self.horizontalScrollBar().setValue(round(x - 40))
        if flash:
            self._flash = (page, rects)
            self._flash_left = 1.0
            self._flash_timer.start()
        self.viewport().update()

    def _on_flash_tick(self) -> None:
        self._flash_left -= self._flash_timer.interval() / FLASH_MS
        if self._flash_left <= 0:
            self._flash_timer.stop()
            self._flash = None
        self.viewport().update()

    def _on_scrolled(self, _value: int) -> None:
        self._request_visible(words=False)
        self._words_timer.start()  # (re)started: the words once the view stands still
        self.viewport().update()
        pages = self.visible_pages()
        if pages:
            middle = self.verticalScrollBar().value() + self.viewport().height() / 2
            current = self.layout_.page_at(middle)
            if current != self._current_page:
                self._current_page = current
                self.current_page_changed.emit(current)

    # -- lazy rendering ------------------------------------------------------------------------
    def _wanted_pages(self) -> range:
        pages = self.visible_pages()
        return range(max(0, pages.start - 1), min(self.page_count, pages.stop + 1))

    def _request_visible(self, words: bool = True) -> None:
        self._on_screen = self.visible_pages()
        if self._runner is None or not self.page_count:
            return
        wanted_pages = self._wanted_pages()
        key_scale = scale_key(self.layout_.zoom, self._dpr())
        self._wanted = frozenset((p, key_scale) for p in wanted_pages)
        for page in wanted_pages:
            self._request_render(page, key_scale)
        if words:
            self._request_visible_words()

    def _request_visible_words(self) -> None:
        self._words_timer.stop()
        if self._runner is None or not self.page_count:
            return
        for page in self._wanted_pages():
            self._request_words(page)

    def _request_render(self, page: int, key_scale: float) -> None:
        key = (page, key_scale)
        if key in self.cache or key in self._pending or page in self.render_errors:
            return
        assert self._runner is not None and self._service is not None
        self._pending.add(key)
        service, doc, dpr = self._service, self._doc, self._dpr()

        def job() -> tuple[Any, RenderedPage]:
            rendered = service.render(doc, page, key_scale)
            return to_image(rendered, dpr), rendered

        self._runner.submit(
            job,
            lambda result: self._on_page_rendered(key, result),
            lambda error: self._on_render_failed(key, str(error)),
            priority=PRIORITY_RENDER,
            wanted=lambda: key in self._wanted,
            # Once the page is on its way: the memory the next page like it is drawn into, faulted in
            # now (documents/render.py), so a page seen for the first time does not wait for it.
            after=lambda: service.prepare_render(doc, page, key_scale),
        )

    def _on_page_rendered(self, key: tuple[int, float], result: tuple[Any, RenderedPage]) -> None:
        self._pending.discard(key)
        self.cache.put(key, result[0], result[1])
        self._repaint_page(key[0])
        if key[1] == scale_key(self.layout_.zoom, self._dpr()):
            self.page_rendered.emit(key[0])

    def _on_render_failed(self, key: tuple[int, float], message: str) -> None:
        self._pending.discard(key)
        if message:  # empty: skipped because it scrolled out of view; ask again when it is back
            self.render_errors[key[0]] = message
            self._repaint_page(key[0])

    def _repaint_page(self, page: int) -> None:
        """Repaint when the page is on screen; nothing for a page rendered ahead, out of view (a
        repaint of the whole view for each of those doubled the GUI thread's paints while scrolling).
        The pages on screen as last asked for: no Qt call here, so the PDF thread, finishing the job
        that just landed, does not trade the interpreter back and forth with this slot."""
        if page in self._on_screen:
            self.viewport().update()

    def _request_words(self, page: int) -> None:
        if page in self._words or page in self._words_pending or self._runner is None:
            return
        assert self._service is not None
        self._words_pending.add(page)
        doc = self._doc
        self._runner.submit(lambda: doc.words(page), lambda words: self._on_words_read(page, words),
                            lambda _m: self._words_pending.discard(page), priority=PRIORITY_WORDS)

    def _on_words_read(self, page: int, words: list[Word]) -> None:
        self._words_pending.discard(page)
        self._words[page] = words
        wanted = self._select_when_read
        if wanted is not None and wanted[0] == page:
            self.select_in(*wanted)
        click = self._click_when_read
        if click is not None and click[0] == page:  # the press that waited: as if the words were there
            self._click_when_read = None
            word = word_at(words, click[1], click[2])
            if word is not None:
                self.selection.select(page, words, word)
                self.selection_changed.emit(self.selection.text)
            elif self.selection.page >= 0:
                self.selection.clear()
                self.selection_changed.emit("")
            self.viewport().update()

    def select_in(self, page: int, rect: Rect) -> None:
        """Select the words inside `rect` on `page` (a Find match), so Take copies them as the bill prints
        them; done when the page's words arrive if they are still being read."""
        words = self._words.get(page)
        if words is None:
            self._select_when_read = (page, rect)
            self._request_words(page)
            return
        self._select_when_read = None
        x0, y0, x1, y1 = rect
        inside = [w for w in words
                  if x0 - 1 <= (w.rect[0] + w.rect[2]) / 2 <= x1 + 1 and y0 - 1 <= (w.rect[1] + w.rect[3]) / 2 <= y1 + 1]
        if not inside:
            return
        first, last = min(inside, key=lambda w: w.order), max(inside, key=lambda w: w.order)
        self.selection.select(page, words, first)
        self.selection.extend_to(page, last)
        self.selection_changed.emit(self.selection.text)
        self.viewport().update()

    def words_of(self, page: int) -> list[Word] | None:
        return self._words.get(page)

    # -- overlays ----------------------------------------------------------------------------
    def set_checks(self, checks: list[FieldCheck]) -> None:
        self._checks = {c.field: c for c in checks}
        self._marks = overlays.field_marks(checks)
        self.viewport().update()

    def mark_at(self, pos: QPointF) -> overlays.FieldMark | None:
        """The field overlay under a viewport position (the smallest, when boxes overlap)."""
        hit = self.pdf_point(pos)
        if hit is None:
            return None
        page, x, y = hit
        best: tuple[float, overlays.FieldMark] | None = None
        for mark in self._marks:
            if mark.page != page:
                continue
            for x0, y0, x1, y1 in mark.rects:
                if x0 - 2 <= x <= x1 + 2 and y0 - 2 <= y <= y1 + 2:
                    area = (x1 - x0) * (y1 - y0)
                    if best is None or area < best[0]:
                        best = (area, mark)
        return best[1] if best else None

    def tooltip_at(self, pos: QPointF) -> str:
        """What hovering the bill here explains: the field and, for amber, its differences."""
        mark = self.mark_at(pos)
        check = self._checks.get(mark.field) if mark else None
        if mark is None or check is None:
            return ""
        return f"{FIELD_LABELS.get(mark.field, mark.field)}: {describe(check)}"

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    @property
    def marks(self) -> list[overlays.FieldMark]:
        return self._marks

    def set_hits(self, hits: list[SearchHit], current: int = -1) -> None:
        self._hits, self._current_hit = hits, current
        self.viewport().update()

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), theme.colour("backdrop"))
        zoom, dpr = self.layout_.zoom, self._dpr()
        key_scale = scale_key(zoom, dpr)
        for page in self.visible_pages():
            origin = self.page_origin(page)
            width, height = self.layout_.page_size_px(page)
            target = QRectF(origin.x(), origin.y(), width, height)
            image = self.cache.get((page, key_scale)) or self.cache.any_for_page(page)
            if image is not None:
                painter.drawImage(target, image)
            else:
                painter.fillRect(target, theme.colour("paper"))
                message = self.render_errors.get(page)
                painter.setPen(theme.colour("paper.error" if message else "paper.text"))
                text = f"Page {page + 1} cannot be shown: {message}" if message else f"Page {page + 1}…"
                painter.drawText(target, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
            overlays.paint_marks(painter, self._marks, page, origin, zoom)
            overlays.paint_hits(painter, self._hits, self._current_hit, page, origin, zoom)
            if self.selection.page == page:
                overlays.paint_selection(painter, self.selection.words, origin, zoom)
            if self._flash is not None and self._flash[0] == page:
                overlays.paint_flash(painter, self._flash[1], origin, zoom, self._flash_left)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scrollbars()
        if self.fit_mode is not None:
            self._apply_fit()
        self._request_visible()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom * ZOOM_STEP ** steps, anchor=event.position())
            event.accept()
            return
        super().wheelEvent(event)

    # -- picking words -------------------------------------------------------------------------
    def pdf_point(self, pos: QPointF) -> tuple[int, float, float] | None:
        """(page, x, y in PDF points) under a viewport position, or None between pages."""
        if not self.page_count:
            return None
        page = self.layout_.page_at(self.verticalScrollBar().value() + pos.y())
        origin = self.page_origin(page)
        x, y = (pos.x() - origin.x()) / self.zoom, (pos.y() - origin.y()) / self.zoom
        width, height = self.layout_.sizes[page]
        if not (0 <= x <= width and 0 <= y <= height):
            return None
        return page, x, y

    def word_under(self, pos: QPointF) -> tuple[int, Word] | None:
        hit = self.pdf_point(pos)
        if hit is None:
            return None
        page, x, y = hit
        words = self._words.get(page)
        if words is None:
            return None
        word = word_at(words, x, y)
        return (page, word) if word is not None else None

    def _wait_for_words(self, pos: QPointF) -> bool:
        """A press on a page whose words are not read yet (just scrolled to): read them now, and pick
        the word under the press when they arrive. False when the page's words are there."""
        hit = self.pdf_point(pos)
        if hit is None or hit[0] in self._words:
            return False
        self._click_when_read = hit
        self._request_visible_words()
        self._request_words(hit[0])
        return True

    def word_position(self, page: int, word: Word) -> QPointF:
        """Viewport position of a word's centre (for tests and keyboard picking)."""
        origin = self.page_origin(page)
        x0, y0, x1, y1 = word.rect
        return QPointF(origin.x() + (x0 + x1) / 2 * self.zoom, origin.y() + (y0 + y1) / 2 * self.zoom)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.setFocus()
        self._press_pos = event.position()
        self._click_when_read = None
        found = self.word_under(event.position())
        self._drag_selection = False
        if found is None and self._wait_for_words(event.position()):
            return  # picked when the page's words arrive
        if found is None:
            if self.selection.page >= 0:
                self.selection.clear()
                self.selection_changed.emit("")
        else:
            page, word = found
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if shift and self.selection.extend_to(page, word):
                pass
            elif self.selection.contains(page, word) and len(self.selection.words) > 1:
                self._drag_selection = True
                return
            else:
                self.selection.select(page, self._words[page], word)
            self.selection_changed.emit(self.selection.text)
        self.viewport().update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press_pos is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        moved = (event.position() - self._press_pos).manhattanLength()
        if self._drag_selection:
            if moved >= QApplication.startDragDistance():
                self._press_pos = None
                self._start_drag()
            return
        found = self.word_under(event.position())
        if found is not None and self.selection.extend_to(*found):
            self.selection_changed.emit(self.selection.text)
            self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_selection and self._press_pos is not None:
            found = self.word_under(event.position())  # a plain click inside the selection picks one word
            if found is not None:
                self.selection.select(found[0], self._words[found[0]], found[1])
                self.selection_changed.emit(self.selection.text)
                self.viewport().update()
        self._press_pos = None
        self._drag_selection = False

    def _start_drag(self) -> None:
        mime = QMimeData()
        mime.setText(self.selection.text)
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)
