"""The documents room as plain callables, imported only when first called.

The composition roots (app/gui.py, the CLI) hand these to Qt-free services. Importing PyMuPDF and
reportlab costs a noticeable part of start-up, so nothing here loads them until a document is
actually measured, checked or read.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from portdesk.domain.bill_intake import BillIntake
from portdesk.domain.documents import BillCheck, DocumentFacts
from portdesk.domain.order import PortOrder
from portdesk.platform.big_buffers import keep_big_buffers_warm
from portdesk.platform.gc_pauses import freeze_long_lived
from portdesk.services.bills import BillDocument


def inspect_bytes(kind: str, filename: str, data: bytes) -> DocumentFacts:
    """Measure stored bytes (the documents room measures files by path: use a private temp file)."""
    from portdesk.documents.facts import inspect_document

    with tempfile.TemporaryDirectory(prefix="portdesk-") as tmp:
        path = Path(tmp) / (Path(filename).name or f"{kind}.pdf")
        path.write_bytes(data)
        facts = inspect_document(path, kind)
    facts.path = filename
    return facts


def ocr_available() -> bool:
    """Tesseract can be found, so scanned bills can be read (PyMuPDF is loaded on this first call)."""
    from portdesk.documents.bill import ocr_available as found

    return found()


def check_bill_bytes(data: bytes, order: PortOrder, today: dt.date, *,
                     password: str | None = None) -> BillCheck:
    from portdesk.documents.match import check_bill

    return check_bill(data, order, today, password=password)


class LazyBillReader:
    """`services.bills.BillReader` for the viewer; PyMuPDF is imported when the first bill opens."""

    _library_loaded = False

    def open(self, data: bytes, password: str | None = None) -> BillDocument:
        from portdesk.documents.render import PdfBill

        if not LazyBillReader._library_loaded:
            LazyBillReader._library_loaded = True
            freeze_long_lived()  # PyMuPDF's modules, loaded just now, stay for good
            keep_big_buffers_warm()  # a page rendered again is drawn into the buffer the last one freed
        return PdfBill(data, password)


def read_spreadsheet_rows(data: bytes) -> list[list[str | None]]:
    from portdesk.documents.spreadsheet import read_xlsx_rows

    return read_xlsx_rows(data)


def generate_loa(order: PortOrder, provider_name: str | None = None) -> bytes:
    from portdesk.documents.loa import generate_loa as generate

    return generate(order, provider_name)


def sign_loa(unsigned_pdf: bytes, signer: str, signed_at: dt.datetime, *,
             signature_png: bytes | None = None, typed: bool = False, title: str | None = None) -> bytes:
    from portdesk.documents.loa_signing import sign_loa as sign

    return sign(unsigned_pdf, signer, signed_at, signature_png=signature_png, typed=typed, title=title)


def prepare_for_signature(unsigned_pdf: bytes) -> Any:
    """The LOA to send for signature (a signature field added) and its fingerprint."""
    from portdesk.documents.loa_return import prepare_for_signature as prepare

    return prepare(unsigned_pdf)


def examine_returned_loa(data: bytes, sent: Any) -> Any:
    """A returned, signed LOA measured against what was sent (domain.loa_return.ReturnedFacts)."""
    from portdesk.documents.loa_return import examine_returned

    return examine_returned(data, sent)


def summary_pdf(order: PortOrder, *, documents: Any = (), findings: Any = ()) -> bytes:
    from portdesk.documents.summary import generate_summary

    return generate_summary(order, documents=documents, findings=findings)


def read_loa_text(data: bytes) -> Any:
    """The LOA's text layer (domain.loa_contents.LoaText), for the submission judge."""
    from portdesk.documents.loa_text import read_loa_text as read

    return read(data)


def read_bill_intake(data: bytes) -> BillIntake:
    """The account proposed from a bill's bytes (the wizard's drop-a-bill); `BillError` when unreadable."""
    from portdesk.documents.bill_intake import intake_bill

    return intake_bill(data)
