"""`portdesk orders loa-send` / `loa-return`: the LOA to sign and its e-mail draft from the command
line, and the signed copy taken back — exit 1 with the reason when it is not the letter sent."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from tests.cli.test_submit_cmd import import_case, run


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PORTDESK_HOME", str(tmp_path / "home"))
    return f"sqlite:///{tmp_path / 'queue.sqlite3'}"


def _sign(sent: Path, out: Path, note: str | None = None) -> Path:
    doc = pymupdf.open(sent)
    annot = doc[0].add_ink_annot([[(70, 640), (100, 600), (130, 645), (170, 605)]])
    annot.set_info(modDate="D:20991201120000Z")  # after the run's own clock
    annot.update()
    if note:
        doc[0].insert_text((300, 90), note, fontname="helv", fontsize=9)
    doc.save(out)
    doc.close()
    return out


def test_send_then_return_the_signed_loa(tmp_path: Path, capsys: pytest.CaptureFixture[str], db: str) -> None:
    order_id = import_case(capsys, db, tmp_path)
    code, out, err = run(capsys, "orders", "loa-send", str(order_id), "-o", str(tmp_path / "out"), "--db", db, "--json")
    assert (code, err) == (0, "")
    sent = json.loads(out)
    assert Path(sent["file"]).parent == tmp_path / "out" and sent["mailto"].startswith("mailto:")
    code, out, err = run(capsys, "orders", "loa-return", str(order_id), str(_sign(Path(sent["file"]), tmp_path / "s.pdf")),
                         "--db", db, "--json")
    assert (code, err) == (0, "")
    back = json.loads(out)
    assert back["accepted"] is True and back["signed_at"] == "2099-12-01T12:00:00+00:00"
    code, out, _ = run(capsys, "orders", "show", str(order_id), "--db", db, "--json")
    shown = json.loads(out)
    assert shown["documents"]["loa"]["signed_on"] == "2099-12-01"


def test_a_changed_copy_exits_1_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str], db: str) -> None:
    order_id = import_case(capsys, db, tmp_path)
    code, out, _ = run(capsys, "orders", "loa-send", str(order_id), "--db", db, "--json")
    assert code == 0 and (tmp_path / "home" / "LOAs to sign").is_dir()
    signed = _sign(Path(json.loads(out)["file"]), tmp_path / "s.pdf", note="void after 30 days")
    code, out, err = run(capsys, "orders", "loa-return", str(order_id), str(signed), "--db", db)
    assert code == 1 and "words were changed" in err and err.count("\n") == 1


def test_returning_before_sending_or_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             db: str) -> None:
    order_id = import_case(capsys, db, tmp_path)
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.7\n")
    code, _, err = run(capsys, "orders", "loa-return", str(order_id), str(tmp_path / "x.pdf"), "--db", db)
    assert code == 2 and "no LOA sent for signature" in err
    code, _, err = run(capsys, "orders", "loa-return", str(order_id), str(tmp_path / "none.pdf"), "--db", db)
    assert code == 2 and "none.pdf" in err
