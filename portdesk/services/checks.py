"""The Checks tab's use case: the submission judgement of an order in the queue, and warning
overrides kept in its history.

Qt-free. The judging itself is `services.judgement.SubmissionJudge` (the same one `orders submit`,
the wizard and the submission package call); this keeps the Checks tab's interface to it. `run`
touches the database and PDFs: call it off the GUI thread, on the PDF worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from portdesk.domain.findings import Finding
from portdesk.domain.order import PortOrder
from portdesk.services.judgement import (
    CHECKED_KINDS,
    OVERRIDE_EVENT,
    BillChecker,
    CheckedFinding,
    CheckReport,
    DocumentInspector,
    LoaTextReader,
    Override,
    ProfileLookup,
    SubmissionJudge,
    mark_overrides,
    overrides_in,
)
from portdesk.services.ports import DocumentInfo, HistoryEvent, StoredDocument

__all__ = ["CHECKED_KINDS", "OVERRIDE_EVENT", "BillChecker", "CheckReport", "CheckedFinding", "ChecksService",
           "DocumentInspector", "Override", "ProfileLookup", "QueueLike", "mark_overrides", "overrides_in"]


class QueueLike(Protocol):
    """What the checks need from the queue service."""

    def document(self, document_id: int) -> StoredDocument: ...

    def add_event(self, order_id: int, kind: str, text: str, author: str,
                  data: Mapping[str, object] | None = None) -> None: ...


class ChecksService:
    def __init__(self, queue: QueueLike, profiles: ProfileLookup, *,
                 inspect_document: DocumentInspector | None = None, check_bill: BillChecker | None = None,
                 read_loa_text: LoaTextReader | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.judge = SubmissionJudge(queue, profiles, inspect_document=inspect_document,  # type: ignore[arg-type]
                                     check_bill=check_bill, read_loa_text=read_loa_text)
        self._today = today

    def run(self, order: PortOrder, documents: Sequence[DocumentInfo],
            history: Sequence[HistoryEvent] = (), loaded: Mapping[int, bytes] | None = None) -> CheckReport:
        """Every finding for the order, judged with its attached documents (the submission judgement).

        `loaded`: the documents' bytes from `load` (read on the database thread), so this call does
        PDF work only."""
        return self.judge.run(order, documents, history, self._today(), loaded)

    def load(self, documents: Sequence[DocumentInfo]) -> dict[int, bytes]:
        return self.judge.load(documents)

    def findings(self, order_id: int) -> CheckReport:
        """The submission judgement of the stored order."""
        return self.judge.findings(order_id, self._today())

    def record_override(self, order_id: int, finding: Finding, reason: str, author: str) -> None:
        """Keep a warning override, with its reason, as an "override" event in the order's history."""
        self.judge.record_override(order_id, finding, reason, author)
