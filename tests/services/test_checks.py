"""The checks service on a real SQLite queue: findings with attachments, overrides kept in history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from portdesk.app import pdf_adapters
from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.bill import BillError
from portdesk.domain.documents import BillCheck, DocumentFacts
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import get_profile
from portdesk.services.checks import OVERRIDE_EVENT, ChecksService
from portdesk.services.ports import NewDocument
from portdesk.services.queue import QueueService
from tests.documents import hostile_pdfs

TODAY = dt.date(2026, 11, 20)
LONG_NAME = "Rocky Mountain Dental Partners"  # 30 characters: over 2600Hz's 25


def _profile(profile_id: str | None):
    return get_profile(profile_id or "kazoo")


class Inspector:
    """A fake documents room: every PDF is readable with a text layer; counts its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(self, kind: str, filename: str, data: bytes) -> DocumentFacts:
        self.calls.append((kind, filename))
        return DocumentFacts(kind=kind, path=filename, size=len(data), is_pdf=True, readable=True, pages=1,
                             text_layer=True, statement_date=dt.date(2026, 11, 3) if kind == "bill" else None)


def _service(queue: QueueService, **kw) -> ChecksService:
    return ChecksService(queue, _profile, today=lambda: TODAY, **kw)


def _codes(report) -> set[str]:
    return {f.finding.code for f in report.findings}


def test_po_box_and_long_account_name_are_found(queue: QueueService, make_order: Callable[..., PortOrder]):
    order = make_order()
    order.account.name = LONG_NAME
    order.account.service_address.line1 = "PO Box 1200"
    report = _service(queue).run(order, documents=[])
    by_code = {f.finding.code: f.finding for f in report.findings}
    assert by_code["PO_BOX_ADDRESS"].severity == "error"
    assert by_code["PO_BOX_ADDRESS"].field == "account.service_address.line1"
    assert by_code["ACCOUNT_NAME_TOO_LONG"].severity == "warning"
    assert by_code["ACCOUNT_NAME_TOO_LONG"].field == "account.name"
    assert report.profile_id == "kazoo"


def test_override_is_kept_as_history_event_and_marks_the_warning(queue: QueueService,
                                                                  make_order: Callable[..., PortOrder]):
    order = make_order()
    order.account.name = LONG_NAME
    [order_id] = queue.create_orders([order], "amy")
    checks = _service(queue)
    warning = next(f.finding for f in checks.run(order, []).findings if f.finding.code == "ACCOUNT_NAME_TOO_LONG")

    checks.record_override(order_id, warning, "  Carrier confirmed the first 25 characters are enough  ", "amy")

    detail = queue.detail(order_id)
    event = detail.history[-1]
    assert event.kind == OVERRIDE_EVENT and event.author == "amy"
    assert event.data is not None
    assert event.data["code"] == "ACCOUNT_NAME_TOO_LONG"
    assert event.data["field"] == "account.name"
    assert event.data["reason"] == "Carrier confirmed the first 25 characters are enough"
    again = checks.run(detail.order, detail.documents, detail.history)
    marked = next(f for f in again.findings if f.finding.code == "ACCOUNT_NAME_TOO_LONG")
    assert marked.overridden and marked.override is not None
    assert marked.override.reason.startswith("Carrier confirmed")
    assert again.open_warnings == sum(1 for f in again.findings if not f.finding.is_error) - 1


def test_errors_cannot_be_overridden_and_a_reason_is_required(queue: QueueService,
                                                              make_order: Callable[..., PortOrder]):
    order = make_order()
    order.account.name = LONG_NAME
    order.account.service_address.line1 = "P.O. Box 9"
    [order_id] = queue.create_orders([order], "amy")
    checks = _service(queue)
    found = {f.finding.code: f.finding for f in checks.run(order, []).findings}
    with pytest.raises(ValueError, match="cannot be overridden"):
        checks.record_override(order_id, found["PO_BOX_ADDRESS"], "it is fine", "amy")
    with pytest.raises(ValueError, match="reason"):
        checks.record_override(order_id, found["ACCOUNT_NAME_TOO_LONG"], "   ", "amy")
    assert not [e for e in queue.detail(order_id).history if e.kind == OVERRIDE_EVENT]


def test_attached_bill_is_inspected_once_and_checked_against_the_order(queue: QueueService, make_pdf,
                                                                       make_order: Callable[..., PortOrder]):
    order = make_order()
    [order_id] = queue.create_orders([order], "amy", documents={0: [NewDocument("bill", "bill.pdf", make_pdf("x"))]})
    detail = queue.detail(order_id)
    inspector = Inspector()
    seen: list[str | None] = []

    def check_bill(data: bytes, judged: PortOrder, today: dt.date) -> BillCheck:
        seen.append(judged.documents["bill"].path)
        return BillCheck(pages=1, text_layer=True, date=dt.date(2026, 11, 3), age_days=17)

    checks = _service(queue, inspect_document=inspector, check_bill=check_bill)
    first = checks.run(detail.order, detail.documents)
    checks.run(detail.order, detail.documents)

    assert inspector.calls == [("bill", "bill.pdf")]  # the second run reuses the facts
    assert seen == ["bill.pdf", "bill.pdf"]
    assert "BILL_MISSING" not in _codes(first)
    assert "LOA_MISSING" in _codes(first)  # the order file names no LOA and none is attached
    assert first.documents_checked == ("bill",)


def test_a_document_path_without_an_attachment_counts_as_missing(queue: QueueService,
                                                                 make_order: Callable[..., PortOrder]):
    order = make_order(documents={"bill": {"path": "bill.pdf", "date": "2026-11-03"}})
    report = _service(queue).run(order, documents=[])
    assert "BILL_MISSING" in _codes(report)


def test_unknown_profile_is_reported_in_words_not_raised(queue: QueueService,
                                                          make_order: Callable[..., PortOrder]):
    report = _service(queue).run(make_order(profile="no-such-provider"), documents=[])
    assert report.findings == ()
    assert report.problem is not None and "no-such-provider" in report.problem


def test_a_document_that_breaks_the_reader_is_a_not_pdf_finding_not_a_crash(queue: QueueService, make_pdf,
                                                                             make_order: Callable[..., PortOrder]):
    order = make_order()
    [order_id] = queue.create_orders([order], "amy", documents={0: [NewDocument("bill", "bill.pdf", make_pdf("x"))]})
    detail = queue.detail(order_id)

    def broken(kind: str, filename: str, data: bytes) -> DocumentFacts:
        raise RuntimeError("xref table is damaged")

    def never(data: bytes, judged: PortOrder, today: dt.date) -> BillCheck:
        raise AssertionError("an unreadable bill is not matched")

    report = _service(queue, inspect_document=broken, check_bill=never).run(detail.order, detail.documents)
    bill = next(f.finding for f in report.findings if f.finding.code == "BILL_NOT_PDF")
    assert "xref table is damaged" in bill.message


def test_a_bill_the_bill_check_cannot_read_is_not_a_readable_pdf(queue: QueueService, make_pdf,
                                                                 make_order: Callable[..., PortOrder]):
    order = make_order()
    [order_id] = queue.create_orders([order], "amy", documents={0: [NewDocument("bill", "bill.pdf", make_pdf("x"))]})
    detail = queue.detail(order_id)

    def unreadable(data: bytes, judged: PortOrder, today: dt.date) -> BillCheck:
        raise BillError("page 1 is damaged and cannot be read (too many nested graphics states)")

    report = _service(queue, inspect_document=Inspector(), check_bill=unreadable).run(detail.order, detail.documents)
    bill = next(f.finding for f in report.findings if f.finding.code == "BILL_NOT_PDF")
    assert bill.severity == "error" and "page 1 is damaged and cannot be read" in bill.message


def test_a_bill_with_a_damaged_page_is_not_a_readable_pdf_with_the_real_documents_room(
        queue: QueueService, make_order: Callable[..., PortOrder]):
    damaged = hostile_pdfs.with_damaged_page(build_bill_pdf(BillContents(), "labels"))
    [order_id] = queue.create_orders([make_order()], "amy",
                                     documents={0: [NewDocument("bill", "bill.pdf", damaged)]})
    detail = queue.detail(order_id)
    checks = _service(queue, inspect_document=pdf_adapters.inspect_bytes, check_bill=pdf_adapters.check_bill_bytes)
    report = checks.run(detail.order, detail.documents)
    bill = next(f.finding for f in report.findings if f.finding.code == "BILL_NOT_PDF")
    assert "page 1 is damaged and cannot be read" in bill.message
