"""The LOA preview shows a whole page's width in a narrow pane (a 1366 × 768 screen), sharp when there is room."""

from __future__ import annotations

from portdesk.services.bills import RenderedPage
from portdesk.ui.wizard.loa_preview import LoaPreview


def _letter_page(width: int = 551, height: int = 713) -> RenderedPage:
    stride = width * 3
    return RenderedPage(page=0, width=width, height=height, stride=stride, samples=b"\xff" * (stride * height),
                        scale=0.9)


def test_a_page_wider_than_the_pane_is_shrunk_to_its_width_without_a_sideways_scroll(qtbot):
    preview = LoaPreview()
    qtbot.addWidget(preview)
    preview.resize(430, 600)
    preview.show()
    qtbot.waitExposed(preview)
    preview.show_pages("Unsigned LOA", 1, [_letter_page()])
    qtbot.wait(50)  # the layout pass
    label = preview.page_labels[0]
    assert label.pixmap().width() < 551
    assert label.geometry().right() <= preview.viewport().width()
    assert preview.horizontalScrollBar().maximum() == 0


def test_a_page_keeps_its_own_size_when_the_pane_is_wide_enough_and_follows_the_pane(qtbot):
    preview = LoaPreview()
    qtbot.addWidget(preview)
    preview.resize(430, 600)
    preview.show()
    qtbot.waitExposed(preview)
    preview.show_pages("Unsigned LOA", 1, [_letter_page()])
    preview.resize(800, 600)  # the splitter gives the preview more room
    qtbot.wait(50)
    assert preview.page_labels[0].pixmap().width() == 551
