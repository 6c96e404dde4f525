"""Where each page sits in the continuous scroll, at a given zoom (plain arithmetic, no Qt).

Zoom is logical pixels per PDF point. Pages are stacked top to bottom, centred horizontally, with a
gap between them; finding the visible pages is a binary search, so a 500-page bill costs nothing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

GAP = 12.0  # logical pixels between pages and around the stack
MIN_ZOOM = 0.1
MAX_ZOOM = 8.0


class PageLayout:
    def __init__(self, sizes: Sequence[tuple[float, float]], zoom: float = 1.0) -> None:
        self.sizes = list(sizes)
        self.zoom = 1.0
        self._tops: list[float] = []
        self.set_zoom(zoom)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        tops, y = [], GAP
        for _, height in self.sizes:
            tops.append(y)
            y += height * self.zoom + GAP
        self._tops = tops
        self.total_height = y

    @property
    def max_page_width(self) -> float:
        return max((w for w, _ in self.sizes), default=612.0)

    @property
    def total_width(self) -> float:
        return self.max_page_width * self.zoom + 2 * GAP

    def page_top(self, page: int) -> float:
        return self._tops[page]

    def page_size_px(self, page: int) -> tuple[float, float]:
        width, height = self.sizes[page]
        return width * self.zoom, height * self.zoom

    def page_left(self, page: int, area_width: float) -> float:
        """Left edge of the page in content coordinates, centred in max(area, content) width."""
        width = self.sizes[page][0] * self.zoom
        return (max(area_width, self.total_width) - width) / 2

    def page_at(self, y: float) -> int:
        """The page whose slot (page plus the gap after it) holds content y."""
        if not self._tops:
            return -1
        return max(0, bisect_right(self._tops, y) - 1)

    def visible_pages(self, y0: float, y1: float) -> range:
        if not self._tops:
            return range(0)
        first = self.page_at(y0)
        last = self.page_at(y1)
        return range(first, last + 1)

    def fit_width_zoom(self, area_width: float) -> float:
        return max(MIN_ZOOM, (area_width - 2 * GAP) / self.max_page_width)

    def fit_page_zoom(self, area_width: float, area_height: float, page: int = 0) -> float:
        if not self.sizes:
            return 1.0
        width, height = self.sizes[page]
        return max(MIN_ZOOM, min((area_width - 2 * GAP) / width, (area_height - 2 * GAP) / height))
