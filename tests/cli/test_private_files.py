"""The data folder and what PortDesk writes are private (issue 10, items 5 and 18, the CLI side).

The data folder is 0700 and the database, its WAL files, the log and the settings 0600; exported
order files, their documents and LOAs are 0600 (they hold the PIN or name the account). A data
folder that cannot be made is one line and exit 2; a log that cannot be written is silence.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from portdesk.cli import main
from portdesk.platform.settings import DataFolderError, Settings, data_dir, setup_logging

ROOT = Path(__file__).resolve().parents[2]
ORDER = {
    "format": "portdesk.order/1",
    "name": "ABC Company - Denver",
    "account": {"name": "ABC Company Inc", "number": "8812-5520-01", "pin": "987654"},
    "numbers": ["+13035550100"],
    "documents": {"bill": {"path": "bill.pdf"}},
}


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The common default (022) that made everything world-readable before."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def order_file(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bill.pdf").write_bytes(b"%PDF-1.4\n% a tiny stand-in bill\n")
    path = folder / "abc.json"
    path.write_text(json.dumps(ORDER), encoding="utf-8")
    return path


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home" / "portdesk"
    monkeypatch.setenv("PORTDESK_HOME", str(home))
    return home


def test_a_first_cli_run_makes_a_private_data_folder_database_and_log(
        fresh_home: Path, order_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["orders", "import", str(order_file)]) == 0
    capsys.readouterr()
    assert _mode(fresh_home) == 0o700
    database = fresh_home / "portdesk.sqlite3"
    assert _mode(database) == 0o600
    for side in ("portdesk.sqlite3-wal", "portdesk.sqlite3-shm"):  # while the engine is open, they exist
        if (fresh_home / side).exists():
            assert _mode(fresh_home / side) == 0o600, side
    assert _mode(fresh_home / "portdesk.log") == 0o600


def test_an_existing_data_folder_with_wide_modes_is_tightened(fresh_home: Path) -> None:
    fresh_home.mkdir(parents=True, mode=0o755)
    os.chmod(fresh_home, 0o755)
    assert data_dir() == fresh_home
    assert _mode(fresh_home) == 0o700


def test_settings_are_saved_0600(fresh_home: Path) -> None:
    Settings(author="Jane").save()
    assert _mode(fresh_home / "settings.json") == 0o600
    assert Settings.load().author == "Jane"


def test_an_export_and_its_documents_are_0600(tmp_path: Path, order_file: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'q.sqlite3'}"
    assert main(["orders", "import", str(order_file), "--db", db]) == 0
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    assert main(["orders", "export", "1", "-o", str(out_dir), "--db", db]) == 0
    capsys.readouterr()
    written = sorted(out_dir.iterdir())
    assert sorted(p.suffix for p in written) == [".json", ".pdf"]
    assert all(_mode(p) == 0o600 for p in written), [oct(_mode(p)) for p in written]
    assert _mode(tmp_path / "q.sqlite3") == 0o600  # a database named by --db is private too


def test_an_loa_is_written_0600(tmp_path: Path, order_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "loa.pdf"
    assert main(["loa", str(order_file), "-o", str(out)]) == 0
    capsys.readouterr()
    assert _mode(out) == 0o600


# -- item 18: the data folder cannot be made, the log cannot be written -----------------------------------------


@pytest.fixture
def impossible_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Below a regular file: no account, root included, can make that folder."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    home = blocker / "portdesk"
    monkeypatch.setenv("PORTDESK_HOME", str(home))
    return home


@pytest.mark.parametrize("argv", [["orders", "list"], ["lint", "{order}"], ["loa", "{order}", "-o", "{out}"]])
def test_a_data_folder_that_cannot_be_made_is_one_line_and_exit_2(
        argv: list[str], impossible_home: Path, order_file: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    args = [a.format(order=order_file, out=tmp_path / "loa.pdf") for a in argv]
    code = main(args)
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == f"portdesk: cannot create the data folder {impossible_home}: Not a directory\n"


def test_the_data_folder_error_says_what_happened_in_words(impossible_home: Path) -> None:
    with pytest.raises(DataFolderError) as caught:
        data_dir()
    assert isinstance(caught.value, OSError)
    assert str(caught.value) == f"cannot create the data folder {impossible_home}: Not a directory"


def test_a_data_folder_that_cannot_be_made_prints_no_traceback_from_the_installed_command(
        impossible_home: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "portdesk", "orders", "list"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "cannot create the data folder" in done.stderr


@pytest.fixture
def full_disk_log(fresh_home: Path) -> Path:
    """The log file is /dev/full: every write fails with "No space left on device"."""
    fresh_home.mkdir(parents=True)
    log = fresh_home / "portdesk.log"
    log.symlink_to("/dev/full")
    return log


def test_a_log_that_cannot_be_written_stays_silent(full_disk_log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    level = root.level
    try:
        setup_logging()
        logging.getLogger("portdesk.test").warning("a line the full disk cannot take")
    finally:
        for handler in [h for h in root.handlers if getattr(h, "_portdesk", False)]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
    assert capsys.readouterr().err == ""


def test_a_full_disk_at_first_start_prints_no_logging_errors(full_disk_log: Path, tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "portdesk", "orders", "list", "--json"], capture_output=True,
                          text=True, env=env, timeout=60)  # the first run logs the schema upgrade
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == {"orders": []}
