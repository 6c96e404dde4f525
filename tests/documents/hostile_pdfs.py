"""Hostile PDFs written by hand as bytes, for the tests of how a bill is read: page-count bombs,
pages drawing hundreds of thousands of words, content streams that inflate far beyond their size,
a page whose content MuPDF refuses to interpret, and appended bytes after a complete file.
"""

from __future__ import annotations

import zlib

import pymupdf

_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_of(objects: list[bytes]) -> bytes:
    """A complete PDF of `objects` (numbered from 1; object 1 is the catalog) with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def page_count_bomb(count: int, kids: int = 1) -> bytes:
    """A page tree claiming `count` pages, with `kids` references to one real page."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"
    refs = b" ".join([b"3 0 R"] * kids)
    return pdf_of([_CATALOG, b"<< /Type /Pages /Kids [" + refs + b"] /Count %d >>" % count, page])


def _stream(content: bytes, *, compress: bool = True) -> bytes:
    if not compress:
        return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    packed = zlib.compress(content, 9)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"


def one_page(content: bytes, *, compress: bool = True) -> bytes:
    """A one-page PDF drawing `content` with Helvetica as /F1."""
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>")
    return pdf_of([_CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page,
                   _stream(content, compress=compress), _FONT])


def many_words(words: int) -> bytes:
    """A page drawing `words` one-letter words, ten at a time over the same place (MuPDF keeps them all)."""
    line = b"(a a a a a a a a a a) Tj 0 0 Td\n"
    return one_page(b"BT /F1 1 Tf 72 700 Td\n" + line * (words // 10) + b"ET", compress=True)


def inflating(decoded_bytes: int, *, hex_encoded: bool = False) -> bytes:
    """A page whose compressed content stream inflates to `decoded_bytes` of text-drawing operators
    (about 99.9 % compression: 64 MiB become some 70 KB); `hex_encoded`: the compressed bytes written
    as hex, a filter chain (/ASCIIHexDecode over /FlateDecode) like reportlab's ASCII85 over Flate."""
    chunk = b"(a) Tj 0 0 Td\n" * 4096
    packer = zlib.compressobj(9)
    parts = [packer.compress(b"BT /F1 1 Tf 72 700 Td\n")]
    for _ in range(decoded_bytes // len(chunk) + 1):
        parts.append(packer.compress(chunk))
    parts.append(packer.compress(b"ET") + packer.flush())
    packed = b"".join(parts)
    filters = b"/FlateDecode"
    if hex_encoded:
        packed, filters = packed.hex().encode() + b">", b"[/ASCIIHexDecode /FlateDecode]"
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>")
    stream = b"<< /Length %d /Filter %s >>\nstream\n" % (len(packed), filters) + packed + b"\nendstream"
    return pdf_of([_CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, stream, _FONT])


def with_damaged_page(pdf: bytes, page: int = 0) -> bytes:
    """`pdf` with page `page`'s drawing preceded by more nested graphics states than MuPDF allows:
    the file opens and the page loads, but reading its text raises."""
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    xref = doc[page].get_contents()[0]
    doc.update_stream(xref, b"q " * 5000 + doc.xref_stream(xref))
    damaged = doc.tobytes()
    doc.close()
    return damaged


def pages(count: int) -> bytes:
    """A PDF of `count` blank pages."""
    doc = pymupdf.open()
    for _ in range(count):
        doc.new_page(width=200, height=200)
    data = doc.tobytes()
    doc.close()
    return data
