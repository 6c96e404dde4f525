"""How much of a PDF PortDesk agrees to read, and the cheap measurements that enforce it.

A bill comes from outside: a 460 KB file can draw ten million words, a 100 KB content stream can
inflate to a gigabyte, a page tree can claim a billion pages. MuPDF's text extraction is one C call
that cannot be interrupted, so a page's content is measured before it is read (inflating it in
bounded steps, stopping past the limit), and the words and time it cost are checked after.

Measured on the sample bills (tests/documents/test_bill_limits.py keeps it true): a page draws about
18 KB of content and 400 words and reads in about 3 ms, a 10-page bill in about 30 ms. The limits
sit one to two orders of magnitude above that.
"""

from __future__ import annotations

import pymupdf
from pymupdf import mupdf

MAX_PAGES = 2_000  # a long call-detail bill runs to a few hundred pages
MAX_WORDS_PER_PAGE = 20_000  # a dense page of call detail holds about 400
MAX_CONTENT_BYTES_PER_PAGE = 2 * 1024 * 1024  # a page draws about 18 KB; MuPDF makes a word of ~3 bytes
MAX_SECONDS_PER_PAGE = 2.0  # a page reads in about 3 ms (OCR not counted)
MAX_SECONDS_PER_BILL = 30.0  # a 10-page bill reads in about 30 ms (OCR not counted)


def megabytes(size: int) -> str:
    return f"{size / 1048576:g} MB"


def decoded_length(doc: pymupdf.Document, xref: int, limit: int) -> int:
    """The size of stream `xref` once decoded, counted up to just past `limit`.

    MuPDF's own decoder (whatever the filter chain: reportlab writes ASCII85 over Flate) read through
    and stopped one byte past `limit`, so a stream that inflates to a gigabyte costs what its first
    `limit` bytes cost, in a small buffer. A damaged stream counts what decodes before the damage.
    """
    stream = mupdf.pdf_open_stream_number(mupdf.pdf_specifics(doc.this), xref)
    return int(mupdf.fz_skip(stream, limit + 1))


def content_length(doc: pymupdf.Document, page: pymupdf.Page, limit: int = MAX_CONTENT_BYTES_PER_PAGE) -> int:
    """The bytes of drawing commands page `page` holds (its content streams and the forms it draws),
    counted up to just past `limit`."""
    xrefs = list(page.get_contents())
    xrefs += [form[0] for form in page.get_xobjects() if form[0] > 0]
    total = 0
    for xref in dict.fromkeys(xrefs):  # a stream drawn twice is read once by this measure
        try:
            total += decoded_length(doc, xref, limit - total)
        except (mupdf.FzErrorBase, RuntimeError, ValueError):  # not a stream, or lost in a damaged file:
            # MuPDF draws nothing from it either
            continue
        if total > limit:
            break
    return total
