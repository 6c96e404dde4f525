"""Measure an attached document for the pre-flight rules: `DocumentFacts`, plain data the domain judges.

Nothing here raises for a bad file: what is wrong goes into `problem`, in words, so the rules can say
BILL_NOT_PDF / LOA_NOT_PDF with the reason.
"""

from __future__ import annotations

import logging
from pathlib import Path

from portdesk.documents.bill import (
    MAGIC_WINDOW,
    BillEncryptedError,
    BillError,
    cut_short,
    looks_like_pdf,
    open_bill,
)
from portdesk.documents.bill_dates import StatementDateFinder
from portdesk.domain.documents import DocumentFacts, SigningRecord
from portdesk.platform.safe_files import (
    MAX_DOCUMENT_BYTES,
    FileRefused,
    read_regular_file,
    refuse_special_file,
)

log = logging.getLogger(__name__)


def _signing_record(data: bytes) -> SigningRecord | None:
    """The PortDesk signing record embedded in an LOA, when the LOA module can read it."""
    try:
        from portdesk.documents.loa_signing import read_signing_record  # written by the LOA work
    except ImportError:
        return None
    try:
        record = read_signing_record(data)
    except Exception as exc:  # a damaged record is "not signed by PortDesk", not a crash
        log.info("no readable signing record: %s", exc)
        return None
    return record if isinstance(record, SigningRecord) else None


def inspect_document(path: Path, kind: str, *, max_bytes: int | None = None) -> DocumentFacts:
    """What `path` is: size, PDF or not, readable, encrypted, pages, text layer, and for bills the
    statement date, for LOAs the PortDesk signing record.

    With `max_bytes`, a larger file is measured (size, magic) but not parsed, and `problem` says so.
    """
    facts = DocumentFacts(kind=kind, path=str(path))
    try:
        facts.size = path.stat().st_size
        if path.is_dir():
            facts.problem = "is a folder, not a file"
            return facts
    except FileNotFoundError:
        facts.exists = False
        facts.problem = "the file does not exist"
        return facts
    except OSError as exc:
        facts.problem = f"cannot read the file ({exc.strerror})"
        return facts
    try:  # a FIFO would hang the read below, a device never end it
        refuse_special_file(path)
    except FileRefused as exc:
        facts.problem = exc.reason
        return facts
    try:
        with path.open("rb") as fh:
            head = fh.read(MAGIC_WINDOW)
    except OSError as exc:
        facts.problem = f"cannot read the file ({exc.strerror})"
        return facts
    facts.is_pdf = looks_like_pdf(head)
    if facts.size == 0:
        facts.problem = "the file is empty (0 bytes)"
        return facts
    if not facts.is_pdf:
        facts.problem = "not a PDF (the file does not start like one, whatever its name)"
        return facts
    if max_bytes is not None and facts.size > max_bytes:
        facts.problem = f"the file is {facts.size / 1e6:.1f} MB, more than the {max_bytes / 1e6:.1f} MB allowed"
        return facts
    try:
        data = read_regular_file(path, MAX_DOCUMENT_BYTES, "a document")
        if cut_short(data):  # MuPDF would rebuild part of it; what was lost is unknown (as check-bill says)
            facts.problem = "the PDF is cut short (truncated: it stops before its end); ask for the complete file"
            return facts
        with open_bill(data) as pdf:
            facts.encrypted = pdf.encrypted
            facts.pages = pdf.pages
            finder = StatementDateFinder()
            # Every page is read, as check-bill reads them: a damaged page makes the document
            # unreadable here too (BILL_NOT_PDF / LOA_NOT_PDF), never a pass.
            for page in pdf.iter_pages():
                if page.has_text:
                    facts.text_layer = True
                    if kind == "bill":
                        finder.feed(page)
            facts.statement_date = finder.result() if kind == "bill" else None
            facts.readable = True  # only now: its pages could all be read
    except BillError as exc:
        facts.problem = str(exc)
        facts.encrypted = isinstance(exc, BillEncryptedError)
        return facts
    except FileRefused as exc:
        facts.problem = exc.reason
        return facts
    except OSError as exc:
        facts.problem = f"cannot read the file ({exc.strerror})"
        return facts
    if kind == "loa":
        facts.signing = _signing_record(data)
    return facts
