"""Rendered pages kept per (page, pixel scale), least recently used first out, bounded in bytes."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QImage

from portdesk.services.bills import RenderedPage

CacheKey = tuple[int, float]  # page (0-based), device pixels per PDF point (rounded)

DEFAULT_BUDGET = 256 * 1024 * 1024  # a dozen Letter pages at 200 % on a 2× screen


def scale_key(zoom: float, dpr: float) -> float:
    return round(zoom * dpr, 3)


def to_image(page: RenderedPage, dpr: float) -> QImage:
    """The renderer's RGB samples wrapped as a QImage without copying, sized in logical pixels.

    The QImage borrows `page.samples`; callers keep the RenderedPage alive as long as the image
    (the cache stores both together).
    """
    image = QImage(page.samples, page.width, page.height, page.stride, QImage.Format.Format_RGB888)
    image.setDevicePixelRatio(dpr)
    return image


class PageCache:
    def __init__(self, budget_bytes: int = DEFAULT_BUDGET) -> None:
        self._budget = budget_bytes
        self._entries: OrderedDict[CacheKey, tuple[QImage, RenderedPage]] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: CacheKey) -> bool:
        return key in self._entries

    @property
    def bytes_used(self) -> int:
        return self._bytes

    def get(self, key: CacheKey) -> QImage | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def any_for_page(self, page: int) -> QImage | None:
        """Some rendering of the page at another zoom: a stand-in, stretched, until the right one lands."""
        for (p, _), (image, _) in reversed(self._entries.items()):
            if p == page:
                return image
        return None

    def put(self, key: CacheKey, image: QImage, page: RenderedPage) -> None:
        self.discard(key)
        self._entries[key] = (image, page)
        self._bytes += len(page.samples)
        while self._bytes > self._budget and len(self._entries) > 1:
            _, (_, dropped) = self._entries.popitem(last=False)
            self._bytes -= len(dropped.samples)

    def discard(self, key: CacheKey) -> None:
        """Forget one rendering (no error if it is not kept)."""
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old[1].samples)

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0
