"""The viewer's PDF reader: password-protected bills open with their password; find works on every page."""

from __future__ import annotations

import pytest

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.pdf_limits import MAX_PAGES
from portdesk.documents.render import PdfBillReader
from portdesk.documents.sheet_pdf import protect
from portdesk.services.bills import BillPasswordRequired, BillUnreadable
from tests.documents import hostile_pdfs


@pytest.fixture(scope="module")
def bill_pdf() -> bytes:
    return build_bill_pdf(BillContents(extra_pages=1), "multipage")


def test_a_protected_bill_needs_its_password(bill_pdf):
    locked = protect(bill_pdf, "s3cret")
    with pytest.raises(BillPasswordRequired, match="password-protected"):
        PdfBillReader().open(locked)
    with pytest.raises(BillPasswordRequired, match="does not open"):
        PdfBillReader().open(locked, "nope")
    doc = PdfBillReader().open(locked, "s3cret")
    assert doc.page_count == 3 and any(w.text == "8812-5520-01" for w in doc.words(0))
    doc.close()


def test_not_a_pdf_is_unreadable_but_not_a_password_question():
    with pytest.raises(BillUnreadable, match="not a PDF") as raised:
        PdfBillReader().open(b"hello")
    assert not isinstance(raised.value, BillPasswordRequired)


def test_search_finds_hits_on_every_page_asked(bill_pdf):
    doc = PdfBillReader().open(bill_pdf)
    hits = doc.search("555-0101", range(doc.page_count))
    assert {h.page for h in hits} == {1, 2}  # the numbers page and the call detail
    assert doc.search("555-0101", [0]) == [] and doc.search("  ", [1]) == []
    doc.close()


def test_a_page_rendered_again_at_another_zoom_matches_a_fresh_render_and_few_pages_stay_prepared():
    import pymupdf

    from portdesk.documents import render

    pdf = build_bill_pdf(BillContents(extra_pages=11), "multipage")
    doc = PdfBillReader().open(pdf)
    first = doc.render(0, 1.0)
    for page in range(doc.page_count):
        doc.render(page, 0.5)
    again = doc.render(0, 1.5)
    bare = pymupdf.open(stream=pdf, filetype="pdf").load_page(0).get_pixmap(
        matrix=pymupdf.Matrix(1.5, 1.5), colorspace=pymupdf.csRGB, alpha=False, annots=False)
    assert (first.width, first.height) == (612, 792)
    assert (again.width, again.height, again.samples) == (bare.width, bare.height, bare.samples)
    assert len(doc._display_lists) == render._DISPLAY_LISTS_KEPT  # type: ignore[attr-defined]
    doc.close()


@pytest.mark.parametrize(("count", "kids"), [(10**9, 1), (2**31 - 1, 1), (2_000_000, 2_000_000)])
def test_a_page_count_bomb_is_unreadable_in_the_viewer_too(count: int, kids: int) -> None:
    with pytest.raises(BillUnreadable, match="its page count cannot be read"):
        PdfBillReader().open(hostile_pdfs.page_count_bomb(count, kids))


def test_the_viewer_refuses_more_pages_than_portdesk_reads() -> None:
    with pytest.raises(BillUnreadable, match=f"{MAX_PAGES + 1:,} pages"):
        PdfBillReader().open(hostile_pdfs.pages(MAX_PAGES + 1))


def _bare_samples(pdf: bytes, page: int, scale: float) -> tuple[int, int, bytes]:
    import pymupdf

    pix = pymupdf.open(stream=pdf, filetype="pdf").load_page(page).get_pixmap(
        matrix=pymupdf.Matrix(scale, scale), colorspace=pymupdf.csRGB, alpha=False, annots=False)
    return pix.width, pix.height, pix.samples


def test_a_page_drawn_into_the_spare_made_ready_ahead_is_pixel_for_pixel_a_bare_render(bill_pdf):
    doc = PdfBillReader().open(bill_pdf)
    doc.render(0, 1.5)
    doc.prepare_render(0, 1.5)  # the next page of this size gets memory faulted in ahead
    spare = doc._spare  # type: ignore[attr-defined]
    ready = spare._spare
    assert spare.ready == 918 * 3 * 1188
    second = doc.render(1, 1.5)
    assert second.samples is ready and spare.ready == 0  # drawn into it, not into a copy
    assert (second.width, second.height, second.samples) == _bare_samples(bill_pdf, 1, 1.5)
    assert second.stride == second.width * 3
    doc.close()


def test_after_a_zoom_the_spare_of_the_old_size_is_not_used_and_pages_stay_right(bill_pdf):
    doc = PdfBillReader().open(bill_pdf)
    doc.render(0, 1.5)
    doc.prepare_render(0, 1.5)
    for page, scale in ((1, 2.0), (2, 0.37), (0, 1.5)):
        rendered = doc.render(page, scale)
        assert (rendered.width, rendered.height, rendered.samples) == _bare_samples(bill_pdf, page, scale)
        doc.prepare_render(page, scale)
    assert doc._spare.ready == 918 * 3 * 1188  # type: ignore[attr-defined]
    doc.close()
    assert doc._spare.ready == 0  # type: ignore[attr-defined]  # closing gives the spare back


def test_preparing_for_a_page_not_rendered_lately_does_nothing(bill_pdf):
    doc = PdfBillReader().open(bill_pdf)
    doc.prepare_render(2, 1.5)
    assert doc._spare.ready == 0  # type: ignore[attr-defined]
    doc.close()
