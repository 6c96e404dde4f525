"""Opening a bill PDF safely and reading it: pages of words in reading order, its statement date, and
every telephone number printed on it.

A bill comes from a customer's email: it may be no PDF at all, empty, cut short, password-protected,
a scan without text, or carry JavaScript and attachments. Every such case ends in `BillError` with a
sentence a coordinator understands; active content is never run (MuPDF only extracts text). Pages are
read one at a time, so a 500-page bill never sits in memory as a whole. Every MuPDF call on the file
is inside the error handling, and the limits of `pdf_limits` (pages, words, content, time) bound what
a hostile file can cost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import pymupdf

from portdesk.documents import pdf_limits as limits
from portdesk.documents.bill_dates import StatementDateFinder
from portdesk.documents.bill_layout import PageText, build_page
from portdesk.documents.bill_numbers import PrintedNumber, numbers_on_page
from portdesk.platform.safe_files import MAX_DOCUMENT_BYTES, FileRefused, read_regular_file

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
PDF_EOF = b"%%EOF"
MAGIC_WINDOW = 1024  # the header may follow some junk; readers accept it within the first KB
OCR_DPI = 200


class BillError(Exception):
    """The bill cannot be read; the message says why, in words."""


class BillEncryptedError(BillError):
    """The bill is password-protected and no (right) password was given."""


def looks_like_pdf(head: bytes) -> bool:
    return PDF_MAGIC in head[:MAGIC_WINDOW]


# What starts a PDF object or the end of a file's xref: after the last %%EOF, the start of an
# update whose own end is missing. (Mail gateways' footers and padding hold neither.)
_PDF_STRUCTURE = re.compile(rb"\d+[ \t\r\n\f\0]+\d+[ \t\r\n\f\0]+obj\b|startxref")


def cut_short(data: bytes) -> bool:
    """The file stops before a PDF's last line (%%EOF): a download or copy that did not finish.

    MuPDF may still rebuild some of it, but what is lost is unknown; a check must not judge half a bill.
    Bytes after the last %%EOF (many generators and mail gateways append some) do not make a file
    short, unless they begin another update: objects whose own %%EOF is missing.
    """
    end = data.rfind(PDF_EOF)
    return end < 0 or _PDF_STRUCTURE.search(data, end + len(PDF_EOF)) is not None


def ocr_available() -> bool:
    """Tesseract's language data can be found, so PyMuPDF can OCR a page.

    PyMuPDF brings the OCR engine; the language files come with the system's tesseract-ocr package.
    A folder named by TESSDATA_PREFIX without them is no installation either.
    """
    try:
        tessdata = pymupdf.get_tessdata()
    except Exception:  # PyMuPDF raises a plain RuntimeError when Tesseract is not installed
        return False
    try:
        return bool(tessdata) and any(Path(tessdata).glob("*.traineddata"))
    except OSError:
        return False


class BillPdf:
    """An opened, validated bill. Use as a context manager, or call `close()`."""

    def __init__(self, doc: pymupdf.Document, size: int, encrypted: bool, pages: int) -> None:
        self._doc = doc
        self.size = size
        self.encrypted = encrypted
        self.pages = pages
        self.active_content = _has_active_content(doc)
        self.repaired = bool(getattr(doc, "is_repaired", False))  # damaged, MuPDF rebuilt what it could
        self._seconds = 0.0  # spent reading pages so far (OCR not counted): the whole bill's limit

    def __enter__(self) -> BillPdf:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._doc.close()

    def page_text(self, index: int, *, ocr: bool = False) -> PageText:
        """Page `index` (0-based) as lines and blocks. With `ocr`, a page without text is OCR'd.

        Raises `BillError` when the page is damaged or goes past one of `pdf_limits`.
        """
        started = time.perf_counter()
        try:
            page = self._doc.load_page(index)
            content = limits.content_length(self._doc, page)
            if content > limits.MAX_CONTENT_BYTES_PER_PAGE:
                raise _too_large(index, f"draws more than {limits.megabytes(limits.MAX_CONTENT_BYTES_PER_PAGE)} "
                                        "of content")
            raw = page.get_text("words")
            rect = page.rect
        except BillError:
            raise
        except Exception as exc:
            raise _damaged_page(index, exc) from None
        _check_words(index, raw)
        used_ocr = False
        ocr_seconds = 0.0
        if ocr and not any(str(w[4]).strip() for w in raw):
            ocr_started = time.perf_counter()
            try:
                textpage = page.get_textpage_ocr(dpi=OCR_DPI, full=True)
                raw = page.get_text("words", textpage=textpage)
                used_ocr = True
            except Exception as exc:  # Tesseract missing or failing: the page stays without text
                log.info("OCR of page %d failed: %s", index + 1, exc)
            ocr_seconds = time.perf_counter() - ocr_started
            _check_words(index, raw)

        def glyphs_if_backwards(words: Sequence[Any]) -> list[Any] | None:
            # Asked only when some line's words run right to left, so most pages never pay for the test.
            if not _drawn_backwards(words):
                return None
            try:
                return _glyphs(page)
            except Exception as exc:
                raise _damaged_page(index, exc) from None

        built = build_page(index + 1, rect.width, rect.height, raw, used_ocr,
                           redraw=None if used_ocr else glyphs_if_backwards)
        self._count_time(index, time.perf_counter() - started - ocr_seconds)
        return built

    def _count_time(self, index: int, seconds: float) -> None:
        """Stop after a page that took too long, or once the bill as a whole has (measured after the
        page: MuPDF's extraction cannot be interrupted, its content limit bounds one page's cost)."""
        self._seconds += seconds
        if seconds > limits.MAX_SECONDS_PER_PAGE:
            raise BillError(f"page {index + 1} took longer than {limits.MAX_SECONDS_PER_PAGE:g} s to read; "
                            "PortDesk stops reading a bill this slow")
        if self._seconds > limits.MAX_SECONDS_PER_BILL:
            raise BillError(f"the bill took longer than {limits.MAX_SECONDS_PER_BILL:g} s to read (stopped at "
                            f"page {index + 1}); PortDesk stops reading a bill this slow")

    def iter_pages(self, *, ocr: bool = False) -> Iterator[PageText]:
        for index in range(self.pages):
            yield self.page_text(index, ocr=ocr)

    def has_text_layer(self) -> bool:
        """Any page carries text; stops at the first that does (a page that cannot be read is skipped)."""
        for index in range(self.pages):
            try:
                if self.page_text(index).has_text:
                    return True
            except BillError:
                continue
        return False


def _damaged_page(index: int, exc: Exception) -> BillError:
    return BillError(f"page {index + 1} is damaged and cannot be read ({_quoted(exc)})")


def _too_large(index: int, what: str) -> BillError:
    return BillError(f"page {index + 1} {what}; PortDesk stops reading a bill this large")


def _check_words(index: int, raw: Sequence[Any]) -> None:
    if len(raw) > limits.MAX_WORDS_PER_PAGE:
        raise _too_large(index, f"holds more than {limits.MAX_WORDS_PER_PAGE:,} words")


def _quoted(exc: BaseException, limit: int = 80) -> str:
    """MuPDF's own words for a failure, cut to `limit` characters (they can quote the file)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _drawn_backwards(raw: Sequence[Any]) -> bool:
    """MuPDF's words run right to left, glyph touching glyph: the page draws its text backwards.

    MuPDF then glues some glyphs into words in drawing order ("Number:" gives a word ":r").
    """
    for prev, word in itertools.pairwise(raw):
        # The next word ends where the one before begins, on the same baseline: the glyph to its left.
        # (The gap first: in text drawn forwards it is negative, so one comparison settles most pairs.)
        gap = prev[0] - word[2]
        if gap >= 0 and word[1] == prev[1] and word[3] == prev[3] and gap < 0.1 * (word[3] - word[1]):
            return True
    return False


def _glyphs(page: pymupdf.Page) -> list[tuple[float, float, float, float, str]]:
    """Every glyph of the page as a word of its own, with its box: the layout joins them by position."""
    out: list[tuple[float, float, float, float, str]] = []
    for block in page.get_text("rawdict", flags=pymupdf.TEXTFLAGS_WORDS)["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                for char in span["chars"]:
                    if not char["c"].isspace():
                        x0, y0, x1, y1 = char["bbox"]
                        out.append((x0, y0, x1, y1, char["c"]))
    return out


def _has_active_content(doc: pymupdf.Document) -> bool:
    try:
        if doc.embfile_count():
            return True
        catalog = doc.pdf_catalog()
        for key in ("OpenAction", "AA", "Names"):
            kind, value = doc.xref_get_key(catalog, key)
            if kind != "null" and ("JavaScript" in value or "/JS" in value or key == "AA"):
                return True
    except Exception:
        return False
    return False


def _read_source(source: Path | str | bytes) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), "the bill"
    path = Path(source)
    try:  # a FIFO would hang and /dev/zero never end: regular files only, capped
        return read_regular_file(path, MAX_DOCUMENT_BYTES, "a bill"), str(path)
    except FileRefused as exc:
        raise BillError(exc.reason) from None


def open_bill(source: Path | str | bytes, *, password: str | None = None) -> BillPdf:
    """Open and validate a bill from a path or bytes; `BillError` says why it cannot be read."""
    data, _name = _read_source(source)
    if not data:
        raise BillError("the file is empty (0 bytes)")
    if not looks_like_pdf(data):
        raise BillError("not a PDF (the file does not start like one, whatever its name)")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")  # MuPDF repairs what it can while opening
    except Exception as exc:
        raise BillError(f"the PDF is damaged and cannot be repaired ({_quoted(exc)})") from None
    try:
        return _validated(doc, len(data), password)
    except BillError:
        doc.close()
        raise
    except Exception as exc:  # any other MuPDF failure on a hostile file is still one clear sentence
        doc.close()
        raise BillError(f"not a readable PDF: {_quoted(exc)}") from None


def _validated(doc: pymupdf.Document, size: int, password: str | None) -> BillPdf:
    encrypted = bool(doc.needs_pass)
    if encrypted:
        if password is None:
            raise BillEncryptedError("the PDF is password-protected; ask the customer for an unprotected copy or its password")
        if not doc.authenticate(password):
            raise BillEncryptedError("the PDF is password-protected and the password given does not open it")
    try:
        pages = int(doc.page_count)  # MuPDF walks the page tree here: a bomb raises
    except Exception as exc:
        raise BillError(f"not a readable PDF: its page count cannot be read ({_quoted(exc)})") from None
    if pages < 1:
        raise BillError("the PDF has no pages (damaged or cut short)")
    if pages > limits.MAX_PAGES:
        raise BillError(f"the PDF has {pages:,} pages; PortDesk reads bills of at most {limits.MAX_PAGES:,} pages "
                        "(attach only the pages that show the account)")
    try:
        doc.load_page(0)
    except Exception as exc:
        raise BillError(f"the PDF is damaged: its first page cannot be read ({_quoted(exc)})") from None
    return BillPdf(doc, size, encrypted, pages)


# -- whole-bill reading -------------------------------------------------------------------------

@dataclass
class BillReading:
    """What one pass over a bill found: pages as text, date, numbers."""

    pages: list[PageText]
    page_count: int
    text_layer: bool
    statement_date: dt.date | None
    numbers: list[PrintedNumber]
    ocr: bool


def read_bill(bill: BillPdf, *, ocr: bool = False) -> BillReading:
    """One pass over every page: words once per page, then the date and numbers from them."""
    finder = StatementDateFinder()
    pages: list[PageText] = []
    numbers: list[PrintedNumber] = []
    for page in bill.iter_pages(ocr=ocr):
        pages.append(page)
        if page.has_text:
            finder.feed(page)  # returns at once when an earlier page printed a labelled statement date
            numbers.extend(numbers_on_page(page))
    text_layer = any(p.has_text and not p.ocr for p in pages)
    used_ocr = any(p.ocr for p in pages)
    return BillReading(pages, bill.pages, text_layer, finder.result(), numbers, used_ocr)


def statement_date_of(source: Path | str | bytes, *, password: str | None = None) -> dt.date | None:
    """The statement date printed on a bill, or None."""
    with open_bill(source, password=password) as bill:
        finder = StatementDateFinder()
        for page in bill.iter_pages():
            finder.feed(page)
            if finder.done:
                break
        return finder.result()


with contextlib.suppress(Exception):  # quieter MuPDF: repairs are expected, we report in words
    pymupdf.TOOLS.mupdf_display_errors(False)
