"""What the wizard says about a file that is not a bill: each reason once, in words."""

from __future__ import annotations

from pathlib import Path

from portdesk.documents.facts import inspect_document
from portdesk.domain.profiles import get_profile
from portdesk.ui.wizard.bill_rules import bill_problem


def test_a_file_that_is_not_a_pdf_is_said_once_not_twice(tmp_path: Path) -> None:
    path = tmp_path / "bill.pdf"
    path.write_bytes(b"Dear customer, your bill is attached.\n" * 20)
    said = bill_problem(path.name, path.read_bytes(), inspect_document(path, "bill"), get_profile("kazoo"))
    assert said is not None
    assert said.count("not a PDF") == 1 and "((" not in said and "not a PDF (not" not in said
    assert said.startswith("bill.pdf is not a PDF")
