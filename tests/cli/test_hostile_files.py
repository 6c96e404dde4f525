"""Files PortDesk must not read or write as if they were plain files (issue 10, items 2–4).

A document path that leaves the order file's folder, a device, a FIFO, a folder given as an output:
each is one line on stderr naming the path, exit 2, nothing stored and nothing overwritten.
The FIFO and /dev/zero cases run the real command in a child process with a time and memory cap,
so a regression fails the test instead of hanging or swapping the machine.
"""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from portdesk.cli import main
from portdesk.demo.bill_story import BillContents, build_bill_pdf
from tests.sqlite_template import migrated_sqlite

ROOT = Path(__file__).resolve().parents[2]
CHILD_MEMORY = 1536 * 1024 * 1024  # address space a child may use: reading /dev/zero would need far more
CHILD_SECONDS = 20  # a FIFO read without care blocks forever; a refusal takes well under this

ORDER: dict[str, Any] = {
    "format": "portdesk.order/1",
    "name": "ABC Company - Denver",
    "losing_carrier": "Lumen",
    "account": {"name": "ABC Company Inc", "number": "8812-5520-01", "pin": "4321",
                "authorized_user": "Jane Doe",
                "service_address": {"line1": "1200 Market Street", "city": "Denver", "state": "CO",
                                    "postal_code": "80202"}},
    "numbers": ["+13035550100"],
}


def _order(folder: Path, name: str = "order.json", **documents: str) -> Path:
    data = dict(ORDER)
    if documents:
        data["documents"] = {kind: {"path": path} for kind, path in documents.items()}
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))


def _child(home: Path, *argv: str, stdin: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PORTDESK_HOME=str(home), PYTHONPATH=str(ROOT))
    env.pop("PORTDESK_DATABASE_URL", None)
    with open(stdin or os.devnull, "rb") as given:
        try:
            return subprocess.run([sys.executable, "-m", "portdesk", *argv], capture_output=True, text=True,
                                  env=env, stdin=given, timeout=CHILD_SECONDS, preexec_fn=_cap_memory)
        except subprocess.TimeoutExpired:
            pytest.fail(f"portdesk {' '.join(argv)} hung for {CHILD_SECONDS} s")


def _one_line_naming(err: str, name: str, *words: str) -> None:
    assert err.count("\n") == 1 and err.startswith("portdesk: "), err
    assert name in err, err
    assert "Traceback" not in err and "internal error" not in err, err
    for word in words:
        assert word in err, err


def _stored_orders(capsys: pytest.CaptureFixture[str], db: str) -> list[Any]:
    code, out, _ = _run(capsys, "orders", "list", "--db", db, "--json")
    assert code == 0
    return list(json.loads(out)["orders"])


# -- item 2: documents stay inside the order file's folder -------------------------------------------------


@pytest.mark.parametrize("named", ["../../etc/passwd", "/etc/passwd", "/proc/self/environ"])
def test_import_refuses_a_document_outside_the_order_files_folder(
        named: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    order = _order(folder, csr=named)
    db = migrated_sqlite(tmp_path / "q.sqlite3")
    code, out, err = _run(capsys, "orders", "import", str(order), "--db", db)
    assert (code, out) == (2, "")
    _one_line_naming(err, named, "outside the folder")
    assert _stored_orders(capsys, db) == []


def test_import_refuses_a_symlink_that_points_outside_the_folder(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "orders"
    folder.mkdir()
    (folder / "csr.pdf").symlink_to("/etc/passwd")
    order = _order(folder, csr="csr.pdf")
    db = migrated_sqlite(tmp_path / "q.sqlite3")
    code, _, err = _run(capsys, "orders", "import", str(order), "--db", db)
    assert code == 2
    _one_line_naming(err, "csr.pdf", "outside the folder")
    assert _stored_orders(capsys, db) == []


def test_import_keeps_a_document_in_a_subfolder_and_a_symlink_that_stays_inside(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "orders"
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "bill.pdf").write_bytes(b"%PDF-1.4\n% stand-in\n")
    (folder / "csr.pdf").symlink_to(folder / "docs" / "bill.pdf")
    order = _order(folder, bill="docs/bill.pdf", csr="csr.pdf")
    db = migrated_sqlite(tmp_path / "q.sqlite3")
    code, _, err = _run(capsys, "orders", "import", str(order), "--db", db)
    assert (code, err) == (0, "")
    assert len(_stored_orders(capsys, db)) == 1


def test_import_refuses_a_nul_in_a_document_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    order = _order(tmp_path, bill="bill\u0000.pdf")
    db = migrated_sqlite(tmp_path / "q.sqlite3")
    code, _, err = _run(capsys, "orders", "import", str(order), "--db", db)
    assert code == 2
    _one_line_naming(err, "order.json", "NUL")
    assert _stored_orders(capsys, db) == []


def test_lint_reports_a_bill_outside_the_folder_instead_of_reading_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    order = _order(tmp_path, bill="/etc/passwd")
    code, out, _ = _run(capsys, "lint", str(order), "--json")
    assert code == 1
    messages = [f["message"] for f in json.loads(out)["findings"] if f["field"].startswith("documents.bill")]
    assert any("outside the folder" in m for m in messages), messages


# -- item 3: devices and FIFOs, for every reader -------------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.pdf"
    os.mkfifo(path)
    return path


@pytest.fixture
def zero_link(tmp_path: Path) -> Path:
    """A file name inside the folder that is /dev/zero underneath."""
    path = tmp_path / "zero.pdf"
    path.symlink_to("/dev/zero")
    return path


@pytest.mark.parametrize("special", ["fifo", "zero_link"])
def test_order_file_that_is_not_a_regular_file_is_refused(special: str, request: pytest.FixtureRequest,
                                                          tmp_path: Path) -> None:
    path: Path = request.getfixturevalue(special)
    for argv in (["lint", str(path)], ["orders", "import", str(path)]):
        done = _child(tmp_path / "home", *argv)
        assert done.returncode == 2, done.stderr
        _one_line_naming(done.stderr, path.name, "not a regular file")


@pytest.mark.parametrize("special", ["fifo", "zero_link"])
def test_bill_that_is_not_a_regular_file_is_refused_by_check_bill(special: str, request: pytest.FixtureRequest,
                                                                  tmp_path: Path) -> None:
    path: Path = request.getfixturevalue(special)
    order = _order(tmp_path)
    done = _child(tmp_path / "home", "check-bill", str(path), str(order))
    assert done.returncode == 2, done.stderr
    _one_line_naming(done.stderr, path.name, "not a regular file")


def test_lint_judges_a_fifo_bill_without_waiting_for_it(fifo: Path, tmp_path: Path) -> None:
    order = _order(tmp_path, bill=fifo.name)
    done = _child(tmp_path / "home", "lint", str(order), "--json")
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert any("not a regular file" in f["message"] for f in findings if f["field"].startswith("documents.bill"))


def test_import_refuses_a_fifo_document_inside_the_folder(fifo: Path, tmp_path: Path) -> None:
    order = _order(tmp_path, bill=fifo.name)
    done = _child(tmp_path / "home", "orders", "import", str(order))
    assert done.returncode == 2, done.stderr
    _one_line_naming(done.stderr, fifo.name, "not a regular file")


@pytest.mark.parametrize("special", ["fifo", "zero_link"])
@pytest.mark.parametrize("command", ["numbers", "split"])
def test_number_list_that_is_not_a_regular_file_is_refused(command: str, special: str,
                                                           request: pytest.FixtureRequest, tmp_path: Path) -> None:
    path: Path = request.getfixturevalue(special)
    done = _child(tmp_path / "home", command, str(path))
    assert done.returncode == 2, done.stderr
    _one_line_naming(done.stderr, path.name, "not a regular file")


def test_endless_stdin_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    done = _child(tmp_path / "home", "numbers", "-", stdin=Path("/dev/zero"))
    assert done.returncode == 2, done.stderr
    _one_line_naming(done.stderr, "stdin", "too large")


@pytest.mark.parametrize("special", ["fifo", "zero_link"])
def test_signature_image_that_is_not_a_regular_file_is_refused(special: str, request: pytest.FixtureRequest,
                                                               tmp_path: Path) -> None:
    path: Path = request.getfixturevalue(special)
    order = _order(tmp_path)
    out = tmp_path / "loa.pdf"
    done = _child(tmp_path / "home", "loa", str(order), "-o", str(out), "--sign-as", "Jane Doe",
                  "--signature", str(path))
    assert done.returncode == 2, done.stderr
    _one_line_naming(done.stderr, path.name, "not a regular file")
    assert not out.exists()


def test_a_bill_of_a_normal_size_is_still_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bill = tmp_path / "bill.pdf"
    bill.write_bytes(build_bill_pdf(BillContents(), "labels"))
    code, out, err = _run(capsys, "check-bill", str(bill), str(_order(tmp_path)), "--json")
    assert code in (0, 1) and err == ""
    assert json.loads(out)["bill"]["pages"] == 1


# -- item 4: writes onto what is not a regular file -----------------------------------------------------------


def test_loa_refuses_to_replace_a_fifo(fifo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "loa", str(_order(tmp_path)), "-o", str(fifo))
    assert (code, out) == (2, "")
    _one_line_naming(err, fifo.name, "not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_loa_refuses_a_symlink_to_a_fifo(fifo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "out.pdf"
    link.symlink_to(fifo)
    code, _, err = _run(capsys, "loa", str(_order(tmp_path)), "-o", str(link))
    assert code == 2
    _one_line_naming(err, "out.pdf", "not a regular file")
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(link).st_mode)


def test_loa_into_a_path_ending_in_a_separator_is_refused_not_written_as_a_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "newdir"
    code, _, err = _run(capsys, "loa", str(_order(tmp_path)), "-o", f"{target}{os.sep}")
    assert code == 2
    _one_line_naming(err, "newdir", "folder")
    assert not target.exists()


def test_loa_refuses_an_existing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "out").mkdir()
    code, _, err = _run(capsys, "loa", str(_order(tmp_path)), "-o", str(tmp_path / "out"))
    assert code == 2
    _one_line_naming(err, "out", "folder")
    assert (tmp_path / "out").is_dir()


def test_export_into_a_new_folder_named_with_a_separator_writes_inside_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = migrated_sqlite(tmp_path / "q.sqlite3")
    assert _run(capsys, "orders", "import", str(_order(tmp_path)), "--db", db)[0] == 0
    target = tmp_path / "newdir"
    code, out, err = _run(capsys, "orders", "export", "1", "-o", f"{target}{os.sep}", "--db", db)
    assert (code, err) == (0, "")
    assert target.is_dir() and Path(out.strip()).parent == target


def test_export_refuses_to_replace_a_fifo(fifo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = migrated_sqlite(tmp_path / "q.sqlite3")
    assert _run(capsys, "orders", "import", str(_order(tmp_path)), "--db", db)[0] == 0
    code, _, err = _run(capsys, "orders", "export", "1", "-o", str(fifo), "--db", db)
    assert code == 2
    _one_line_naming(err, fifo.name, "not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
