"""Every file PortDesk reads or writes for the user goes through here (stdlib only, no Qt).

- `read_regular_file`: a regular file, read with a size cap. A FIFO must not hang a command and a
  device (/dev/zero) must not fill the memory, so the file is opened without blocking, checked with
  fstat on the opened descriptor (no swap between check and read), and never read past its cap.
- `read_stream_capped`: the same cap for stdin (`-`).
- `resolve_document`: a document named by an order file stays inside the order file's folder.
- `write_private_atomically`: a whole file or nothing, mode 0600 (it may hold the PIN), never
  renamed over something that is not a regular file (as root, `-o /dev/null` replaced the device).
- `private_folder`: a folder only its owner can enter (the data folder).

Messages quote at most ~80 characters of a path, with control characters escaped.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:
    from typing import BinaryIO

MiB = 1024 * 1024
# Caps, documented once. A bill or an LOA may be a phone scan of 40 MB; profiles allow at most a few MB
# and say so (BILL_TOO_LARGE), so the cap only has to stop what is not a document at all.
MAX_DOCUMENT_BYTES = 50 * MiB
# An order file is JSON text: thousands of numbers and long comments are well under 1 MB.
MAX_ORDER_FILE_BYTES = 8 * MiB
MAX_NUMBER_LIST_BYTES = 20 * MiB
MAX_IMAGE_BYTES = 10 * MiB

PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
_QUOTE_CHARS = 80
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CHUNK = MiB
_OUTSIDE = "is outside the folder of the order file; documents must be in that folder"


class FileRefused(OSError):
    """A file PortDesk will not read or write; `str()` is one line: the path (shortened) and why.

    An OSError, so a caller that already turns OSError into a message still says why (`strerror`).
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(reason)
        self.strerror = reason
        self.filename = os.fspath(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{quote_path(self.filename)}: {self.reason}"


class MissingFile(FileRefused):
    """The path names nothing: a caller may report "missing" rather than "unreadable"."""


def quote_path(path: str | os.PathLike[str], most: int = _QUOTE_CHARS) -> str:
    """A path fit for a one-line message: control characters escaped, at most `most` characters (its end)."""
    text = os.fspath(path)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates from odd file names
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if len(text) > most:
        text = "…" + text[-(most - 1):]
    return text


def _size_words(limit: int) -> str:
    return f"{limit / MiB:g} MB" if limit >= MiB else f"{limit} bytes"


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    name = next((label for test, label in kinds if test(mode)), "a special file")
    return f"is {name}, not a regular file"


def _open_error(path: str | os.PathLike[str], exc: OSError) -> FileRefused:
    if isinstance(exc, FileNotFoundError):
        return MissingFile(path, "no such file")
    if isinstance(exc, IsADirectoryError):
        return FileRefused(path, "is a folder, not a file")
    if isinstance(exc, PermissionError):
        return FileRefused(path, "cannot read it (permission denied)")
    return FileRefused(path, f"cannot read it ({exc.strerror or exc})")


def _check_path_text(path: str | os.PathLike[str]) -> str:
    text = os.fspath(path)
    if "\x00" in text:
        raise FileRefused(path, "the path holds a NUL character")
    return text


def refuse_special_file(path: str | os.PathLike[str]) -> None:
    """FileRefused unless `path` is (a symlink to) a regular file: checked by name, nothing opened."""
    text = _check_path_text(path)
    try:
        mode = os.stat(text).st_mode
    except OSError as exc:
        raise _open_error(path, exc) from None
    if not stat.S_ISREG(mode):
        raise FileRefused(path, _kind_of(mode))


def read_regular_file(path: str | os.PathLike[str], limit: int, what: str = "this file") -> bytes:
    """The bytes of the regular file at `path` (symlinks followed), at most `limit` of them.

    Raises FileRefused naming the path when it is missing, a folder, a FIFO, a device or a socket, or
    larger than `limit` (`what` names the kind of file in that message: "a bill", "an order file").
    """
    text = _check_path_text(path)
    refuse_special_file(text)  # a device is refused before it is opened: some act on open
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(text, flags)
    except OSError as exc:
        raise _open_error(path, exc) from None
    try:
        info = os.fstat(fd)  # what was opened, not what the name pointed at a moment ago
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(path, _kind_of(info.st_mode))
        if info.st_size > limit:
            raise FileRefused(path, f"too large for {what} ({info.st_size / MiB:.1f} MB; at most {_size_words(limit)})")
        data = _read_upto(fd, limit + 1)
    except FileRefused:
        raise
    except OSError as exc:
        raise _open_error(path, exc) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise FileRefused(path, f"too large for {what} (more than {_size_words(limit)})")
    return data


def _read_upto(fd: int, most: int) -> bytes:
    parts: list[bytes] = []
    left = most
    while left > 0:
        chunk = os.read(fd, min(_CHUNK, left))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def read_stream_capped(stream: BinaryIO, limit: int, name: str = "stdin", what: str = "this input") -> bytes:
    """At most `limit` bytes of a stream (stdin for `-`); FileRefused naming `name` when there are more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(name, f"too large for {what} (more than {_size_words(limit)})")
    return data


def resolve_document(order_file_dir: str | os.PathLike[str], name: str) -> Path:
    """The regular file an order file names as a document, resolved (symlinks followed).

    It must lie inside the order file's folder (subfolders are fine): a path such as
    `../../etc/passwd`, `/etc/passwd` or a symlink leading out is refused, naming `name`.
    """
    _check_path_text(name)
    folder = Path(order_file_dir).resolve()
    if os.path.isabs(name) or not Path(os.path.normpath(folder / name)).is_relative_to(folder):
        raise FileRefused(name, _OUTSIDE)  # said so even when it does not exist: nothing is looked up
    try:
        resolved = (folder / name).resolve(strict=True)
    except FileNotFoundError:
        raise MissingFile(name, "no such file") from None
    except (OSError, RuntimeError) as exc:  # a symlink loop is a RuntimeError before Python 3.13
        raise FileRefused(name, f"cannot be followed ({getattr(exc, 'strerror', None) or exc})") from None
    if not resolved.is_relative_to(folder):
        raise FileRefused(name, _OUTSIDE)  # a symlink leading out
    mode = resolved.stat().st_mode
    if not stat.S_ISREG(mode):
        raise FileRefused(name, _kind_of(mode))
    return resolved


def refuse_unwritable_target(path: str | os.PathLike[str]) -> None:
    """FileRefused when `path` cannot be written as a file: it ends in a separator, is a folder, or
    exists and is not a regular file (a symlink is followed: a link to a device is a device)."""
    given = _check_path_text(path)
    _refuse_non_file_target(Path(given), given)


def _refuse_non_file_target(path: Path, given: str) -> None:
    if given.endswith(("/", os.sep)) or (os.altsep and given.endswith(os.altsep)):
        raise FileRefused(given, "names a folder; give a file name")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise FileRefused(given, f"cannot write it ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise FileRefused(given, "is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise FileRefused(given, _kind_of(mode) + "; PortDesk does not replace it")


def write_private_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` as the file `path`, mode 0600, all or nothing (a temporary file renamed over it).

    Refuses (FileRefused, nothing written) a path ending in a separator, a folder, and anything that
    exists and is not a regular file (a FIFO, a device, a socket, or a symlink to one).
    """
    given = _check_path_text(path)
    target = Path(given)
    _refuse_non_file_target(target, given)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        import tempfile  # only to write: pulls in shutil, random and the compressors

        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)  # mode 0600
    except FileNotFoundError:
        raise FileRefused(given, f"the folder {quote_path(folder)} does not exist") from None
    except OSError as exc:
        raise FileRefused(given, f"cannot write it ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        _refuse_non_file_target(target, given)  # checked again just before the rename
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, FileRefused):
            raise FileRefused(given, f"cannot write it ({exc.strerror or exc})") from None
        raise
    return target


def private_folder(path: str | os.PathLike[str]) -> Path:
    """Create `path` (and its parents) as a folder only its owner can enter: 0700 on POSIX.

    An existing folder we own with wider modes is tightened; one owned by someone else is left as is.
    OSError as the system raised it when the folder cannot be made.
    """
    folder = Path(path)
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    tighten(folder, PRIVATE_FOLDER_MODE)
    return folder


def tighten(path: str | os.PathLike[str], mode: int = PRIVATE_FILE_MODE) -> None:
    """Take group and other rights away from a file or folder we own (POSIX); quietly skip otherwise."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid():
            return
        if stat.S_IMODE(info.st_mode) & ~mode:
            os.chmod(path, stat.S_IMODE(info.st_mode) & mode)


def create_private_file(path: str | os.PathLike[str]) -> None:
    """Make sure `path` exists as a 0600 file before a library (SQLite, logging) creates it 0644."""
    with contextlib.suppress(FileExistsError):
        fd = os.open(os.fspath(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        os.close(fd)
    tighten(path)
