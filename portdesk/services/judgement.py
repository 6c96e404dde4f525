"""The submission judgement: every finding for one order, computed in one place.

`judge` is the pure core (an order, what its documents were measured to say, its profile, a day →
findings). `SubmissionJudge` is the use case every door calls — the Checks tab, `orders submit`,
the wizard's Submit, the submission package — : it loads the stored order, its newest bill and
LOA and its history (warning overrides), measures the documents through the adapters it was given
(the documents room, via the composition root) and judges. `lint` judges an order file with the
same `judge`. Qt-free; `findings` touches the database and PDFs: call it off the GUI thread.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from portdesk.domain.findings import Finding, count
from portdesk.domain.order import DocumentRef, PortOrder
from portdesk.domain.profiles import Profile, ProfileError
from portdesk.platform.logs import logger
from portdesk.services.evidence import Evidence, judge  # the pure core; re-exported for every door

if TYPE_CHECKING:  # annotations only: the documents' records are made where there are documents
    from portdesk.domain.documents import BillCheck, DocumentFacts
    from portdesk.domain.loa_contents import LoaText
    from portdesk.services.ports import DocumentInfo, HistoryEvent, StoredDocument

OVERRIDE_EVENT = "override"
CHECKED_KINDS = ("bill", "loa")
_PDF_MAGIC = b"%PDF-"

DocumentInspector = Callable[[str, str, bytes], "DocumentFacts"]  # kind, file name, bytes → facts
BillChecker = Callable[[bytes, PortOrder, dt.date], "BillCheck"]
LoaTextReader = Callable[[bytes], "LoaText"]  # an LOA's bytes → its text layer
ProfileLookup = Callable[[str | None], Profile]  # the order's profile id (or None) → its profile


# -- findings with their overrides ------------------------------------------------------------------
@dataclass(frozen=True)
class Override:
    """A coordinator's decision to submit despite a finding: who, when and why."""

    code: str
    field: str
    reason: str
    author: str
    at: dt.datetime


@dataclass(frozen=True)
class CheckedFinding:
    """A finding with its override, if it has one."""

    finding: Finding
    override: Override | None = None

    @property
    def overridden(self) -> bool:
        return self.override is not None


@dataclass(frozen=True)
class CheckReport:
    """The findings of one check of an order, or why the check could not run."""

    findings: tuple[CheckedFinding, ...] = ()
    profile_id: str | None = None
    problem: str | None = None  # why the checks could not run (unknown profile …), in words
    documents_checked: tuple[str, ...] = field(default=())

    @property
    def errors(self) -> int:
        return count(f.finding for f in self.findings)[0]

    @property
    def warnings(self) -> int:
        return count(f.finding for f in self.findings)[1]

    @property
    def open_warnings(self) -> int:
        """Warnings nobody has overridden yet."""
        return sum(1 for f in self.findings if not f.finding.is_error and not f.overridden)

    def plain(self) -> list[Finding]:
        return [f.finding for f in self.findings]


Findings = CheckReport  # what SubmissionJudge.findings answers


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


# -- the use case -----------------------------------------------------------------------------------
class JudgedQueue(Protocol):
    """What the judge needs from the queue service."""

    def detail(self, order_id: int) -> object: ...

    def document(self, document_id: int) -> StoredDocument: ...

    def add_event(self, order_id: int, kind: str, text: str, author: str,
                  data: Mapping[str, object] | None = None) -> None: ...


def latest_by_kind(documents: Sequence[DocumentInfo]) -> dict[str, DocumentInfo]:
    out: dict[str, DocumentInfo] = {}
    for info in sorted(documents, key=lambda d: (d.added_at, d.id)):
        if info.kind in CHECKED_KINDS:
            out[info.kind] = info  # the newest attachment of a kind is the one that counts
    return out


def with_attachments(order: PortOrder, documents: Sequence[DocumentInfo]) -> PortOrder:
    """The order as the rules should see it: in the queue the attachments, not file paths, count."""
    judged = copy.deepcopy(order)
    attached = latest_by_kind(documents)
    for kind in CHECKED_KINDS:
        ref = judged.documents.get(kind)
        if kind in attached:
            base = ref or DocumentRef(kind=kind)
            judged.documents[kind] = DocumentRef(kind, attached[kind].filename, base.date, base.signed_on,
                                                 base.signed_by, dict(base.extra))
        elif ref is not None:
            del judged.documents[kind]  # a path from an imported file, with no attachment behind it
    return judged


class SubmissionJudge:
    def __init__(self, queue: JudgedQueue, profiles: ProfileLookup, *,
                 inspect_document: DocumentInspector | None = None, check_bill: BillChecker | None = None,
                 read_loa_text: LoaTextReader | None = None) -> None:
        self._queue = queue
        self._profiles = profiles
        self._inspect = inspect_document
        self._check_bill = check_bill
        self._read_loa = read_loa_text
        self._facts: dict[str, DocumentFacts] = {}  # by kind and SHA-256: stored bytes never change
        self._loa_texts: dict[str, LoaText | None] = {}

    def findings(self, order_id: int, today: dt.date, order: PortOrder | None = None) -> CheckReport:
        """Every finding for the stored order `order_id` (or `order`, its content about to be saved),
        judged with its stored documents and overrides. KeyError when there is no such order."""
        detail = self._queue.detail(order_id)
        return self.run(order if order is not None else detail.order,  # type: ignore[attr-defined]
                        detail.documents, detail.history, today)  # type: ignore[attr-defined]

    def run(self, order: PortOrder, documents: Sequence[DocumentInfo], history: Sequence[HistoryEvent],
            today: dt.date, loaded: Mapping[int, bytes] | None = None) -> CheckReport:
        """The judgement of an order with these attachments and this history."""
        try:
            profile = self._profiles(order.profile)
        except ProfileError as exc:
            return CheckReport(problem=f"The checks cannot run: {exc}")
        judged = with_attachments(order, documents)
        evidence = self.measure(judged, documents, today, loaded)
        findings = judge(judged, evidence, profile, today)
        return CheckReport(mark_overrides(findings, history), profile.id, None, tuple(sorted(evidence.facts)))

    def load(self, documents: Sequence[DocumentInfo]) -> dict[int, bytes]:
        """The bytes `measure` reads, by document id: a store read, so a caller can do it on its own
        thread and hand the PDF work the bytes."""
        return {info.id: self._queue.document(info.id).data for info in latest_by_kind(documents).values()}

    def measure(self, order: PortOrder, documents: Sequence[DocumentInfo], today: dt.date,
                loaded: Mapping[int, bytes] | None = None) -> Evidence:
        facts: dict[str, DocumentFacts] = {}
        bill_check: BillCheck | None = None
        loa_text: LoaText | None = None
        if self._inspect is None:
            return Evidence()
        for info in latest_by_kind(documents).values():
            data = loaded[info.id] if loaded is not None and info.id in loaded else self._queue.document(info.id).data
            measured = facts[info.kind] = self._facts_of(info, data)
            if info.kind == "bill" and self._check_bill is not None and measured.text_layer:
                bill_check, problem = self._bill_check(data, order, today)
                if problem is not None:  # the bill check could not read it: not a readable PDF (BILL_NOT_PDF)
                    facts["bill"] = dataclasses.replace(measured, readable=False, problem=problem)
            if info.kind == "loa" and measured.readable and not measured.encrypted:
                loa_text = self._loa_text(info, data)
        return Evidence(facts, bill_check, loa_text)

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
    def _facts_of(self, info: DocumentInfo, data: bytes) -> DocumentFacts:
        assert self._inspect is not None
        key = f"{info.kind}:{info.sha256}"
        if key not in self._facts:
            try:
                self._facts[key] = self._inspect(info.kind, info.filename, data)
            except Exception as exc:  # a file that breaks the reader is "not a readable PDF", not a crash
                from portdesk.domain.documents import DocumentFacts

                logger(__name__).exception("inspecting %s failed", info.filename)
                self._facts[key] = DocumentFacts(kind=info.kind, path=info.filename, size=len(data),
                                                 is_pdf=_PDF_MAGIC in data[:1024],
                                                 problem=f"it cannot be opened ({exc})")
        return self._facts[key]

    def _loa_text(self, info: DocumentInfo, data: bytes) -> LoaText | None:
        if self._read_loa is None:
            return None
        if info.sha256 not in self._loa_texts:
            try:
                self._loa_texts[info.sha256] = self._read_loa(data)
            except Exception:  # judged by its signing record alone when its text cannot be read
                logger(__name__).exception("reading the text of %s failed", info.filename)
                self._loa_texts[info.sha256] = None
        return self._loa_texts[info.sha256]

    def _bill_check(self, data: bytes, order: PortOrder, today: dt.date) -> tuple[BillCheck | None, str | None]:
        """The bill check, or why it could not read the bill (the other checks still count)."""
        assert self._check_bill is not None
        try:
            return self._check_bill(data, order, today), None
        except Exception as exc:
            logger(__name__).info("the bill check failed: %s", exc)
            return None, str(exc) or type(exc).__name__


def refusal(report: CheckReport, what: str) -> str | None:
    """Why `what` (a submission, a package) cannot go ahead, in words; None when it can."""
    if report.problem:
        return report.problem
    errors = [f.finding for f in report.findings if f.finding.is_error]
    if errors:
        listed = "; ".join(f"{f.code} ({f.field})" for f in errors[:5])
        more = f" and {len(errors) - 5} more" if len(errors) > 5 else ""
        return f"{len(errors)} error(s) must be fixed before the {what}: {listed}{more}"
    return None
