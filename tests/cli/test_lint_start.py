"""What a cold `portdesk lint` of an order file without documents loads, and what it still does.

Most of a cold lint is start-up (benchmarks/bench_numbers.py: the bare floor is Python's start,
phonenumbers and a parse per number). Each module kept off this path is a structural win that an
import added at the top of a shared module would silently undo; these tests hold it, and hold what
the deferred parts must still do when they are needed (the log file, override profiles, help)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portdesk.cli import _terminal_columns, build_parser

ROOT = Path(__file__).resolve().parents[2]

_PROBE = (
    "import sys, json\n"
    "from portdesk.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(json.dumps([sorted(sys.modules), code]), file=sys.stderr)\n"
)

ORDER = {
    "format": "portdesk.order/1", "name": "Start-up", "kind": "local", "losing_carrier": "Lumen",
    "profile": "bandwidth",
    "account": {"name": "ABC Company", "number": "8812", "btn": "+13035550100", "authorized_user": "Jane Doe",
                "service_address": {"line1": "1200 Market Street", "city": "Denver", "state": "CO",
                                    "postal_code": "80202"}},
    "numbers": ["+13035550100", "(303) 555-0101"], "requested_date": "2026-12-10", "requested_time": "09:00",
    "requested_timezone": "America/Denver",
}


def _run(tmp_path: Path, home: Path, *argv: str) -> tuple[list[str], int, str]:
    env = dict(os.environ, PORTDESK_HOME=str(home), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, cwd=tmp_path,
                          env=env, timeout=60)
    *said, last = done.stderr.strip().splitlines()
    modules, code = json.loads(last)
    return modules, code, "\n".join(said)


def _order(tmp_path: Path, **changes: object) -> Path:
    path = tmp_path / "order.json"
    path.write_text(json.dumps(ORDER | changes), encoding="utf-8")
    return path


NOT_ON_THE_PATH = ("logging", "platformdirs", "shutil", "usaddress", "pycrfsuite", "portdesk.domain.address_parts",
                   "portdesk.platform.settings", "portdesk.domain.documents", "portdesk.domain.loa_contents",
                   "portdesk.services.judgement", "encodings.utf_8_sig", "typing")


def test_lint_without_documents_loads_no_logging_settings_address_model_or_document_records(
        tmp_path: Path, portdesk_home: Path) -> None:
    _run(tmp_path, portdesk_home, "lint", str(_order(tmp_path)), "--today", "2026-11-22")  # as a user's 2nd run
    modules, code, said = _run(tmp_path, portdesk_home, "lint", str(_order(tmp_path)), "--today", "2026-11-22")
    assert code == 1 and said == ""  # LOA_MISSING: Bandwidth requires one
    assert [m for m in NOT_ON_THE_PATH if m in modules] == []
    compiled = ROOT / "portdesk" / "resources" / "profiles" / "__pycache__"
    if compiled.is_dir():  # the shipped profile is read from its compiled copy (none on a read-only install)
        assert "tomllib" not in modules
    log = portdesk_home / "portdesk.log"  # still made at the start, private, as for every command
    assert log.exists() and log.stat().st_mode & 0o777 == 0o600


def test_a_broken_override_is_logged_to_the_file_and_said_in_one_line(tmp_path: Path, portdesk_home: Path) -> None:
    (portdesk_home / "profiles").mkdir(parents=True)
    (portdesk_home / "profiles" / "bandwidth.toml").write_text('id = "bandwidth"\nname = 5\n', encoding="utf-8")
    _, code, said = _run(tmp_path, portdesk_home, "lint", str(_order(tmp_path)), "--today", "2026-11-22")
    assert code == 2 and said.count("\n") == 0 and "bandwidth.toml" in said and "'name'" in said
    assert "profile override ignored" in (portdesk_home / "portdesk.log").read_text(encoding="utf-8")


def test_an_override_profile_still_judges_the_order(tmp_path: Path, portdesk_home: Path) -> None:
    (portdesk_home / "profiles").mkdir(parents=True)
    shipped = (ROOT / "portdesk" / "resources" / "profiles" / "bandwidth.toml").read_text(encoding="utf-8")
    (portdesk_home / "profiles" / "bandwidth.toml").write_text(shipped.replace('name = "Bandwidth off-net port-in"', 'name = "Ours"'),
                                                               encoding="utf-8")
    order = _order(tmp_path)
    env = dict(os.environ, PORTDESK_HOME=str(portdesk_home), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "portdesk", "lint", str(order), "--today", "2026-11-22"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert done.returncode == 1 and "and Ours requires" in done.stdout


def test_lint_with_documents_sets_up_the_log_before_the_documents_room_logs(tmp_path: Path,
                                                                          portdesk_home: Path) -> None:
    (tmp_path / "bill.pdf").write_bytes(b"%PDF-1.4\n% not a whole PDF\n")
    order = _order(tmp_path, documents={"bill": {"path": "bill.pdf", "date": "2026-11-03"}})
    modules, code, said = _run(tmp_path, portdesk_home, "lint", str(order), "--today", "2026-11-22", "--json")
    assert code == 1 and said == ""
    assert "logging" in modules and "portdesk.domain.documents" in modules
    import logging  # noqa: F401 (only to name the handler's class the child installed)

    root_handlers = subprocess.run(
        [sys.executable, "-c", "import logging, sys\nfrom portdesk.cli import main\nmain(sys.argv[1:])\n"
         "print([type(h).__name__ for h in logging.getLogger().handlers], file=sys.stderr)",
         "lint", str(order), "--today", "2026-11-22", "--json"],
        capture_output=True, text=True, cwd=tmp_path, env=dict(os.environ, PORTDESK_HOME=str(portdesk_home),
                                                               PYTHONPATH=str(ROOT)), timeout=60)
    assert "_LogFileOnDemand" in root_handlers.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("columns", [None, "50", "200", "0", "-3", "wide", " 90 "])
def test_help_is_as_wide_as_shutil_says_the_terminal_is(columns: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _terminal_columns() == shutil.get_terminal_size().columns


def test_the_formatter_lays_out_help_as_argparse_s_own(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from portdesk.cli import _Formatter

    monkeypatch.setenv("COLUMNS", "72")
    lint = build_parser(["lint", "x.json"])._subparsers._group_actions[0].choices["lint"]  # type: ignore[union-attr]
    assert isinstance(lint._get_formatter(), _Formatter)
    ours, theirs = _Formatter("portdesk lint"), argparse.HelpFormatter("portdesk lint")
    assert (ours._width, ours._max_help_position) == (theirs._width, theirs._max_help_position)


@pytest.mark.parametrize("head", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xef\xbb", b"\xff\xfe", b"\xe9"])
def test_an_order_file_is_read_as_utf_8_sig_reads_it(head: bytes, tmp_path: Path) -> None:
    from portdesk.cli.common import CliError, load_order_file
    from portdesk.domain.order import OrderFileError, PortOrder

    path = tmp_path / "order.json"
    path.write_bytes(head + json.dumps(ORDER).encode("utf-8"))
    try:
        expected: object = PortOrder.from_json(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, OrderFileError) as exc:
        expected = type(exc)
    try:
        got: object = load_order_file(str(path))
    except CliError as exc:
        got = UnicodeDecodeError if "not UTF-8" in str(exc) else OrderFileError
    assert got == expected


def _portdesk(tmp_path: Path, home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PORTDESK_HOME=str(home), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "portdesk", *argv], capture_output=True, text=True, cwd=tmp_path,
                          env=env, timeout=60)


def test_a_lint_that_exits_at_once_still_says_everything_and_keeps_its_exit_code(tmp_path: Path,
                                                                               portdesk_home: Path) -> None:
    numbers = [f"+1303555{i:04d}" for i in range(1000, 1600)] + ["555-0100"]  # 601 findings' worth of text
    done = _portdesk(tmp_path, portdesk_home, "lint", str(_order(tmp_path, numbers=numbers)), "--today", "2026-11-22",
                     "--json")
    report = json.loads(done.stdout)
    assert done.returncode == 1 and done.stderr == ""
    assert report["errors"] == len([f for f in report["findings"] if f["severity"] == "error"]) >= 2
    clean = _portdesk(tmp_path, portdesk_home, "lint", str(_order(tmp_path, profile="kazoo")), "--today", "2026-11-22")
    *_, verdict = clean.stdout.rstrip().splitlines()  # the people's report ends with its verdict line
    assert verdict.startswith(str(tmp_path / "order.json")) and "error(s)" in verdict
    assert clean.returncode == (1 if "fix the errors" in verdict else 0)
    missing = _portdesk(tmp_path, portdesk_home, "lint", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1


def test_a_lint_that_exits_at_once_still_closes_its_log_file(tmp_path: Path, portdesk_home: Path) -> None:
    (portdesk_home / "profiles").mkdir(parents=True)
    (portdesk_home / "profiles" / "bandwidth.toml").write_text('id = "bandwidth"\nname = 5\n', encoding="utf-8")
    done = _portdesk(tmp_path, portdesk_home, "lint", str(_order(tmp_path)), "--today", "2026-11-22")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "profile override ignored" in (portdesk_home / "portdesk.log").read_text(encoding="utf-8")


def test_numbers_that_exits_at_once_prints_every_line(tmp_path: Path, portdesk_home: Path) -> None:
    listing = tmp_path / "numbers.txt"
    listing.write_text("".join(f"(303) 555-{i:04d}\n" for i in range(2000)), encoding="utf-8")
    done = _portdesk(tmp_path, portdesk_home, "numbers", str(listing), "--json")
    assert done.returncode == 0 and len(json.loads(done.stdout)["numbers"]) == 2000
