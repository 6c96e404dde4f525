"""The LOA's pages as pictures, one under the other, rendered on the PDF thread by the adapters' reader."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from portdesk.services.bills import BillReader, RenderedPage
from portdesk.ui.widgets import theme

PREVIEW_SCALE = 0.9  # pixels per PDF point: a letter page is about 550 px wide
MAX_PREVIEW_PAGES = 8  # 600 numbers fit in about 6 pages; more would only slow the step down


def render_pages(reader: BillReader, data: bytes, scale: float = PREVIEW_SCALE) -> tuple[int, list[RenderedPage]]:
    """(page count, the first pages rendered): runs on the PDF thread."""
    doc = reader.open(data)
    try:
        count = doc.page_count
        return count, [doc.render(page, scale) for page in range(min(count, MAX_PREVIEW_PAGES))]
    finally:
        doc.close()


def to_pixmap(page: RenderedPage) -> QPixmap:
    image = QImage(page.samples, page.width, page.height, page.stride, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())  # copy: the samples' bytes go away with the page


class LoaPreview(QScrollArea):
    """Shows rendered pages; says what it is doing while the PDF thread works."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setMinimumWidth(420)
        self.setAccessibleName("LOA preview")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys scroll it
        holder = QWidget()
        holder.setStyleSheet(f"background: {theme.hex_of('backdrop')};")
        self._layout = QVBoxLayout(holder)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._layout.setSpacing(12)
        self.caption = QLabel()
        self.caption.setStyleSheet(theme.style("backdrop.text", "font-weight: bold;"))
        self.caption.setAccessibleName("LOA preview status")
        self._layout.addWidget(self.caption)
        self.setWidget(holder)
        self.page_labels: list[QLabel] = []
        self._pixmaps: list[QPixmap] = []  # as rendered: a narrow pane shows them shrunk to its width

    def show_message(self, text: str) -> None:
        self._clear()
        self.caption.setText(text)

    def show_pages(self, title: str, count: int, pages: list[RenderedPage]) -> None:
        self._clear()
        more = f" (first {len(pages)} shown)" if count > len(pages) else ""
        self.caption.setText(f"{title}: {count} page{'s' if count != 1 else ''}{more}")
        for page in pages:
            label = QLabel()
            label.setFrameShape(QFrame.Shape.Box)
            label.setAccessibleName(f"LOA page {page.page + 1}")
            self._layout.addWidget(label)
            self.page_labels.append(label)
            self._pixmaps.append(to_pixmap(page))
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Each page at its rendered size, or shrunk to the pane's width: on a 1366-pixel screen the pane is
        narrower than a page, and a page cut at the right hides half of every line of the letter."""
        margins = self._layout.contentsMargins()
        bar = self.verticalScrollBar()
        spare = 0 if bar.isVisible() else bar.sizeHint().width()  # a page taller than the pane brings it
        for label, pixmap in zip(self.page_labels, self._pixmaps, strict=True):
            room = self.viewport().width() - spare - margins.left() - margins.right() - 2 * label.frameWidth()
            if 0 < room < pixmap.width():
                label.setPixmap(pixmap.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation))
            else:
                label.setPixmap(pixmap)

    def _clear(self) -> None:
        for label in self.page_labels:
            label.setParent(None)
            label.deleteLater()
        self.page_labels = []
        self._pixmaps = []


Render = Callable[[bytes], tuple[int, list[RenderedPage]]]
