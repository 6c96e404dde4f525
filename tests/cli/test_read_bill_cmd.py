"""`portdesk read-bill`: the JSON contract of cli.md, the draft order of -o, and exit codes 0/2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from portdesk.cli import main
from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.bill import ocr_available
from portdesk.domain.order import PortOrder


def _bill(tmp_path: Path, layout: str = "window", **contents: Any) -> str:
    path = tmp_path / "bill.pdf"
    path.write_bytes(build_bill_pdf(BillContents(**contents), layout))
    return str(path)


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main(["read-bill", *argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_json_has_the_contract_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, _bill(tmp_path))
    assert code == 0
    assert data["bill"] == {"pages": 1, "text_layer": True, "ocr": False, "date": "2026-11-03"}
    assert data["losing_carrier"]["value"] == "Lumen" and data["losing_carrier"]["page"] == 1
    account = data["account"]
    assert set(account) == {"name", "number", "btn", "authorized_user", "service_address"}
    assert set(account["name"]) == {"value", "page", "rects", "confidence"}
    assert account["btn"]["value"] == "+13035550100"
    assert account["number"]["value"] == "8812-5520-01" and account["number"]["confidence"] == "high"
    assert all(len(r) == 4 for r in account["name"]["rects"])
    address = account["service_address"]
    assert {k: address[k]["value"] for k in ("line1", "line2", "city", "state", "postal_code")} == {
        "line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver", "state": "CO", "postal_code": "80202"}
    assert address["parts"] == {"house_number": "1200", "pre_direction": None, "street": "Market",
                                "suffix": "Street", "post_direction": None, "unit": "Suite 400"}
    assert data["numbers"] == ["+13035550100", "+13035550101", "+13035550102"]


def test_a_field_not_on_the_bill_is_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, _bill(tmp_path, "labels", authorized_user=None))
    assert code == 0 and "authorized_user" not in data["account"]


def test_o_writes_a_draft_order_with_the_bill_beside_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bill = _bill(tmp_path)
    target = tmp_path / "out" / "abc.json"
    code = main(["read-bill", bill, "-o", str(target)])
    assert code == 0 and str(target) in capsys.readouterr().out
    order = PortOrder.from_json(target.read_text(encoding="utf-8"))
    assert order.losing_carrier == "Lumen" and order.account.number == "8812-5520-01"
    assert order.account.service_address.line1 == "1200 Market Street"
    assert order.numbers == ["+13035550100", "+13035550101", "+13035550102"]
    ref = order.documents["bill"]
    assert ref.date == "2026-11-03"
    assert (target.parent / ref.path).read_bytes() == Path(bill).read_bytes()


def test_the_draft_order_passes_the_order_file_reader_of_orders_import(tmp_path: Path) -> None:
    from portdesk.services.order_files import read_order_file

    target = tmp_path / "abc.json"
    assert main(["read-bill", _bill(tmp_path), "-o", str(target)]) == 0
    loaded = read_order_file(target)
    assert [d.kind for d in loaded.documents] == ["bill"] and loaded.documents[0].mime == "application/pdf"


def test_the_report_for_people_names_each_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read-bill", _bill(tmp_path, "labels", authorized_user=None)]) == 0
    out = capsys.readouterr().out
    assert "Account number     8812-5520-01" in out and "Authorized user    (not on the bill)" in out


@pytest.mark.parametrize(("content", "reason"), [
    (b"hello, not a pdf", "not a PDF"),
    (b"", "empty"),
    (b"%PDF-1.4\n1 0 obj", "cut short"),
])
def test_an_unreadable_file_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  content: bytes, reason: str) -> None:
    path = tmp_path / "bill.pdf"
    path.write_bytes(content)
    assert main(["read-bill", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and reason in captured.err and len(captured.err.strip().splitlines()) == 1


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read-bill", str(tmp_path / "nope.pdf")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_scan_without_ocr_exits_2_saying_how_to_enable_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read-bill", _bill(tmp_path, "scanned"), "--json"]) == 2
    err = capsys.readouterr().err
    assert "OCR is needed" in err and "--ocr" in err and "ocr_enabled" in err


@pytest.mark.skipif(not ocr_available(), reason="Tesseract is not installed")
def test_a_scan_is_read_with_ocr_from_the_flag_or_the_settings(tmp_path: Path, portdesk_home: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    bill = _bill(tmp_path, "scanned")
    code, data = _json(capsys, bill, "--ocr")
    assert code == 0 and data["bill"]["ocr"] is True and data["account"]["number"]["value"] == "8812-5520-01"
    (portdesk_home / "settings.json").write_text(json.dumps({"ocr_enabled": True}), encoding="utf-8")
    code, data = _json(capsys, bill)
    assert code == 0 and data["account"]["btn"]["value"] == "+13035550100"
