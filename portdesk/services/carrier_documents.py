"""Documents a carrier made (a losing carrier's CSR, an FOC notice…), pulled into the order safely.

Each listed document is downloaded once (its key is remembered in the submission), bounded in size,
recognised as one of ours by its SHA-256 (what PortDesk uploaded is not pulled back), and held to
the PDF checks before it is attached: a PDF by its bytes, not its name, that opens and is not
encrypted. One that fails is named in the order's history with the reason and left at the carrier.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol, TypeVar

from portdesk.domain.documents import DocumentFacts
from portdesk.services.gateway import CarrierGateway, IncomingDocument, PermanentCarrierError
from portdesk.services.ports import NewDocument

MAX_CARRIER_DOCUMENT = 3_000_000  # bytes; Bandwidth's own document limit, and far above a CSR's size
MAX_NEW_PER_PASS = 10  # documents downloaded for one order in one cycle; the rest wait for the next
KIND = "carrier"  # never uploaded back, packaged or judged as the customer's bill or LOA
PDF_MAGIC = b"%PDF-"
_UNSAFE = re.compile(r"[^\w.\- ]+")

Inspect = Callable[[str, str, bytes], DocumentFacts]
T = TypeVar("T")


class Reader(Protocol):
    """How a read reaches the carrier (SyncService._read: retried when briefly rate-limited)."""

    def __call__(self, call: Callable[[], T]) -> T: ...


@dataclass(frozen=True)
class PulledDocument:
    key: str  # "<carrier order>/<document id>", remembered so it is read once
    carrier_order: str
    doc_type: str
    filename: str  # made safe: no folders, no odd characters, ends in .pdf
    document: NewDocument | None = None  # to attach
    problem: str | None = None  # why it was not attached, in words
    ours: bool = False  # one PortDesk uploaded: nothing to do


def safe_filename(name: str, doc_type: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = _UNSAFE.sub("_", base.rsplit(".", 1)[0] if "." in base else base).strip(" ._")[:60]
    return f"{stem or doc_type.lower() or 'document'}.pdf"


def looks_like_pdf(data: bytes) -> bool:
    return data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(PDF_MAGIC)


def judge(carrier_order: str, listed: IncomingDocument, data: bytes, ours: Collection[str],
          inspect: Inspect | None) -> PulledDocument:
    key = f"{carrier_order}/{listed.id}"
    name = safe_filename(listed.filename, listed.doc_type)
    found = PulledDocument(key, carrier_order, listed.doc_type, name)
    if hashlib.sha256(data).hexdigest() in ours:
        return PulledDocument(key, carrier_order, listed.doc_type, name, ours=True)
    if len(data) > MAX_CARRIER_DOCUMENT:
        return _refused(found, f"larger than {MAX_CARRIER_DOCUMENT // 1_000_000} MB ({len(data):,} bytes)")
    if not looks_like_pdf(data):
        return _refused(found, "not a PDF")
    if inspect is not None:
        facts = inspect(KIND, name, data)
        if not facts.readable or facts.encrypted:
            return _refused(found, "not a readable PDF" + (f" ({facts.problem[:120]})" if facts.problem else ""))
    return PulledDocument(key, carrier_order, listed.doc_type, name, NewDocument(KIND, name, data, "application/pdf"))


def _refused(found: PulledDocument, why: str) -> PulledDocument:
    return PulledDocument(found.key, found.carrier_order, found.doc_type, found.filename, problem=why)


def pull(gateway: CarrierGateway, carrier_order: str, listed: Sequence[IncomingDocument], seen: Collection[str],
         ours: Collection[str], inspect: Inspect | None, read: Reader) -> list[PulledDocument]:
    """The listed documents not seen before, downloaded and judged (a transient CarrierError passes through)."""
    fresh = [d for d in listed if f"{carrier_order}/{d.id}" not in seen][:MAX_NEW_PER_PASS]
    pulled = []
    for doc in fresh:
        try:
            data = read(partial(gateway.download_document, carrier_order, doc))
        except PermanentCarrierError as exc:  # this one document; the order's other news still lands
            name = safe_filename(doc.filename, doc.doc_type)
            pulled.append(PulledDocument(f"{carrier_order}/{doc.id}", carrier_order, doc.doc_type, name,
                                         problem=f"could not be downloaded ({str(exc)[:160]})"))
            continue
        pulled.append(judge(carrier_order, doc, data, ours, inspect))
    return pulled
