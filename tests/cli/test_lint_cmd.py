"""`portdesk lint`: pre-flight checks of an order file with its real bill and LOA PDFs."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen import canvas

from portdesk.cli import main
from portdesk.cli.lint_cmd import lint_order
from portdesk.demo.bill_story import BillContents, write_bill_pdf
from portdesk.domain.order import PortOrder
from tests.documents import hostile_pdfs

ORDER: dict[str, Any] = {
    "format": "portdesk.order/1",
    "name": "ABC Company - Denver",
    "kind": "local",
    "profile": "kazoo",
    "losing_carrier": "Lumen",
    "account": {
        "name": "ABC Company, Inc.",
        "number": "8812-5520-01",
        "pin": "4321",
        "btn": "+13035550100",
        "authorized_user": "Jane Doe",
        "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver",
                            "state": "CO", "postal_code": "80202", "country": "US"},
    },
    "port_type": "partial",
    "new_btn": "+13035550117",
    "numbers": ["+13035550100", "(303) 555-0101", "303-555-0102"],
    "requested_date": "2026-12-10",
    "requested_time": "09:00",
    "requested_timezone": "America/Denver",
    "documents": {
        "bill": {"path": "bill.pdf", "date": "2026-11-03"},
        "loa": {"path": "loa.pdf", "signed_on": "2026-11-15", "signed_by": "Jane Doe"},
    },
}
TODAY = "2026-11-22"


def write_loa(path: Path, order: dict[str, Any] | None = None) -> None:
    """The order's LOA as PortDesk writes it (it lists the order's numbers and account); a one-line
    letter when no order is given."""
    if order is not None:
        from portdesk.documents.loa import generate_loa
        from portdesk.domain.order import PortOrder

        path.write_bytes(generate_loa(PortOrder.from_dict(order)))
        return
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "Letter of Authorization - ABC Company, Inc.")
    pdf.save()


def make_case(folder: Path, bill: BillContents | None = None, **changes: Any) -> Path:
    data = copy.deepcopy(ORDER)
    data.update(changes)
    write_bill_pdf(str(folder / "bill.pdf"), bill or BillContents())
    write_loa(folder / "loa.pdf", data)
    path = folder / "order.json"
    path.write_text(json.dumps(data))
    return path


def lint(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["lint", *argv, "--today", TODAY, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_clean_order_with_its_bill_and_loa_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = lint(capsys, str(make_case(tmp_path)))
    assert (code, data) == (0, {"findings": [], "errors": 0, "warnings": 0})


def test_po_box_is_an_error_with_the_contract_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    account = copy.deepcopy(ORDER["account"])
    account["service_address"]["line1"] = "P.O. Box 12"
    code, data = lint(capsys, str(make_case(tmp_path, account=account)))
    assert code == 1 and data["errors"] >= 1
    first = data["findings"][0]
    assert set(first) == {"code", "severity", "field", "message"}
    assert ("PO_BOX_ADDRESS", "error", "account.service_address.line1") in [
        (f["code"], f["severity"], f["field"]) for f in data["findings"]
    ]


def test_name_missing_from_the_bill_is_a_bill_field_mismatch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bill = BillContents(account_name="Zephyr Widgets LLC")
    code, data = lint(capsys, str(make_case(tmp_path, bill=bill)))
    assert code == 1
    assert [(f["code"], f["severity"], f["field"]) for f in data["findings"]] == [
        ("BILL_FIELD_MISMATCH", "error", "account.name")
    ]


def test_number_not_on_the_bill_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    numbers = [*ORDER["numbers"], "303-555-0109"]
    code, data = lint(capsys, str(make_case(tmp_path, numbers=numbers)))
    assert code == 0 and data["warnings"] == 1
    assert [(f["code"], f["field"]) for f in data["findings"]] == [("NUMBER_NOT_ON_BILL", "numbers[3]")]


def test_missing_documents_are_findings_not_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_case(tmp_path)
    (tmp_path / "bill.pdf").unlink()
    code, data = lint(capsys, str(path))
    assert code == 1 and [f["code"] for f in data["findings"]] == ["BILL_MISSING"]


def test_a_bill_that_is_not_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_case(tmp_path)
    (tmp_path / "bill.pdf").write_bytes(b"\xff\xd8\xff\xe0 a JPEG photo of a bill")
    code, data = lint(capsys, str(path))
    assert code == 1 and [f["code"] for f in data["findings"]] == ["BILL_NOT_PDF"]


def test_order_without_documents_on_kazoo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "order.json"
    path.write_text(json.dumps({**ORDER, "documents": {}}))
    code, data = lint(capsys, str(path))
    assert code == 1 and [f["code"] for f in data["findings"]] == ["BILL_MISSING", "LOA_MISSING"]


def test_profile_flag_overrides_the_orders_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_case(tmp_path, requested_time="21:00", requested_timezone="America/Los_Angeles")
    assert lint(capsys, str(path))[0] == 0  # kazoo has no port window
    code, data = lint(capsys, str(path), "--profile", "bandwidth")
    assert code == 1 and [f["code"] for f in data["findings"]] == ["TIME_OUTSIDE_WINDOW"]


def test_user_profile_in_the_data_folder_overrides(
    tmp_path: Path, portdesk_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from portdesk.domain.profiles import get_profile

    shipped = Path(get_profile("kazoo").source).read_text()
    (portdesk_home / "profiles").mkdir()
    (portdesk_home / "profiles" / "kazoo.toml").write_text(shipped.replace("max_numbers = 100", "max_numbers = 2"))
    code, data = lint(capsys, str(make_case(tmp_path)))
    assert code == 1 and [f["code"] for f in data["findings"]] == ["TOO_MANY_NUMBERS"]


def test_broken_user_profile_is_exit_2_naming_file_and_key(
    tmp_path: Path, portdesk_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (portdesk_home / "profiles").mkdir()
    (portdesk_home / "profiles" / "mine.toml").write_text('id = "mine"\nname = "Mine"\n[limits]\nmax_numbers = -1\n')
    assert main(["lint", str(make_case(tmp_path)), "--today", TODAY]) == 2
    err = capsys.readouterr().err
    assert "mine.toml" in err and "limits.max_numbers" in err


@pytest.mark.parametrize(
    ("content", "words"),
    [(None, "no such file"), ("{not json", "not valid JSON"), ('{"format": "other/1"}', "format")],
)
def test_unreadable_order_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    content: str | None, words: str) -> None:
    path = tmp_path / "order.json"
    if content is not None:
        path.write_text(content)
    assert main(["lint", str(path)]) == 2
    err = capsys.readouterr().err
    assert "order.json" in err and words in err


def test_unknown_profile_is_exit_2_without_traceback(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "portdesk", "lint", str(path), "--profile", "nope"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "nope" in proc.stderr and "Traceback" not in proc.stderr


def test_unknown_profile_in_the_order_file_is_exit_2_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_case(tmp_path, profile="nope")
    assert main(["lint", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "order.json" in captured.err and "unknown profile 'nope'" in captured.err
    assert "nl-provider" in captured.err  # the known ids include the aliases of profiles.md


def test_human_output_ends_with_the_verdict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_case(tmp_path, requested_date="2026-12-12")
    assert main(["lint", str(path), "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "DATE_NOT_BUSINESS_DAY" in out and "0 error(s), 1 warning(s)" in out


def test_lint_order_is_callable_for_submission(tmp_path: Path) -> None:
    make_case(tmp_path)
    order = PortOrder.from_json((tmp_path / "order.json").read_text())
    order.account.service_address.line1 = "PMB 7"
    findings = lint_order(order, tmp_path, None, dt.date(2026, 11, 22))
    assert "PO_BOX_ADDRESS" in [f.code for f in findings]


def test_a_truncated_bill_is_not_a_readable_pdf_as_check_bill_says(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = make_case(tmp_path)
    bill = tmp_path / "bill.pdf"
    whole = bill.read_bytes()
    bill.write_bytes(whole[: int(len(whole) * 0.9)])
    code, data = lint(capsys, str(path))
    assert code == 1
    [finding] = [f for f in data["findings"] if f["code"] == "BILL_NOT_PDF"]
    assert finding["field"] == "documents.bill" and "truncated" in finding["message"]


def test_a_bill_check_bill_calls_damaged_is_not_a_readable_pdf(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = make_case(tmp_path)
    bill = tmp_path / "bill.pdf"
    bill.write_bytes(hostile_pdfs.with_damaged_page(bill.read_bytes()))
    assert main(["check-bill", str(bill), str(path)]) == 2
    assert "page 1 is damaged and cannot be read" in capsys.readouterr().err
    code, data = lint(capsys, str(path))
    assert code == 1
    [finding] = [f for f in data["findings"] if f["code"] == "BILL_NOT_PDF"]
    assert "page 1 is damaged and cannot be read" in finding["message"]


def test_a_bill_over_the_size_limit_is_too_large_even_when_it_is_no_pdf(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = make_case(tmp_path)
    (tmp_path / "bill.pdf").write_bytes(b"not a pdf at all\n" * (6 * 1024 * 1024 // 17))
    code, data = lint(capsys, str(path))
    assert code == 1
    assert {"BILL_NOT_PDF", "BILL_TOO_LARGE"} <= {f["code"] for f in data["findings"]}


def test_a_requested_date_of_9999_12_31_is_a_quick_field_invalid(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import time

    path = str(make_case(tmp_path, requested_date="9999-12-31"))
    lint(capsys, path)  # warm the documents' libraries; the date is what is timed
    begin = time.thread_time()
    code, data = lint(capsys, path)
    spent = time.thread_time() - begin
    assert code == 1
    assert [(f["code"], f["severity"], f["field"]) for f in data["findings"]] == [
        ("FIELD_INVALID", "error", "requested_date")]
    assert spent < 0.5, spent  # the whole lint with its PDFs; walking to 9999 cost about 2.4 s
