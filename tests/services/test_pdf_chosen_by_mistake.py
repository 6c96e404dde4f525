"""A PDF picked where a number list or an order file is expected (a bill, most often) is named as a PDF,
with what to do instead: not "not UTF-8 text", and not a list of garbage numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from portdesk.demo.bill_story import build_bill_pdf
from portdesk.services import numbers_import
from portdesk.services.order_files import OrderFileProblem, read_order_file


@pytest.fixture
def bill(tmp_path: Path) -> Path:
    path = tmp_path / "lumen-bill.pdf"
    path.write_bytes(build_bill_pdf())
    return path


def test_a_pdf_chosen_as_an_order_file_is_named_as_a_pdf(bill: Path) -> None:
    with pytest.raises(OrderFileProblem) as caught:
        read_order_file(bill)
    said = str(caught.value)
    assert "UTF-8" not in said and "is a PDF" in said and "New port from bill" in said


def test_a_pdf_chosen_as_a_number_list_is_named_as_a_pdf(bill: Path) -> None:
    with pytest.raises(numbers_import.NumbersFileError) as caught:
        numbers_import.read_file(bill)
    said = str(caught.value)
    assert "is a PDF" in said and "CSV" in said
