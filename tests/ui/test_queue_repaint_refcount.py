"""Repainting a long queue must not eat references to None.

PySide6 6.12.0 on Python 3.11 drops one reference to None on every call of a Qt wrapper that returns
nothing (painter.save(), setPen(), super().paint() …). None is not immortal before Python 3.12, so after
a hundred-odd repaints of a full queue it is freed and the interpreter aborts with
`Fatal Python error: none_dealloc`. These tests repaint the real queue and the other custom painters
and fail, instead of aborting, at the first repaint that loses a reference.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.domain.status import Status, Tab
from portdesk.services.bills import SearchHit
from portdesk.ui.queue.queue_tabs import QueueTabs
from portdesk.ui.wizard.signature_pad import SignaturePad

from .viewer_support import make_viewer, words_on


def _painter_of(widget: QWidget) -> Callable[[], None]:
    """A synchronous paint of the widget (grab runs its paintEvent; the offscreen platform may skip a
    repaint() of a child widget), itself no void call into Qt."""

    def paint() -> None:
        widget.grab()

    return paint


NOISE = 32  # references to None other threads may release meanwhile


def _assert_none_kept(repaint: Callable[[], None], times: int, what: str) -> None:
    repaint()  # the first paint may build caches that hold None for good
    start = sys.getrefcount(None)
    for n in range(1, times + 1):
        repaint()
        lost = start - sys.getrefcount(None)
        # fail early: a few hundred more lost references would free None and abort the run. The count is
        # the whole process's, so a job thread of an earlier test ending meanwhile may drop a few (seen
        # once under four workers); a losing binding loses at least one per repaint, far past the slack.
        assert lost <= NOISE, f"{what}: {lost} references to None lost after {n} repaint(s) ({lost / n:.1f} per repaint)"


def test_a_void_qt_call_keeps_its_reference_to_none(qapp) -> None:
    """The binding itself: the smallest case, independent of any PortDesk code."""
    pixmap = QPixmap(4, 4)
    painter = QPainter(pixmap)
    try:
        pen = QColor("red")
        start = sys.getrefcount(None)
        for _ in range(200):
            painter.setPen(pen)  # returns nothing
        lost = start - sys.getrefcount(None)
        assert lost <= 0, f"this PySide6 loses a reference to None per void call ({lost} in 200 calls)"
    finally:
        painter.end()


@pytest.mark.slow
def test_repainting_a_10000_order_queue_500_times_keeps_every_reference_to_none(
        qtbot, queue, runner, add_orders) -> None:
    add_orders(10_000, Status.COMPLETED)
    tabs = QueueTabs(queue, runner)
    qtbot.addWidget(tabs)
    tabs.resize(1100, 700)
    tabs.show()
    tabs.start()
    tabs.set_current_tab(Tab.COMPLETED)
    view = tabs.view(Tab.COMPLETED)
    model = tabs.model(Tab.COMPLETED)
    while model.canFetchMore(QModelIndex()):  # scroll to the bottom, as the soak did
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 10_000
    view.scrollToBottom()
    qtbot.waitExposed(view)
    _assert_none_kept(_painter_of(view.viewport()), 500, "queue viewport")


def test_repainting_the_signature_pad_with_ink_keeps_every_reference_to_none(qtbot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(420, 140)
    pad.show()
    qtbot.waitExposed(pad)
    for y in (40, 60, 80):  # three strokes, so the path has ink to paint
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, y))
        for x in range(30, 300, 30):
            qtbot.mouseMove(pad, QPoint(x, y + x // 20))
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, y))
    assert pad.stroke_count() == 3
    pad.setFocus()  # the focus frame is one more branch of paintEvent
    _assert_none_kept(_painter_of(pad), 200, "signature pad")


def test_repainting_the_bill_with_marks_hits_selection_and_flash_keeps_every_reference_to_none(qtbot) -> None:
    viewer = make_viewer(qtbot, build_bill_pdf(BillContents(), "labels"))
    view = viewer.view
    assert view.marks, "the overlay marks are what this test paints"
    check = next(f for f in viewer.check.fields if f.rects)
    view.set_hits([SearchHit(check.page - 1, rect) for rect in check.rects], current=0)
    words = words_on(viewer, 0, "Market")
    view.selection.select(0, view.words_of(0) or [], words[0])
    view.reveal(check.page - 1, check.rects, flash=True)  # the flash is painted until its timer ends
    _assert_none_kept(_painter_of(view.viewport()), 200, "bill viewer")
