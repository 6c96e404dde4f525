"""portdesk.platform.safe_files, the one way PortDesk reads and writes the user's files: caps, kinds, folders, modes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from portdesk.platform.safe_files import (
    FileRefused,
    MissingFile,
    private_folder,
    quote_path,
    read_regular_file,
    read_stream_capped,
    resolve_document,
    write_private_atomically,
)
from portdesk.services.numbers_import import NumbersFileError, read_file


def test_quote_path_keeps_the_end_of_a_long_path_and_escapes_control_characters() -> None:
    long = "/x" * 200 + "/bill\n\x00.pdf"
    quoted = quote_path(long)
    assert len(quoted) <= 80 and quoted.startswith("…") and quoted.endswith("bill\\x0a\\x00.pdf")
    assert quote_path("bad\udcff.pdf") == "bad\\udcff.pdf"  # a lone surrogate can still be printed


def test_a_regular_file_under_the_cap_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"12345")
    assert read_regular_file(path, 5, "a test file") == b"12345"


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    with open(path, "wb") as fh:  # sparse: 3 GB on paper, nothing on disk
        fh.truncate(3 * 1024**3)
    with pytest.raises(FileRefused, match=r"big\.pdf: too large for a bill \(3072\.0 MB; at most 50 MB\)"):
        read_regular_file(path, 50 * 1024 * 1024, "a bill")


@pytest.mark.timeout(10)
def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    with pytest.raises(FileRefused, match=r"pipe: is a FIFO \(named pipe\), not a regular file"):
        read_regular_file(path, 100, "a test file")


def test_devices_folders_and_missing_files_are_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="is a character device, not a regular file"):
        read_regular_file("/dev/zero", 100)
    with pytest.raises(FileRefused, match="is a folder, not a file"):
        read_regular_file(tmp_path, 100)
    with pytest.raises(MissingFile, match="nope: no such file"):
        read_regular_file(tmp_path / "nope", 100)
    with pytest.raises(FileRefused, match="NUL"):
        read_regular_file(f"{tmp_path}/a\x00b", 100)


def test_a_stream_is_read_only_up_to_its_cap(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as endless, pytest.raises(FileRefused, match="stdin: too large"):
        read_stream_capped(endless, 1000)
    with open(__file__, "rb") as short:
        assert read_stream_capped(short, 10**6).startswith(b'"""')


def test_documents_resolve_inside_the_folder_only(tmp_path: Path) -> None:
    folder = tmp_path / "orders"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "bill.pdf").write_bytes(b"%PDF-")
    (folder / "inside.pdf").symlink_to(folder / "sub" / "bill.pdf")
    (folder / "outside.pdf").symlink_to("/etc/passwd")
    (tmp_path / "secret.txt").write_text("x")
    assert resolve_document(folder, "sub/bill.pdf") == (folder / "sub" / "bill.pdf").resolve()
    assert resolve_document(folder, "inside.pdf") == (folder / "sub" / "bill.pdf").resolve()
    for name in ("outside.pdf", "../secret.txt", "/etc/passwd", "sub/../../secret.txt", "/proc/self/environ"):
        with pytest.raises(FileRefused, match="outside the folder of the order file"):
            resolve_document(folder, name)
    with pytest.raises(MissingFile):
        resolve_document(folder, "nope.pdf")
    with pytest.raises(FileRefused, match="is a folder"):
        resolve_document(folder, "sub")


def test_a_private_write_is_0600_and_replaces_a_regular_file(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        target = tmp_path / "out.json"
        target.write_text("old")
        os.chmod(target, 0o644)
        write_private_atomically(target, b"new")
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


def test_a_private_write_refuses_a_fifo_a_folder_and_a_trailing_separator(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused, match="FIFO"):
        write_private_atomically(fifo, b"x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    with pytest.raises(FileRefused, match="is a folder"):
        write_private_atomically(tmp_path, b"x")
    with pytest.raises(FileRefused, match="names a folder"):
        write_private_atomically(f"{tmp_path}/newdir/", b"x")
    assert not (tmp_path / "newdir").exists()
    with pytest.raises(FileRefused, match="does not exist"):
        write_private_atomically(tmp_path / "no" / "such" / "x.pdf", b"x")


def test_a_private_folder_is_made_0700_and_a_wide_one_we_own_is_tightened(tmp_path: Path) -> None:
    made = private_folder(tmp_path / "a" / "home")
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    wide = tmp_path / "wide"
    wide.mkdir()
    os.chmod(wide, 0o755)
    private_folder(wide)
    assert stat.S_IMODE(wide.stat().st_mode) == 0o700


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a folder to another account")
def test_a_folder_owned_by_another_account_is_left_alone(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chmod(theirs, 0o755)
    os.chown(theirs, 65534, -1)
    private_folder(theirs)
    assert stat.S_IMODE(theirs.stat().st_mode) == 0o755


@pytest.mark.timeout(10)
def test_the_numbers_window_reader_refuses_a_fifo(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    os.mkfifo(path)
    with pytest.raises(NumbersFileError, match=r"numbers\.csv: is a FIFO"):
        read_file(path)
