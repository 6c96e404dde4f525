"""inspect_document: the plain facts the pre-flight rules judge, never an exception for a bad file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pymupdf
import pytest

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.facts import inspect_document
from portdesk.documents.sheet_pdf import protect
from tests.documents import hostile_pdfs


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_good_bill_is_measured_with_its_statement_date(tmp_path: Path) -> None:
    pdf = build_bill_pdf(BillContents(statement_date=dt.date(2026, 10, 20), extra_pages=1), "multipage")
    facts = inspect_document(_write(tmp_path, "bill.pdf", pdf), "bill")
    assert (facts.exists, facts.is_pdf, facts.readable, facts.encrypted) == (True, True, True, False)
    assert facts.size == len(pdf)
    assert facts.pages == 3
    assert facts.text_layer
    assert facts.statement_date == dt.date(2026, 10, 20)
    assert facts.problem is None


def test_a_scan_is_readable_without_a_text_layer(tmp_path: Path) -> None:
    facts = inspect_document(_write(tmp_path, "scan.pdf", build_bill_pdf(BillContents(), "scanned")), "bill")
    assert facts.readable and not facts.text_layer
    assert facts.statement_date is None


def test_missing_empty_and_not_pdf_files_say_why(tmp_path: Path) -> None:
    missing = inspect_document(tmp_path / "nope.pdf", "bill")
    assert not missing.exists and "does not exist" in (missing.problem or "")
    empty = inspect_document(_write(tmp_path, "empty.pdf", b""), "bill")
    assert empty.exists and not empty.readable and "empty" in (empty.problem or "")
    text = inspect_document(_write(tmp_path, "bill.pdf", b"just some text"), "bill")
    assert not text.is_pdf and "not a PDF" in (text.problem or "")


def test_an_encrypted_bill_is_a_pdf_that_cannot_be_read(tmp_path: Path) -> None:
    facts = inspect_document(_write(tmp_path, "locked.pdf", protect(build_bill_pdf(), "pw")), "bill")
    assert facts.is_pdf and facts.encrypted and not facts.readable
    assert "password" in (facts.problem or "")


def test_a_file_over_the_limit_is_measured_but_not_parsed(tmp_path: Path) -> None:
    pdf = build_bill_pdf()
    facts = inspect_document(_write(tmp_path, "bill.pdf", pdf), "bill", max_bytes=len(pdf) - 1)
    assert facts.is_pdf and facts.size == len(pdf)
    assert not facts.readable
    assert "more than" in (facts.problem or "")


def test_an_unsigned_pdf_given_as_loa_has_no_signing_record(tmp_path: Path) -> None:
    facts = inspect_document(_write(tmp_path, "loa.pdf", build_bill_pdf()), "loa")
    assert facts.readable and facts.text_layer
    assert facts.signing is None
    assert facts.statement_date is None


def test_a_portdesk_signed_loa_carries_its_signing_record(tmp_path: Path) -> None:
    from portdesk.documents.loa import render_loa
    from portdesk.documents.loa_signing import sign_loa
    from portdesk.domain.order import PortOrder

    order = PortOrder.from_dict({"format": "portdesk.order/1", "kind": "local", "numbers": ["303-555-0100"],
                                 "account": {"name": "ABC Company, Inc.", "authorized_user": "Jane Doe"}})
    signed_at = dt.datetime(2026, 11, 15, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=-7)))
    signed = sign_loa(render_loa(order).data, "Jane Doe", signed_at, typed=True)
    facts = inspect_document(_write(tmp_path, "loa.pdf", signed), "loa")
    assert facts.signing is not None
    assert facts.signing.signer == "Jane Doe"
    assert facts.signing.signed_at.startswith("2026-11-15T10:30")


def test_a_bill_with_a_damaged_page_is_not_readable(tmp_path: Path) -> None:
    damaged = hostile_pdfs.with_damaged_page(build_bill_pdf(BillContents(extra_pages=1), "multipage"), page=1)
    facts = inspect_document(_write(tmp_path, "bill.pdf", damaged), "bill")
    assert facts.is_pdf and not facts.readable
    assert (facts.problem or "").startswith("page 2 is damaged and cannot be read")


def test_an_loa_with_a_damaged_page_is_not_readable(tmp_path: Path) -> None:
    damaged = hostile_pdfs.with_damaged_page(build_bill_pdf(BillContents(), "labels"))
    facts = inspect_document(_write(tmp_path, "loa.pdf", damaged), "loa")
    assert facts.is_pdf and not facts.readable
    assert (facts.problem or "").startswith("page 1 is damaged and cannot be read")


def test_a_page_count_bomb_is_not_readable_and_says_why(tmp_path: Path) -> None:
    facts = inspect_document(_write(tmp_path, "bill.pdf", hostile_pdfs.page_count_bomb(10**9)), "bill")
    assert facts.is_pdf and not facts.readable
    assert (facts.problem or "").startswith("not a readable PDF: its page count cannot be read")


@pytest.mark.parametrize("appended", [
    bytes(range(200)),
    b"\r\n-- \r\nThis message was checked for viruses by the mail gateway.\r\n" * 60,  # 3.8 KB
])
def test_bytes_appended_after_a_complete_pdf_are_not_truncation(tmp_path: Path, appended: bytes) -> None:
    pdf = build_bill_pdf(BillContents(statement_date=dt.date(2026, 10, 20)), "labels") + appended
    facts = inspect_document(_write(tmp_path, "bill.pdf", pdf), "bill")
    assert facts.readable and facts.problem is None
    assert facts.statement_date == dt.date(2026, 10, 20)


def test_an_incremental_update_cut_short_is_truncated(tmp_path: Path) -> None:
    path = _write(tmp_path, "bill.pdf", build_bill_pdf(BillContents(), "labels"))
    doc = pymupdf.open(path)
    doc[0].insert_text((72, 72), "Paid in full")
    doc.saveIncr()  # the update (and its own %%EOF) follows the first file's %%EOF
    doc.close()
    whole = path.read_bytes()
    assert whole.count(b"%%EOF") == 2
    path.write_bytes(whole[: whole.rindex(b"startxref")])
    facts = inspect_document(path, "bill")
    assert not facts.readable and "truncated" in (facts.problem or "")
