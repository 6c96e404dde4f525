"""A 40 MB scanned bill (image only): a clear answer from check-bill and lint, no crash, no hang."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pymupdf
import pytest

from portdesk.cli import main

ORDER = {
    "format": "portdesk.order/1", "name": "ABC Company - Denver", "kind": "local", "profile": "kazoo",
    "losing_carrier": "Lumen",
    "account": {"name": "ABC Company, Inc.", "number": "8812-5520-01", "btn": "+13035550100"},
    "port_type": "full", "numbers": ["+13035550100"],
    "documents": {"bill": {"path": "scan.pdf", "date": "2026-11-03"}},
}


@pytest.fixture(scope="module")
def big_scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One page holding an uncompressed 40 MB photo of noise: what a phone scan at 600 dpi can weigh."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    width, height = 3000, 4500
    xref = doc.get_new_xref()
    doc.update_object(xref, f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
                            "/ColorSpace /DeviceRGB /BitsPerComponent 8 >>")
    doc.update_stream(xref, os.urandom(width * height * 3), compress=False)
    page_xref = page.xref
    doc.xref_set_key(page_xref, "Resources", f"<< /XObject << /Im1 {xref} 0 R >> >>")
    contents = doc.get_new_xref()
    doc.update_object(contents, "<< >>")
    doc.update_stream(contents, b"q 612 0 0 792 0 0 cm /Im1 Do Q")
    doc.xref_set_key(page_xref, "Contents", f"{contents} 0 R")
    folder = tmp_path_factory.mktemp("big")
    path = folder / "scan.pdf"
    path.write_bytes(doc.tobytes())
    (folder / "order.json").write_text(json.dumps(ORDER), encoding="utf-8")
    return path


def test_the_scan_is_really_40_megabytes(big_scan: Path) -> None:
    assert big_scan.stat().st_size > 40_000_000


def test_check_bill_says_the_scan_has_no_text_and_checks_nothing(big_scan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check-bill", str(big_scan), str(big_scan.parent / "order.json"), "--today", "2026-11-22", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0  # cli.md: a scan exits 0
    assert out["bill"]["text_layer"] is False and out["bill"]["pages"] == 1
    assert {f["status"] for f in out["fields"]} == {"unchecked"}  # never a false "missing" on a scan


def test_lint_says_the_bill_is_over_the_providers_size_limit(big_scan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lint", str(big_scan.parent / "order.json"), "--today", "2026-11-22", "--json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    too_large = [f for f in findings if f["code"] == "BILL_TOO_LARGE"]
    assert code == 1 and too_large and "MB" in too_large[0]["message"]
