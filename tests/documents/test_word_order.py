"""The viewer reads a page's words in PyMuPDF's reading order (`sort=True`) without PyMuPDF's slow
sort: the same words, in the same order, on every bill layout."""

from __future__ import annotations

import pymupdf
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from portdesk.demo.bill_story import LAYOUTS, BillContents, build_bill_pdf
from portdesk.documents.render import PdfBillReader
from portdesk.documents.word_order import reading_order


def _uneven_lines_pdf() -> bytes:
    """Words a little above and below their neighbours, font sizes mixed, columns out of order."""
    import io

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    for row in range(30):
        y = 700 - row * 19
        for column, (dx, dy, size) in enumerate([(0, 0, 10), (140, 2.5, 7), (260, -2.9, 14), (400, 3.1, 9)]):
            pdf.setFont("Helvetica", size)
            pdf.drawString(60 + dx, y + dy + (row % 3) * 0.7, f"w{row}-{column} +1303555{row:04d}")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.mark.parametrize("layout", [layout for layout in LAYOUTS if layout != "scanned"])
def test_words_come_in_pymupdfs_reading_order_on_every_layout(layout: str) -> None:
    pdf = build_bill_pdf(BillContents(extra_pages=1), layout)
    bare = pymupdf.open(stream=pdf, filetype="pdf")
    doc = PdfBillReader().open(pdf)
    for page in range(bare.page_count):
        expected = bare.load_page(page).get_text("words", sort=True)
        assert expected
        words = doc.words(page)
        assert [(w.text, w.rect) for w in words] == [(w[4], tuple(w[:4])) for w in expected]
        assert [w.order for w in words] == list(range(len(expected)))
    doc.close()


def test_uneven_lines_are_gathered_as_pymupdf_gathers_them() -> None:
    page = pymupdf.open(stream=_uneven_lines_pdf(), filetype="pdf").load_page(0)
    assert reading_order(page.get_text("words")) == page.get_text("words", sort=True)


def test_empty_and_touching_boxes_join_lines_by_pymupdfs_rule() -> None:
    # A zero-width word adds nothing to its line's box; a line's box grows with each word it takes,
    # so a word 3 pt off the line's lowest word still joins it.
    words = [
        (10.0, 100.0, 20.0, 110.0, "a", 0, 0, 0),
        (30.0, 100.0, 30.0, 110.0, "empty", 0, 0, 1),
        (25.0, 103.0, 35.0, 113.0, "b", 0, 0, 2),
        (5.0, 106.0, 8.0, 116.0, "c", 0, 0, 3),
        (50.0, 140.0, 60.0, 150.0, "d", 0, 1, 0),
        (40.0, 141.0, 45.0, 151.0, "e", 0, 1, 1),
    ]
    sorted_by_pymupdf = _pymupdf_sort(list(words))
    assert reading_order(list(words)) == sorted_by_pymupdf
    assert [w[4] for w in sorted_by_pymupdf] == ["c", "a", "b", "empty", "e", "d"]


def _pymupdf_sort(words: list[tuple]) -> list[tuple]:
    """PyMuPDF's own sort, run on given word tuples through a text page it did not extract."""
    from unittest import mock

    page = pymupdf.open().new_page()
    with mock.patch.object(pymupdf.TextPage, "extractWORDS", lambda self, delimiters=None: list(words)):
        return page.get_text("words", sort=True)
