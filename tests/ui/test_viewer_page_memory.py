"""Pages are drawn straight into the memory their images keep, and the next page's memory is faulted in
ahead (documents/render.py, platform/page_memory.py): every image still shows its own page, pixel for
pixel, through many pages, eviction from a small cache and zoom changes, and after its render is gone."""

from __future__ import annotations

import gc

import pymupdf
import pytest
from PySide6.QtGui import QImage

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.render import PdfBillReader
from portdesk.platform.page_memory import uninitialised
from portdesk.ui.viewer.page_cache import PageCache, to_image

from .viewer_support import make_viewer

LETTER_AT_100 = 612 * 3 * 792  # bytes of a Letter page at 1 px per point


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return build_bill_pdf(BillContents(extra_pages=28), "multipage")  # 30 pages


def _bare(doc: pymupdf.Document, page: int, scale: float) -> bytes:
    pix = doc.load_page(page).get_pixmap(matrix=pymupdf.Matrix(scale, scale), colorspace=pymupdf.csRGB,
                                         alpha=False, annots=False)
    return pix.samples


def _pixels(image: QImage) -> bytes:
    return bytes(image.constBits())[: image.bytesPerLine() * image.height()]


def _churn() -> None:
    """Reuse whatever memory was given back: a page image over freed memory would now show this."""
    gc.collect()
    for _ in range(6):
        buffer = uninitialised(LETTER_AT_100 * 4)
        buffer[:] = bytes(len(buffer))


def test_pages_kept_through_eviction_and_zoom_changes_show_their_own_pixels(qtbot, long_pdf):
    viewer = make_viewer(qtbot, long_pdf)
    view = viewer.view
    view.cache = PageCache(budget_bytes=8 * LETTER_AT_100)  # a few pages: most are evicted on the way
    start_zoom = view.zoom
    for zoom in (start_zoom, start_zoom * 1.25, start_zoom / 1.25):
        view.set_zoom(zoom)
        for page in range(0, view.page_count, 4):
            view.scroll_to_page(page)
    last = max(len(rendered.samples) for _image, rendered in view.cache._entries.values())
    assert viewer._doc._spare.ready == last  # type: ignore[union-attr]  # the next page's memory, ready
    _churn()
    bare = pymupdf.open(stream=long_pdf, filetype="pdf")
    kept = list(view.cache._entries.items())
    assert len(kept) >= 3 and len({key[1] for key, _entry in kept}) == 1
    for (page, scale), (image, _rendered) in kept:
        assert _pixels(image) == _bare(bare, page, scale), f"page {page} at {scale}"
    bare.close()


def test_an_image_outlives_the_render_it_was_made_from(long_pdf):
    """The thumbnails keep only the image: it holds its pixels' buffer, which is not freed under it."""
    doc = PdfBillReader().open(long_pdf)
    rendered = doc.render(3, 0.5)
    doc.prepare_render(3, 0.5)
    image = to_image(rendered, 1.0)
    expected = bytes(rendered.samples)
    del rendered
    for page in range(4, 12):  # the spare and the heap reused for other pages meanwhile
        doc.render(page, 0.5)
        doc.prepare_render(page, 0.5)
    doc.close()
    _churn()
    assert _pixels(image) == expected
