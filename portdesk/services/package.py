"""The submission package: everything a provider without an API needs, in one folder or one zip.

Plivo's and 8x8's consoles take a port request as uploads, so the coordinator hands over the order
summary PDF, the numbers as CSV, the bill and the signed LOA. Qt-free and PDF-free: the summary
generator comes in as an adapter (documents.summary.generate_summary fits `SummaryPdf`), the order
and its files come from the store.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from portdesk.domain.findings import Finding
from portdesk.domain.numbers import to_e164
from portdesk.domain.order import PortOrder
from portdesk.platform.safe_files import write_private_atomically
from portdesk.services.judgement import SubmissionJudge, refusal
from portdesk.services.ports import QueueStore, StoredDocument

__all__ = ["PackageFile", "PackageRefused", "PackageService", "PackedDocument", "SummaryPdf", "numbers_csv",
           "package_name", "write_folder", "write_zip"]


class PackageRefused(Exception):
    """The package is not written: errors remain, or warnings nobody has overridden with a reason."""

PACKED_KINDS = ("bill", "loa", "csr")  # the newest of each goes in the package


@dataclass(frozen=True)
class PackedDocument:
    """An attachment as the summary lists it (the same fields as documents.summary.SummaryDocument)."""

    kind: str
    name: str
    size: int | None = None
    sha256: str | None = None
    note: str | None = None


class SummaryPdf(Protocol):
    def __call__(self, order: PortOrder, *, documents: Sequence[Any], findings: Sequence[Finding]) -> bytes: ...


@dataclass(frozen=True)
class PackageFile:
    name: str
    data: bytes


def package_name(order: PortOrder, order_id: int | None = None) -> str:
    """A folder / zip name a file manager accepts: "ABC Company - Denver (order 12)"."""
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", order.display_name()).strip(" .") or "port order"
    stem = re.sub(r"\s+", " ", stem)[:80]
    return f"{stem} (order {order_id})" if order_id is not None else stem


def numbers_csv(order: PortOrder) -> bytes:
    """One row per number: E.164, the national digits consoles ask for, and the losing carrier."""
    carriers = order.extra.get("number_carriers")
    known: Mapping[str, Any] = carriers if isinstance(carriers, dict) else {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # Excel opens CRLF CSV without a prompt
    writer.writerow(["number", "national", "losing_carrier"])
    for number in order.numbers:
        e164 = to_e164(number) or number
        national = e164[2:] if e164.startswith("+1") and len(e164) == 12 else e164.lstrip("+")
        writer.writerow([e164, national, known.get(e164) or order.losing_carrier or ""])
    return out.getvalue().encode("utf-8")


def _note(document: StoredDocument, order: PortOrder) -> str | None:
    ref = order.documents.get(document.kind)
    if ref is None:
        return None
    if document.kind == "bill" and ref.date:
        return f"statement {ref.date}"
    if document.kind == "loa" and ref.signed_by:
        return f"signed by {ref.signed_by}" + (f" on {ref.signed_on}" if ref.signed_on else "")
    return None


def _safe(filename: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", Path(filename).name) or "document.pdf"


class PackageService:
    """With a `judge` (the composition root always passes one) the package goes only to an order the
    submission judgement passes: no errors, and every warning overridden with a reason (a reason given
    here is recorded as the override of each open warning, as the Checks tab records one)."""

    def __init__(self, store: QueueStore, summary_pdf: SummaryPdf, *, judge: SubmissionJudge | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self._store = store
        self._summary_pdf = summary_pdf
        self._judge = judge
        self._today = today

    def judged(self, order_id: int, order: PortOrder, findings: Sequence[Finding], *,
               override_reason: str | None = None, author: str = "") -> list[Finding]:
        """The findings the package is written with; PackageRefused when it must not be written."""
        if self._judge is None:
            return list(findings)
        report = self._judge.findings(order_id, self._today(), order)
        why = refusal(report, "package is written")
        if why:
            raise PackageRefused(why)
        open_warnings = [f.finding for f in report.findings if not f.finding.is_error and not f.overridden]
        if open_warnings:
            if not (override_reason or "").strip():
                listed = ", ".join(f"{f.code} ({f.field})" for f in open_warnings[:5])
                raise PackageRefused(f"{len(open_warnings)} warning(s) need a reason to go ahead anyway: {listed}")
            for warning in open_warnings:
                self._judge.record_override(order_id, warning, override_reason or "", author)
        return report.plain()

    def latest_documents(self, order_id: int) -> list[StoredDocument]:
        """The newest document of each packed kind (a re-attached bill replaces the older one)."""
        with self._store.unit_of_work() as repo:
            stored = repo.documents_of(order_id)
        newest: dict[str, StoredDocument] = {}
        for document in stored:
            if document.kind not in PACKED_KINDS:
                continue
            held = newest.get(document.kind)
            if held is None or (document.added_at, document.id) > (held.added_at, held.id):
                newest[document.kind] = document
        return [newest[k] for k in PACKED_KINDS if k in newest]

    def summary(self, order_id: int, order: PortOrder, findings: Sequence[Finding]) -> bytes:
        """The order summary PDF, listing the documents that go with it."""
        documents = [PackedDocument(d.kind, d.filename, d.size, d.sha256, _note(d, order))
                     for d in self.latest_documents(order_id)]
        return self._summary_pdf(order, documents=documents, findings=list(findings))

    def files(self, order_id: int, order: PortOrder, findings: Sequence[Finding], *,
              override_reason: str | None = None, author: str = "") -> list[PackageFile]:
        """Summary PDF, numbers CSV, then the bill, LOA and CSR, each under a name that says what it is.

        PackageRefused (see `judged`) while the order's errors remain."""
        findings = self.judged(order_id, order, findings, override_reason=override_reason, author=author)
        documents = self.latest_documents(order_id)
        packed = [PackedDocument(d.kind, d.filename, d.size, d.sha256, _note(d, order)) for d in documents]
        out = [
            PackageFile("1 summary.pdf", self._summary_pdf(order, documents=packed, findings=list(findings))),
            PackageFile("2 numbers.csv", numbers_csv(order)),
        ]
        labels = {"bill": "3 bill", "loa": "4 LOA signed", "csr": "5 CSR"}
        for document in documents:
            out.append(PackageFile(f"{labels[document.kind]} - {_safe(document.filename)}", document.data))
        return out


def write_folder(files: Sequence[PackageFile], folder: Path) -> Path:
    """Write the files into `folder` (created); an existing file of the same name is replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    for item in files:
        write_private_atomically(folder / item.name, item.data)  # 0600: the summary holds the PIN
    return folder


def write_zip(files: Sequence[PackageFile], path: Path, folder_name: str | None = None) -> Path:
    """One zip whose entries sit in a folder named like the package (unzipping makes no mess)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    inner = folder_name or path.stem
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            archive.writestr(f"{inner}/{item.name}", item.data)
    write_private_atomically(path, buffer.getvalue())  # 0600: the summary holds the PIN
    return path
