"""Pre-flight checks for an order in the queue, and warning overrides kept in its history.

Qt-free. The PDF work comes in as adapters (a document inspector and a bill checker, from the
documents room via the composition root); the attachments and the history come from the queue
service. `run` touches the database and PDFs: call it off the GUI thread, on the PDF worker.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from portdesk.domain.documents import BillCheck, DocumentFacts
from portdesk.domain.findings import Finding, count
from portdesk.domain.order import DocumentRef, PortOrder
from portdesk.domain.profiles import Profile, ProfileError
from portdesk.domain.rules import check_order
from portdesk.services.ports import DocumentInfo, HistoryEvent, StoredDocument

log = logging.getLogger(__name__)

OVERRIDE_EVENT = "override"
_PDF_MAGIC = b"%PDF-"
CHECKED_KINDS = ("bill", "loa")

DocumentInspector = Callable[[str, str, bytes], DocumentFacts]  # kind, file name, bytes → facts
BillChecker = Callable[[bytes, PortOrder, dt.date], BillCheck]
ProfileLookup = Callable[[str | None], Profile]  # the order's profile id (or None) → its profile


class QueueLike(Protocol):
    """What the checks need from the queue service."""

    def document(self, document_id: int) -> StoredDocument: ...

    def add_event(self, order_id: int, kind: str, text: str, author: str,
                  data: Mapping[str, object] | None = None) -> None: ...


@dataclass(frozen=True)
class Override:
    code: str
    field: str
    reason: str
    author: str
    at: dt.datetime


@dataclass(frozen=True)
class CheckedFinding:
    finding: Finding
    override: Override | None = None

    @property
    def overridden(self) -> bool:
        return self.override is not None


@dataclass(frozen=True)
class CheckReport:
    findings: tuple[CheckedFinding, ...] = ()
    profile_id: str | None = None
    problem: str | None = None  # why the checks could not run (unknown profile …), in words
    documents_checked: tuple[str, ...] = field(default=())

    @property
    def errors(self) -> int:
        return count(f.finding for f in self.findings)[0]

    @property
    def open_warnings(self) -> int:
        """Warnings nobody has overridden yet."""
        return sum(1 for f in self.findings if not f.finding.is_error and not f.overridden)


def overrides_in(history: Sequence[HistoryEvent]) -> dict[tuple[str, str], Override]:
    """The latest override per (code, field), read from the order's history events."""
    out: dict[tuple[str, str], Override] = {}
    for event in history:
        data = event.data or {}
        if event.kind != OVERRIDE_EVENT or not isinstance(data.get("code"), str):
            continue
        key = (data["code"], str(data.get("field") or ""))
        out[key] = Override(key[0], key[1], str(data.get("reason") or ""), event.author, event.at)
    return out


def mark_overrides(findings: Sequence[Finding], history: Sequence[HistoryEvent]) -> tuple[CheckedFinding, ...]:
    """Each finding with its override; only warnings can be overridden (errors always block)."""
    known = overrides_in(history)
    return tuple(
        CheckedFinding(f, None if f.is_error else known.get((f.code, f.field)))
        for f in findings
    )


class ChecksService:
    def __init__(self, queue: QueueLike, profiles: ProfileLookup, *,
                 inspect_document: DocumentInspector | None = None, check_bill: BillChecker | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self._queue = queue
        self._profiles = profiles
        self._inspect = inspect_document
        self._check_bill = check_bill
        self._today = today
        self._facts: dict[str, DocumentFacts] = {}  # by kind and SHA-256: stored bytes never change

    def run(self, order: PortOrder, documents: Sequence[DocumentInfo],
            history: Sequence[HistoryEvent] = ()) -> CheckReport:
        """Every finding for the order as edited, judged with its attached documents."""
        try:
            profile = self._profiles(order.profile)
        except ProfileError as exc:
            return CheckReport(problem=f"The checks cannot run: {exc}")
        today = self._today()
        judged = self._with_attachments(order, documents)
        facts: dict[str, DocumentFacts] = {}
        bill_check: BillCheck | None = None
        for info in self._latest_by_kind(documents).values():
            if self._inspect is None:
                break
            stored = self._queue.document(info.id)
            facts[info.kind] = self._facts_of(info, stored.data)
            if info.kind == "bill" and self._check_bill is not None and facts["bill"].text_layer:
                bill_check, problem = self._bill_check(stored.data, judged, today)
                if problem is not None:  # the bill check could not read it: not a readable PDF (BILL_NOT_PDF)
                    facts["bill"] = dataclasses.replace(facts["bill"], readable=False, problem=problem)
        findings = check_order(judged, profile, today, documents=facts, bill_check=bill_check)
        return CheckReport(mark_overrides(findings, history), profile.id, None, tuple(sorted(facts)))

    def record_override(self, order_id: int, finding: Finding, reason: str, author: str) -> None:
        """Keep a warning override, with its reason, as an "override" event in the order's history."""
        reason = reason.strip()
        if finding.is_error:
            raise ValueError("an error cannot be overridden: fix it before submitting")
        if not reason:
            raise ValueError("say why the warning does not apply: the reason is kept in the history")
        self._queue.add_event(
            order_id, OVERRIDE_EVENT, f"override {finding.code} ({finding.field}): {reason}", author,
            {"code": finding.code, "field": finding.field, "reason": reason, "message": finding.message},
        )

    # -- helpers ------------------------------------------------------------------------------------
    @staticmethod
    def _latest_by_kind(documents: Sequence[DocumentInfo]) -> dict[str, DocumentInfo]:
        out: dict[str, DocumentInfo] = {}
        for info in sorted(documents, key=lambda d: (d.added_at, d.id)):
            if info.kind in CHECKED_KINDS:
                out[info.kind] = info  # the newest attachment of a kind is the one that counts
        return out

    @classmethod
    def _with_attachments(cls, order: PortOrder, documents: Sequence[DocumentInfo]) -> PortOrder:
        """The order as the rules should see it: in the queue the attachments, not file paths, count."""
        judged = copy.deepcopy(order)
        attached = cls._latest_by_kind(documents)
        for kind in CHECKED_KINDS:
            ref = judged.documents.get(kind)
            if kind in attached:
                base = ref or DocumentRef(kind=kind)
                judged.documents[kind] = DocumentRef(kind, attached[kind].filename, base.date, base.signed_on,
                                                     base.signed_by, dict(base.extra))
            elif ref is not None:
                del judged.documents[kind]  # a path from an imported file, with no attachment behind it
        return judged

    def _facts_of(self, info: DocumentInfo, data: bytes) -> DocumentFacts:
        assert self._inspect is not None
        key = f"{info.kind}:{info.sha256}"
        if key not in self._facts:
            try:
                self._facts[key] = self._inspect(info.kind, info.filename, data)
            except Exception as exc:  # a file that breaks the reader is "not a readable PDF", not a crash
                log.exception("inspecting %s failed", info.filename)
                self._facts[key] = DocumentFacts(kind=info.kind, path=info.filename, size=len(data),
                                                 is_pdf=_PDF_MAGIC in data[:1024],
                                                 problem=f"it cannot be opened ({exc})")
        return self._facts[key]

    def _bill_check(self, data: bytes, order: PortOrder, today: dt.date) -> tuple[BillCheck | None, str | None]:
        """The bill check, or why it could not read the bill (the other checks still count)."""
        assert self._check_bill is not None
        try:
            return self._check_bill(data, order, today), None
        except Exception as exc:
            log.info("the bill check failed: %s", exc)
            return None, str(exc) or type(exc).__name__
