"""Copies of documents for the system viewer: only PDFs, under names PortDesk makes, in a private folder.

The desktop opens a file by its name: an attachment the order file called `invoice.exe` or `bill.js`
would run on Windows or macOS. So the bytes decide (a PDF or nothing), the name is generated, and the
folder (0700, files 0600: another account must not read a customer's bill) is removed when the app exits.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
import weakref
from pathlib import Path

PDF_MAGIC = b"%PDF-"
SNIFF_BYTES = 1024
_BOM = b"\xef\xbb\xbf"
_BLANKS = b" \t\r\n\f"  # some generators and mail gateways put these first
_SHOWN = 80  # characters of a user's file name quoted in a message


def looks_like_pdf(data: bytes) -> bool:
    """True when the bytes start with the PDF marker, after at most a BOM and blanks, in the first 1 KB."""
    head = data[:SNIFF_BYTES]
    head = head.removeprefix(_BOM).lstrip(_BLANKS)
    return head.startswith(PDF_MAGIC)  # cut at 1 KB: a marker further on does not count


class NotAPdf(ValueError):
    """The document's bytes are not a PDF: it is not handed to the system viewer."""

    def __init__(self, filename: str) -> None:
        shown = filename if len(filename) <= _SHOWN else filename[:_SHOWN - 1] + "…"
        super().__init__(f"{shown!r} is not a PDF, so PortDesk does not open it in the system viewer "
                         "(a file that is not a PDF could run as a program). Export the order to get "
                         "the file as it was attached.")


def safe_name(order_id: int, kind: str, document_id: int) -> str:
    """portdesk-<order>-<kind>-<document>.pdf: nothing of it comes from the order file's names."""
    tag = re.sub(r"[^a-z0-9]+", "", kind.lower())[:16] or "document"
    return f"portdesk-{int(order_id)}-{tag}-{int(document_id)}.pdf"


class ViewerCopies:
    """One private folder per app run for the viewer's copies, made on first use, removed on exit."""

    def __init__(self, base: Path | None = None) -> None:
        self._base = base  # where the run's folder is made (the data folder's); None: the system's temp
        self._folder: Path | None = None
        self._lock = threading.Lock()  # copies are written on the task runner's threads

    @property
    def folder(self) -> Path | None:
        return self._folder

    def write(self, name: str, data: bytes) -> Path:
        """The copy `name` holding `data` (0600); a copy already there is the same document: reused."""
        with self._lock:
            folder = self._ensure_folder()
            path = folder / Path(name).name
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            except FileExistsError:
                return path  # documents are never changed once stored: same id, same bytes
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            return path

    def cleanup(self) -> None:
        with self._lock:
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
                self._folder = None

    def _ensure_folder(self) -> Path:
        if self._folder is None or not self._folder.is_dir():
            if self._base is not None:
                self._base.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._folder = Path(tempfile.mkdtemp(prefix="portdesk-view-", dir=self._base))  # 0700 on POSIX
            # at interpreter exit (or when this object goes), even if cleanup() was never called
            weakref.finalize(self, shutil.rmtree, self._folder, True)
        return self._folder
