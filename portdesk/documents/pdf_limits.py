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

import zlib

import pymupdf

MAX_PAGES = 2_000  # a long call-detail bill runs to a few hundred pages
MAX_WORDS_PER_PAGE = 20_000  # a dense page of call detail holds about 400
MAX_CONTENT_BYTES_PER_PAGE = 2 * 1024 * 1024  # a page draws about 18 KB; MuPDF makes a word of ~3 bytes
MAX_SECONDS_PER_PAGE = 2.0  # a page reads in about 3 ms (OCR not counted)
MAX_SECONDS_PER_BILL = 30.0  # a 10-page bill reads in about 30 ms (OCR not counted)

_FLATE = {"/FlateDecode", "/Fl"}
_STEP = 1 << 20  # inflate a megabyte at a time: memory stays bounded whatever the stream holds


def megabytes(size: int) -> str:
    return f"{size / 1048576:g} MB"


def _inflated_length(raw: bytes, limit: int) -> int:
    """The length `raw` inflates to, counted up to just past `limit` (a broken stream: what inflates)."""
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):  # MuPDF also reads a stream without zlib header
        inflater = zlib.decompressobj(wbits)
        total = 0
        pending = raw
        try:
            while pending and total <= limit:
                total += len(inflater.decompress(pending, _STEP))
                pending = inflater.unconsumed_tail
                if inflater.eof:
                    break
            return total
        except zlib.error:
            if total:
                return total
    return 0


def decoded_length(doc: pymupdf.Document, xref: int, limit: int) -> int:
    """The size of stream `xref` once decoded, counted up to just past `limit` where that is cheap.

    No filter and Flate (what content streams use) are measured here in bounded steps; any other
    filter chain is rare for content, and is left to MuPDF to decode.
    """
    kind, value = doc.xref_get_key(xref, "Filter")
    filters = value.replace("[", " ").replace("]", " ").split() if kind != "null" else []
    if not filters:
        return len(doc.xref_stream_raw(xref) or b"")
    if len(filters) == 1 and filters[0] in _FLATE:
        return _inflated_length(doc.xref_stream_raw(xref) or b"", limit)
    return len(doc.xref_stream(xref) or b"")


def content_length(doc: pymupdf.Document, page: pymupdf.Page, limit: int = MAX_CONTENT_BYTES_PER_PAGE) -> int:
    """The bytes of drawing commands page `page` holds (its content streams and the forms it draws),
    counted up to just past `limit`."""
    xrefs = list(page.get_contents())
    xrefs += [form[0] for form in page.get_xobjects() if form[0] > 0]
    total = 0
    for xref in dict.fromkeys(xrefs):  # a stream drawn twice is read once by this measure
        try:
            total += decoded_length(doc, xref, limit - total)
        except (RuntimeError, ValueError):  # lost in a damaged file: MuPDF draws nothing from it either
            continue
        if total > limit:
            break
    return total
