"""Memory for rendered pages: handed out without zero-filling, and one buffer faulted in ahead.

The viewer keeps the pages it renders (its cache), so each new page lands in memory the process has
never written. On this VM the first write to each 4 KB of it is a page fault: 1.3-1.5 ms for a
Letter page at 112 % (800 faults), as long as the render itself, and paid on the PDF thread with the
interpreter held, since MuPDF's calls keep it. `SpareBuffer` pays it before the page is asked for:
once a page is on its way to the GUI thread, the PDF thread faults in the buffer the next page of
that size will be drawn into, in one call with the interpreter released, so the GUI thread runs on
meanwhile. The memory is still faulted in once per page, at about half the cost; it is no longer
part of the wait for a page the PDF thread had time to prepare for.

Measured and dropped: transparent huge pages (`MADV_HUGEPAGE`) fault 2 MB at once, 0.3 ms where the
hypervisor has backed the memory before but 5.7 ms where it has not, so a page could take 9 ms.
"""

from __future__ import annotations

import ctypes
import errno
import mmap
import sys
from typing import Any

_MADV_POPULATE_WRITE = 23  # Linux 5.14+: fault a range in, writable, in one call and without writing it
_PAGE = mmap.PAGESIZE
# No spare for a bigger page: a Letter page at 200 % on a 2x screen is 23 MB, while a page at the
# render limit (40 M pixels, 120 MB) would hold as much again in memory for the next one.
MAX_SPARE_BYTES = 32 * 1024 * 1024

_from_string_and_size: Any
try:
    _from_string_and_size = ctypes.pythonapi.PyByteArray_FromStringAndSize
    _from_string_and_size.argtypes = (ctypes.c_char_p, ctypes.c_ssize_t)
    _from_string_and_size.restype = ctypes.py_object
except AttributeError:  # an interpreter without CPython's C API: plain bytearrays
    _from_string_and_size = None


def _find_madvise() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        madvise = ctypes.CDLL(None, use_errno=True).madvise
    except (OSError, AttributeError):
        return None
    madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    madvise.restype = ctypes.c_int
    return madvise


_madvise = _find_madvise()


def uninitialised(size: int) -> bytearray:
    """`size` bytes as malloc hands them out: `bytearray(size)` writes zeros over every byte first,
    holding the interpreter (and faulting in fresh memory) for bytes the renderer overwrites anyway."""
    if size < 0:
        raise ValueError(f"a buffer of {size} bytes")
    if _from_string_and_size is None or size == 0:
        return bytearray(size)
    buffer: bytearray = _from_string_and_size(None, size)
    return buffer


def fault_in(buffer: bytearray) -> None:
    """Put every page of `buffer`'s memory in place now (its contents stay unspecified), with the
    interpreter released (ctypes drops it around a foreign call). On Linux one madvise call populates
    the whole range: half the time of writing it page by page (0.85 ms instead of 1.4-1.6 ms for a
    Letter page at 112 %); elsewhere, or on a kernel without it, each byte is written once."""
    global _madvise
    if not buffer:
        return
    start = ctypes.addressof(ctypes.c_char.from_buffer(buffer))
    inner_start, inner_end = -(-start // _PAGE) * _PAGE, (start + len(buffer)) // _PAGE * _PAGE
    if _madvise is not None and inner_end > inner_start:
        # The partial pages at either end, written here: one foreign call, so the thread takes the
        # interpreter back once (each time, it may wait up to a switch interval for it).
        buffer[0] = buffer[-1] = 0
        if _madvise(inner_start, inner_end - inner_start, _MADV_POPULATE_WRITE) == 0:
            return
        if ctypes.get_errno() == errno.EINVAL:  # a kernel before 5.14: do not ask again
            _madvise = None
    ctypes.memset(start, 0, len(buffer))


class SpareBuffer:
    """One buffer, faulted in ahead, for the next page of a given size. Use from one thread only."""

    def __init__(self) -> None:
        self._spare: bytearray | None = None

    @property
    def ready(self) -> int:
        """The size of the buffer kept ready (0: none)."""
        return len(self._spare) if self._spare is not None else 0

    def take(self, size: int) -> bytearray:
        """A buffer of `size` bytes for a page: the spare when it is that size, else a new one (the
        spare stays for its own size: a thumbnail drawn between two pages does not waste it)."""
        spare = self._spare
        if spare is not None and len(spare) == size:
            self._spare = None
            return spare
        return uninitialised(size)

    def prepare(self, size: int) -> None:
        """Keep a buffer of `size` bytes ready, its memory in place (nothing to do if one is; none
        kept past MAX_SPARE_BYTES)."""
        if self.ready == size:
            return
        # A spare of another size goes back to the heap first, so the new one can reuse its memory.
        self._spare = None
        if size > MAX_SPARE_BYTES:
            return
        buffer = uninitialised(size)
        fault_in(buffer)
        self._spare = buffer

    def clear(self) -> None:
        self._spare = None
