"""`portdesk orders submit ID`: lint on the stored order; errors refuse it, a clean order is queued."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portdesk.cli import main
from tests.cli.test_lint_cmd import ORDER, TODAY, make_case
from tests.documents import hostile_pdfs
from tests.sqlite_template import migrated_sqlite

PO_BOX = {**ORDER["account"], "service_address": {**ORDER["account"]["service_address"], "line1": "P.O. Box 1200"}}


@pytest.fixture
def db(tmp_path: Path) -> str:
    return migrated_sqlite(tmp_path / "queue.sqlite3")  # at head already, as after the first start


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def import_case(capsys: pytest.CaptureFixture[str], db: str, folder: Path, **changes: object) -> int:
    path = make_case(folder, **changes)
    code, out, _ = run(capsys, "orders", "import", str(path), "--db", db, "--json")
    assert code == 0
    return int(json.loads(out)["ids"][0])


def status_of(capsys: pytest.CaptureFixture[str], db: str, order_id: int) -> str:
    code, out, _ = run(capsys, "orders", "show", str(order_id), "--db", db, "--json")
    assert code == 0
    return str(json.loads(out)["status"])


def test_a_clean_order_is_queued_in_progressing(tmp_path: Path, capsys: pytest.CaptureFixture[str], db: str) -> None:
    order_id = import_case(capsys, db, tmp_path)
    code, out, err = run(capsys, "orders", "submit", str(order_id), "--db", db, "--today", TODAY, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"id": order_id, "submitted": True, "status": "queued", "tab": "progressing",
                               "findings": [], "errors": 0, "warnings": 0}
    assert status_of(capsys, db, order_id) == "queued"
    code, out, _ = run(capsys, "orders", "list", "--tab", "progressing", "--db", db, "--json")
    assert [row["id"] for row in json.loads(out)["orders"]] == [order_id]


def test_an_order_with_errors_is_refused_with_exit_1_and_stays_a_draft(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], db: str) -> None:
    order_id = import_case(capsys, db, tmp_path, account=PO_BOX)
    code, out, _ = run(capsys, "orders", "submit", str(order_id), "--db", db, "--today", TODAY, "--json")
    data = json.loads(out)
    assert code == 1 and data["submitted"] is False and data["errors"] >= 1
    assert any(f["severity"] == "error" and f["code"] == "PO_BOX_ADDRESS" for f in data["findings"])
    assert status_of(capsys, db, order_id) == "draft"


def test_the_readable_output_lists_findings_and_the_verdict(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], db: str) -> None:
    order_id = import_case(capsys, db, tmp_path, account=PO_BOX)
    code, out, _ = run(capsys, "orders", "submit", str(order_id), "--db", db, "--today", TODAY)
    assert code == 1
    assert "PO_BOX_ADDRESS" in out and out.rstrip().endswith("not submitted; fix them first")


def test_a_queued_order_cannot_be_submitted_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str], db: str) -> None:
    order_id = import_case(capsys, db, tmp_path)
    assert run(capsys, "orders", "submit", str(order_id), "--db", db, "--today", TODAY)[0] == 0
    code, out, err = run(capsys, "orders", "submit", str(order_id), "--db", db, "--today", TODAY)
    assert code == 2 and out == "" and err.count("\n") == 1 and "only drafts" in err


def test_an_unknown_order_is_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = run(capsys, "orders", "submit", "4242", "--db", db)
    assert (code, out) == (2, "") and err == "portdesk: no order with id 4242\n"


def test_the_submission_is_in_the_history_under_the_author_of_the_settings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from portdesk.platform.settings import Settings

    monkeypatch.setenv("USER", "shell-login")
    Settings(author="Maria Lopez").save()
    order_id = import_case(capsys, db, tmp_path)
    code, _, _ = run(capsys, "orders", "submit", str(order_id), "--db", db, "--today", TODAY)
    assert code == 0
    _, out, _ = run(capsys, "orders", "show", str(order_id), "--db", db, "--json")
    queued = [h for h in json.loads(out)["history"] if "queued" in (h["text"] or "").lower() or h["kind"] == "status"]
    assert queued and queued[-1]["author"] == "Maria Lopez"


def test_an_order_whose_bill_has_a_damaged_page_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          db: str) -> None:
    path = make_case(tmp_path)
    bill = tmp_path / "bill.pdf"
    bill.write_bytes(hostile_pdfs.with_damaged_page(bill.read_bytes()))
    code, out, _ = run(capsys, "orders", "import", str(path), "--db", db, "--json")
    assert code == 0
    order_id = int(json.loads(out)["ids"][0])
    code, out, _ = run(capsys, "orders", "submit", str(order_id), "--db", db, "--today", TODAY, "--json")
    data = json.loads(out)
    assert code == 1 and data["submitted"] is False
    assert any(f["code"] == "BILL_NOT_PDF" and "damaged" in f["message"] for f in data["findings"])
    assert status_of(capsys, db, order_id) == "draft"
