"""Opening bills: what a customer's email can hold, and a clear BillError for each bad case."""

from __future__ import annotations

from pathlib import Path

import pytest

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.bill import BillEncryptedError, BillError, ocr_available, open_bill, read_bill
from portdesk.documents.sheet_pdf import protect, with_active_content


@pytest.fixture(scope="module")
def bill_pdf() -> bytes:
    return build_bill_pdf(BillContents(extra_pages=2), "multipage")


def test_opens_from_path_and_bytes_with_page_count_and_size(tmp_path: Path, bill_pdf: bytes) -> None:
    path = tmp_path / "bill.pdf"
    path.write_bytes(bill_pdf)
    with open_bill(path) as from_path, open_bill(bill_pdf) as from_bytes:
        assert from_path.pages == from_bytes.pages == 4
        assert from_path.size == len(bill_pdf)
        assert not from_path.encrypted


def test_a_text_file_named_pdf_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "bill.pdf"
    path.write_text("Account Name: ABC Company\n")
    with pytest.raises(BillError, match="not a PDF"):
        open_bill(path)


def test_a_pdf_named_txt_is_read_by_its_magic_bytes(tmp_path: Path, bill_pdf: bytes) -> None:
    path = tmp_path / "bill.txt"
    path.write_bytes(bill_pdf)
    with open_bill(path) as bill:
        assert bill.pages == 4


def test_zero_bytes_says_empty(tmp_path: Path) -> None:
    path = tmp_path / "bill.pdf"
    path.write_bytes(b"")
    with pytest.raises(BillError, match="empty"):
        open_bill(path)


def test_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(BillError, match="no such file"):
        open_bill(tmp_path / "nope.pdf")


def test_a_pdf_cut_to_its_header_is_damaged(bill_pdf: bytes) -> None:
    with pytest.raises(BillError, match="damaged"):
        open_bill(bill_pdf[: len(bill_pdf) // 10])


def test_a_truncated_pdf_is_repaired_when_mupdf_can(bill_pdf: bytes) -> None:
    with open_bill(bill_pdf[: int(len(bill_pdf) * 0.6)]) as bill:
        assert bill.repaired
        assert read_bill(bill).text_layer


def test_password_protected_bill_says_so_and_opens_with_its_password(bill_pdf: bytes) -> None:
    locked = protect(bill_pdf, "s3cret")
    with pytest.raises(BillEncryptedError, match="password-protected"):
        open_bill(locked)
    with pytest.raises(BillEncryptedError, match="does not open it"):
        open_bill(locked, password="wrong")
    with open_bill(locked, password="s3cret") as bill:
        assert bill.encrypted
        assert read_bill(bill).statement_date is not None


def test_javascript_and_embedded_files_are_noticed_and_only_text_is_read(bill_pdf: bytes) -> None:
    with open_bill(with_active_content(bill_pdf)) as bill:
        assert bill.active_content
        reading = read_bill(bill)
    assert reading.text_layer
    assert reading.statement_date is not None
    with open_bill(bill_pdf) as plain:
        assert not plain.active_content


def test_a_scan_has_no_text_layer() -> None:
    scan = build_bill_pdf(BillContents(), "scanned")
    with open_bill(scan) as bill:
        reading = read_bill(bill)
        assert not bill.has_text_layer()
    assert reading.page_count == 1
    assert not reading.text_layer
    assert not reading.ocr
    assert reading.statement_date is None
    assert reading.numbers == []


def test_ocr_asked_without_tesseract_leaves_the_scan_unread_without_error(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # no language files: Tesseract cannot run
    assert not ocr_available()
    with open_bill(build_bill_pdf(BillContents(), "scanned")) as bill:
        reading = read_bill(bill, ocr=True)
    assert not reading.ocr
    assert not reading.text_layer


def test_ocr_reads_a_scan_when_tesseract_is_installed() -> None:
    if not ocr_available():
        pytest.skip("Tesseract is not installed")
    with open_bill(build_bill_pdf(BillContents(), "scanned")) as bill:
        reading = read_bill(bill, ocr=True)
    assert reading.ocr
    assert "+13035550100" in {n.e164 for n in reading.numbers}
