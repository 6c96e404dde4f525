"""`portdesk numbers`: text, CSV, XLSX and stdin in; the JSON of the CLI contract out; exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from portdesk.cli import main


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_text_file_json_matches_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.txt"
    path.write_text("(303) 555-0100\n303.555.0101, 1-800-555-0100\n")
    code, data = run_json(capsys, "numbers", str(path), "--json")
    assert code == 0
    assert data["numbers"][0] == {
        "line": 1, "input": "(303) 555-0100", "e164": "+13035550100", "kind": "local", "country": "US",
        "npa_nxx": "303555", "valid": True, "error": None, "duplicate": False, "losing_carrier": None,
    }
    assert [(n["line"], n["e164"], n["kind"]) for n in data["numbers"][1:]] == [
        (2, "+13035550101", "local"), (2, "+18005550100", "toll_free"),
    ]


def test_an_invalid_entry_exits_1_and_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.txt"
    path.write_text("303-555-0100\n555-01\n303-555-0100\n")
    code, data = run_json(capsys, "numbers", "--json", str(path))
    assert code == 1
    bad = data["numbers"][1]
    assert (bad["line"], bad["input"], bad["valid"], bad["e164"]) == (2, "555-01", False, None)
    assert "too short" in bad["error"]
    assert [n["duplicate"] for n in data["numbers"]] == [False, False, True]


def test_a_line_without_digits_is_listed_invalid_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.txt"
    path.write_text("303-555-0100\nhello\n")
    code, data = run_json(capsys, "numbers", "--json", str(path))
    assert code == 1
    assert [(n["line"], n["input"], n["valid"]) for n in data["numbers"]] == [(1, "303-555-0100", True), (2, "hello", False)]
    assert "no digits" in data["numbers"][1]["error"]


def test_xlsx_row_with_text_but_an_empty_number_cell_is_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Site", "Phone", "Carrier"])
    sheet.append(["Denver", 3035550100, "Lumen"])
    sheet.append(["Boulder", None, "Comcast"])
    sheet.append(["Aurora", "call the office", None])
    path = tmp_path / "list.xlsx"
    book.save(path)
    code, data = run_json(capsys, "numbers", "--json", str(path))
    assert code == 1
    assert [(n["line"], n["valid"]) for n in data["numbers"]] == [(2, True), (3, False), (4, False)]
    assert "'Phone' column is empty" in data["numbers"][1]["error"]


def test_csv_with_carrier_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.csv"
    path.write_text("Site,TN,Current Carrier\nDenver,303-555-0100,Lumen\nBoulder,720-555-0100,Comcast\n")
    code, data = run_json(capsys, "numbers", "--json", str(path))
    assert code == 0
    assert [(n["line"], n["e164"], n["losing_carrier"]) for n in data["numbers"]] == [
        (2, "+13035550100", "Lumen"), (3, "+17205550100", "Comcast"),
    ]


def test_xlsx_with_numbers_typed_as_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Phone", "Carrier"])
    sheet.append([3035550100, "Lumen"])
    sheet.append(["(720) 555-0100", None])
    path = tmp_path / "list.xlsx"
    book.save(path)
    code, data = run_json(capsys, "numbers", "--json", str(path))
    assert code == 0
    assert [(n["line"], n["e164"], n["losing_carrier"]) for n in data["numbers"]] == [
        (2, "+13035550100", "Lumen"), (3, "+17205550100", None),
    ]


def test_xlsx_with_a_title_row_above_the_header_still_reads_the_carrier_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ACME numbers to port"])
    sheet.append([])
    sheet.append(["Site", "Telephone Number", "Losing Carrier"])
    sheet.append(["Denver", 3035550100, "Lumen"])
    sheet.append(["Boulder", "(720) 555-0100", "Comcast"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    code, data = run_json(capsys, "numbers", "--json", str(path))
    assert code == 0
    assert [(n["line"], n["e164"], n["losing_carrier"]) for n in data["numbers"]] == [
        (4, "+13035550100", "Lumen"), (5, "+17205550100", "Comcast"),
    ]


def test_utf16_text_as_excel_saves_unicode_text_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes("Phone\tCarrier\r\n303-555-0100\tLumen\r\n".encode("utf-16"))
    code, data = run_json(capsys, "numbers", "--json", str(path))
    assert code == 0
    assert [(n["line"], n["e164"], n["losing_carrier"]) for n in data["numbers"]] == [(2, "+13035550100", "Lumen")]


def test_stdin_dash(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"+1 303 555 0100\n")))
    code, data = run_json(capsys, "numbers", "-", "--json")
    assert code == 0 and data["numbers"][0]["e164"] == "+13035550100"


def test_human_output_is_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.txt"
    path.write_text("303-555-0100 x12\n")
    assert main(["numbers", str(path)]) == 0
    out = capsys.readouterr().out
    assert "+13035550100" in out and "ext 12" in out and "1 valid" in out


def test_missing_file_is_exit_2_with_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    proc = subprocess.run([sys.executable, "-m", "portdesk", "numbers", str(missing), "--json"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0 and "nope.txt" in proc.stderr and "Traceback" not in proc.stderr


def test_a_pdf_given_as_a_number_list_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bill.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert main(["numbers", str(path)]) == 2
    assert "bill.pdf" in capsys.readouterr().err


def test_a_broken_xlsx_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"PK\x03\x04not really a zip")
    assert main(["numbers", str(path)]) == 2
    assert "list.xlsx" in capsys.readouterr().err


def test_an_xlsx_with_xml_entities_is_exit_2_in_words_not_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.documents.xlsx_samples import BILLION_LAUGHS, with_doctype, workbook

    path = tmp_path / "laughs.xlsx"
    path.write_bytes(with_doctype(workbook(["Phone"], ["303-555-0100"]), "xl/worksheets/sheet1.xml", BILLION_LAUGHS, "lol4"))
    assert main(["numbers", str(path), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "laughs.xlsx" in err
    assert "this spreadsheet contains XML entities, which PortDesk refuses" in err


def test_a_reader_that_stops_early_gets_no_error_and_exit_0(tmp_path: Path) -> None:
    """`portdesk numbers big.txt | head -1`: the closed pipe is the reader's choice, not a failure."""
    path = tmp_path / "big.txt"
    path.write_text("".join(f"303555{i:04d}\n" for i in range(5000)))
    env = {"PORTDESK_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen([sys.executable, "-m", "portdesk", "numbers", str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert err == ""
