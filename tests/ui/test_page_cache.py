"""The viewer's cache of rendered pages: bounded by bytes, oldest out first, one page forgettable."""

from __future__ import annotations

from PySide6.QtGui import QImage

from portdesk.services.bills import RenderedPage
from portdesk.ui.viewer.page_cache import PageCache, to_image


def _page(index: int, width: int = 10, height: int = 10) -> tuple[QImage, RenderedPage]:
    rendered = RenderedPage(index, width, height, width * 3, bytes(width * height * 3), 1.0)
    return to_image(rendered, 1.0), rendered


def test_discarding_a_page_forgets_it_and_gives_its_bytes_back() -> None:
    cache = PageCache()
    cache.put((0, 1.0), *_page(0))
    cache.put((1, 1.0), *_page(1))
    cache.discard((0, 1.0))
    assert (0, 1.0) not in cache and (1, 1.0) in cache
    assert cache.bytes_used == 300


def test_discarding_a_page_that_is_not_kept_is_no_error() -> None:
    cache = PageCache()
    cache.discard((5, 2.0))
    assert len(cache) == 0 and cache.bytes_used == 0


def test_over_budget_the_page_used_longest_ago_goes_first() -> None:
    cache = PageCache(budget_bytes=650)
    cache.put((0, 1.0), *_page(0))
    cache.put((1, 1.0), *_page(1))
    cache.get((0, 1.0))  # page 0 was just looked at: page 1 is now the oldest
    cache.put((2, 1.0), *_page(2))
    assert (1, 1.0) not in cache and (0, 1.0) in cache and (2, 1.0) in cache
    assert cache.bytes_used == 600
