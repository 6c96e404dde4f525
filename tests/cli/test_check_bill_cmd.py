"""`portdesk check-bill`: the JSON contract of cli.md, exit codes 0/1/2 and the readable report."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from portdesk.cli import main
from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.bill import ocr_available
from portdesk.platform.settings import Settings
from tests.documents import hostile_pdfs

ORDER: dict[str, Any] = {
    "format": "portdesk.order/1",
    "kind": "local",
    "account": {
        "name": "ABC Company Inc",
        "number": "8812-5520-01",
        "pin": "4321",
        "btn": "303-555-0100",
        "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver", "state": "CO",
                            "postal_code": "80202"},
    },
    "numbers": ["+13035550100", "(303) 555-0101", "303-555-0999"],
}


def _files(tmp_path: Path, layout: str = "labels", **account: Any) -> tuple[str, str]:
    bill = tmp_path / "bill.pdf"
    bill.write_bytes(build_bill_pdf(BillContents(), layout))
    order = json.loads(json.dumps(ORDER))
    order["account"].update(account)
    order_path = tmp_path / "order.json"
    order_path.write_text(json.dumps(order))
    return str(bill), str(order_path)


def _run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main(["check-bill", *argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_json_has_the_contract_keys_and_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bill, order = _files(tmp_path)
    code, data = _run_json(capsys, bill, order, "--today", "2026-11-22")
    assert code == 0
    assert data["bill"] == {"pages": 1, "text_layer": True, "date": "2026-11-03", "age_days": 19, "ocr": False}
    assert [f["field"] for f in data["fields"]] == [
        "account.name", "account.number", "account.btn", "account.service_address.line1",
        "account.service_address.line2", "account.service_address.city", "account.service_address.state",
        "account.service_address.postal_code",
    ]
    name = data["fields"][0]
    assert set(name) == {"field", "value", "status", "found", "page", "rects", "differences"}
    assert name["status"] == "near" and name["found"] == "ABC Company, Inc." and name["page"] == 1
    assert name["differences"] == ["bill has ',' after 'Company'", "bill has '.' after 'Inc'"]
    assert len(name["rects"]) == 1 and len(name["rects"][0]) == 4
    assert data["numbers"] == {"on_order_not_on_bill": ["+13035550999"], "on_bill_not_on_order": ["+13035550102"]}


def test_the_pin_never_appears_in_the_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bill, order = _files(tmp_path)
    main(["check-bill", bill, order, "--json"])
    main(["check-bill", bill, order])
    assert "4321" not in capsys.readouterr().out


@pytest.mark.parametrize(("account", "value"), [("name", "Zeta Holdings"), ("number", "8812-5520-09")])
def test_a_missing_key_field_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str], account: str,
                                     value: str) -> None:
    bill, order = _files(tmp_path, **{account: value})
    code, data = _run_json(capsys, bill, order, "--today", "2026-11-22")
    assert code == 1
    assert {f["field"]: f["status"] for f in data["fields"]}[f"account.{account}"] == "missing"


def test_a_missing_city_is_reported_but_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bill, order = _files(tmp_path, service_address={**ORDER["account"]["service_address"], "city": "Boulder"})
    code, data = _run_json(capsys, bill, order)
    assert code == 0
    assert {f["field"]: f["status"] for f in data["fields"]}["account.service_address.city"] == "missing"


def test_a_scan_is_unchecked_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bill, order = _files(tmp_path, "scanned")
    code, data = _run_json(capsys, bill, order)
    assert code == 0
    assert data["bill"]["text_layer"] is False and data["bill"]["date"] is None
    assert {f["status"] for f in data["fields"]} == {"unchecked"}


@pytest.mark.parametrize(("bill_bytes", "reason"), [(b"", "empty"), (b"hello, not a pdf", "not a PDF")])
def test_a_bad_bill_exits_2_with_one_line_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    bill_bytes: bytes, reason: str) -> None:
    _, order = _files(tmp_path)
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(bill_bytes)
    assert main(["check-bill", str(bad), order, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and reason in lines[0]


@pytest.mark.parametrize("kept", [0.5, 0.75, 0.98])
def test_a_truncated_bill_exits_2_even_when_mupdf_could_rebuild_part_of_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kept: float) -> None:
    bill, order = _files(tmp_path)
    whole = Path(bill).read_bytes()
    Path(bill).write_bytes(whole[: int(len(whole) * kept)])
    assert main(["check-bill", bill, order, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and bill in lines[0] and "truncated" in lines[0]


def test_a_complete_bill_with_bytes_after_its_end_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bill, order = _files(tmp_path)
    Path(bill).write_bytes(Path(bill).read_bytes() + b"\r\n\x00\x00")
    code, data = _run_json(capsys, bill, order, "--today", "2026-11-22")
    assert code == 0 and data["bill"]["text_layer"]


def test_a_missing_bill_or_bad_order_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bill, order = _files(tmp_path)
    assert main(["check-bill", str(tmp_path / "nope.pdf"), order]) == 2
    assert "nope.pdf" in capsys.readouterr().err
    Path(order).write_text("{not json")
    assert main(["check-bill", bill, order]) == 2
    assert "order.json" in capsys.readouterr().err


def test_the_readable_report_names_near_fields_and_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bill, order = _files(tmp_path)
    assert main(["check-bill", bill, order, "--today", "2026-11-22"]) == 0
    out = capsys.readouterr().out
    assert "statement date 2026-11-03, 19 days old" in out
    assert "the bill has 'ABC Company, Inc.' (page 1)" in out
    assert "+13035550999" in out


def test_the_installed_command_runs_without_a_traceback(tmp_path: Path) -> None:
    bill, order = _files(tmp_path)
    Path(bill).write_bytes(b"%PDF-1.4\n garbage")
    done = subprocess.run([sys.executable, "-m", "portdesk", "check-bill", bill, order, "--json"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr and "bill.pdf" in done.stderr


@pytest.mark.parametrize(("hostile", "reason"), [
    (lambda: hostile_pdfs.page_count_bomb(10**9), "not a readable PDF: its page count cannot be read"),
    (lambda: hostile_pdfs.page_count_bomb(2**31 - 1), "not a readable PDF: its page count cannot be read"),
    (lambda: hostile_pdfs.many_words(10_000_000), "page 1 draws more than 2 MB of content"),
    (lambda: hostile_pdfs.many_words(30_000), "page 1 holds more than 20,000 words"),
])
def test_a_hostile_bill_exits_2_with_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    hostile: Callable[[], bytes], reason: str) -> None:
    bill, order = _files(tmp_path)
    Path(bill).write_bytes(hostile())
    started = time.process_time()  # the command's own work (any thread), not the other processes on the cores
    assert main(["check-bill", bill, order, "--json"]) == 2
    assert time.process_time() - started < 2.0
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and bill in lines[0] and reason in lines[0] and "internal error" not in lines[0]


def test_ocr_flag_reads_a_scan_for_this_run_without_changing_the_settings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not ocr_available():
        pytest.skip("Tesseract is not installed")
    bill, order = _files(tmp_path, "scanned")
    before = Settings.load()
    assert not before.ocr_enabled
    code, data = _run_json(capsys, bill, order, "--ocr", "--today", "2026-11-22")
    assert code == 0
    assert data["ocr"] is True and data["bill"]["ocr"] is True
    assert {f["field"]: f["status"] for f in data["fields"]}["account.number"] == "exact"
    assert Settings.load() == before
    code, data = _run_json(capsys, bill, order)  # the next run, without the flag, reads no scan
    assert data["ocr"] is False and {f["status"] for f in data["fields"]} == {"unchecked"}


def test_ocr_flag_without_tesseract_exits_2_naming_the_package(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    no_languages = tmp_path / "tessdata"
    no_languages.mkdir()
    monkeypatch.setenv("TESSDATA_PREFIX", str(no_languages))  # Tesseract's language data is not there
    bill, order = _files(tmp_path, "scanned")
    assert main(["check-bill", bill, order, "--ocr", "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "tesseract-ocr" in lines[0]
