"""`portdesk loa`: output file, JSON keys, signing from the command line, exit codes 0 and 2."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from portdesk.cli import main
from portdesk.documents.loa_signing import read_signing_record
from tests.documents.loa_samples import drawn_signature_png, order_dict, pdf_text


@pytest.fixture
def order_file(tmp_path: Path) -> Path:
    path = tmp_path / "order.json"
    path.write_text(json.dumps(order_dict(120)), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_writes_the_unsigned_loa_and_prints_its_path(order_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_pdf = tmp_path / "loa.pdf"
    code, out, err = _run(capsys, "loa", str(order_file), "-o", str(out_pdf))
    assert (code, err) == (0, "")
    assert out.strip() == str(out_pdf)
    data = out_pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert read_signing_record(data) is None
    assert "2600Hz" in pdf_text(data)[0]  # the order's profile names the gaining provider


def test_json_reports_path_pages_numbers_signed_and_sha256(order_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_pdf = tmp_path / "loa.pdf"
    code, out, _ = _run(capsys, "loa", str(order_file), "-o", str(out_pdf), "--json")
    report = json.loads(out)
    assert code == 0
    with pymupdf.open(out_pdf) as doc:
        pages = doc.page_count
    assert report["path"] == str(out_pdf)
    assert (report["pages"], report["numbers"], report["signed"]) == (pages, 120, False)
    assert report["sha256"] == hashlib.sha256(out_pdf.read_bytes()).hexdigest()


def test_sign_as_types_the_signature_and_embeds_the_record(order_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unsigned_pdf, signed_pdf = tmp_path / "unsigned.pdf", tmp_path / "signed.pdf"
    assert _run(capsys, "loa", str(order_file), "-o", str(unsigned_pdf))[0] == 0
    code, out, _ = _run(
        capsys, "loa", str(order_file), "-o", str(signed_pdf), "--sign-as", "Jane Doe", "--today", "2026-11-20", "--json"
    )
    report = json.loads(out)
    record = read_signing_record(signed_pdf.read_bytes())
    assert code == 0 and report["signed"] is True
    assert record is not None
    assert (record.signer, record.method) == ("Jane Doe", "typed")
    assert record.unsigned_sha256 == hashlib.sha256(unsigned_pdf.read_bytes()).hexdigest()
    signed_at = dt.datetime.fromisoformat(record.signed_at)
    assert signed_at.date() == dt.date(2026, 11, 20) and signed_at.utcoffset() is not None
    assert "2026-11-20" in pdf_text(signed_pdf.read_bytes())[0]


def test_signature_image_is_placed_and_recorded_as_an_image(order_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = tmp_path / "sig.png"
    image.write_bytes(drawn_signature_png())
    out_pdf = tmp_path / "signed.pdf"
    code, _, err = _run(capsys, "loa", str(order_file), "-o", str(out_pdf), "--sign-as", "Jane Doe", "--signature", str(image))
    assert (code, err) == (0, "")
    with pymupdf.open(out_pdf) as doc:
        assert len(doc[0].get_images()) == 1
    record = read_signing_record(out_pdf.read_bytes())
    assert record is not None and record.method == "image"


def test_bad_order_file_exits_2_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    out_pdf = tmp_path / "loa.pdf"
    code, out, err = _run(capsys, "loa", str(bad), "-o", str(out_pdf))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "bad.json" in err
    assert not out_pdf.exists()


def test_missing_order_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "loa", str(tmp_path / "nope.json"), "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and "nope.json" in err and "no such file" in err


@pytest.mark.parametrize("content", [b"%PDF-1.7 this is not a picture", b"", b"hello"])
def test_non_image_signature_exits_2_and_writes_nothing(
    order_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    image = tmp_path / "sig.png"
    image.write_bytes(content)
    out_pdf = tmp_path / "loa.pdf"
    code, _, err = _run(capsys, "loa", str(order_file), "-o", str(out_pdf), "--sign-as", "Jane", "--signature", str(image))
    assert code == 2 and "sig.png" in err and len(err.strip().splitlines()) == 1
    assert not out_pdf.exists()


def test_unreadable_signature_file_exits_2(order_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "loa", str(order_file), "-o", str(tmp_path / "x.pdf"), "--sign-as", "J", "--signature", str(tmp_path / "none.png"))
    assert code == 2 and "none.png" in err


def test_unwritable_output_exits_2(order_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "loa", str(order_file), "-o", str(tmp_path / "no-such-folder" / "loa.pdf"))
    assert code == 2 and "no-such-folder" in err
    code, _, err = _run(capsys, "loa", str(order_file), "-o", str(tmp_path))
    assert code == 2 and "folder" in err


def test_unknown_profile_exits_2(order_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "loa", str(order_file), "-o", str(tmp_path / "x.pdf"), "--profile", "no-such-provider")
    assert code == 2 and "no-such-provider" in err


def test_signature_image_alone_signs_in_the_authorized_persons_name(
    order_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    image = tmp_path / "sig.png"
    image.write_bytes(drawn_signature_png())
    out_pdf = tmp_path / "signed.pdf"
    assert _run(capsys, "loa", str(order_file), "-o", str(out_pdf), "--signature", str(image))[0] == 0
    record = read_signing_record(out_pdf.read_bytes())
    assert record is not None and record.signer == "Jane Doe"


def test_the_installed_command_runs_without_a_traceback(order_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "portdesk.order/9"}', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "portdesk", "loa", str(bad), "-o", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "bad.json" in proc.stderr


def test_lint_reads_the_signing_record_of_an_loa_made_here(order_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(order_file.read_text(encoding="utf-8"))
    data["documents"] = {"loa": {"path": "loa.pdf"}}
    order_file.write_text(json.dumps(data), encoding="utf-8")
    loa = tmp_path / "loa.pdf"

    def lint_codes() -> set[str]:
        _, out, _ = _run(capsys, "lint", str(order_file), "--today", "2026-11-22", "--json")
        return {f["code"] for f in json.loads(out)["findings"]}

    assert _run(capsys, "loa", str(order_file), "-o", str(loa))[0] == 0
    assert "LOA_UNSIGNED" in lint_codes()
    assert _run(capsys, "loa", str(order_file), "-o", str(loa), "--sign-as", "Jane Doe", "--today", "2026-11-20")[0] == 0
    assert not {"LOA_UNSIGNED", "LOA_TOO_OLD"} & lint_codes()
