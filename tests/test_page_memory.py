"""Page buffers for the viewer (portdesk/platform/page_memory.py): one kept faulted in ahead for the next
page of its size, handed out only at that size, and faulted in without holding up other threads."""

from __future__ import annotations

import ctypes
import mmap
import sys
import threading
import time

import pytest

from portdesk.platform import page_memory
from portdesk.platform.page_memory import SpareBuffer, fault_in, uninitialised


def test_an_uninitialised_buffer_is_a_bytearray_of_the_size_asked() -> None:
    for size in (0, 1, 4096, 3 * 918 * 1188):
        buffer = uninitialised(size)
        assert type(buffer) is bytearray and len(buffer) == size
    with pytest.raises(ValueError, match="-1 bytes"):
        uninitialised(-1)


def _faults_writing(buffer: bytearray | mmap.mmap) -> int:
    """Page faults this thread takes writing every byte of `buffer` once."""
    import resource  # Unix only

    before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
    ctypes.memset(ctypes.addressof(ctypes.c_char.from_buffer(buffer)), 0xFF, len(buffer))
    return resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread fault counts")


@linux_only
@pytest.mark.parametrize("populate", [True, False], ids=["one madvise call", "written byte by byte"])
def test_a_buffer_faulted_in_is_written_without_page_faults(monkeypatch, populate: bool) -> None:
    if not populate:  # the way on other systems and kernels before 5.14
        monkeypatch.setattr(page_memory, "_madvise", None)
    # Fresh memory for certain: an anonymous mapping of its own. (A bytearray of 48 MB was fresh in a
    # process of its own, but came back already touched after other tests had run in the same worker.)
    size = 48 * 1024 * 1024
    pages = size // mmap.PAGESIZE
    assert _faults_writing(mmap.mmap(-1, size)) > pages // 2  # fresh memory: a fault per page
    buffer = mmap.mmap(-1, size)
    fault_in(buffer)  # type: ignore[arg-type]  # any writable buffer; the viewer's are bytearrays
    assert _faults_writing(buffer) < pages // 50
    fault_in(bytearray())  # nothing to fault in: no error


def test_the_spare_is_handed_out_once_and_only_at_its_own_size() -> None:
    spare = SpareBuffer()
    assert spare.ready == 0
    spare.prepare(3000)
    assert spare.ready == 3000
    prepared = spare._spare  # type: ignore[attr-defined]
    assert spare.take(3000) is prepared and spare.ready == 0
    other = spare.take(3000)  # none ready any more: a new buffer, not the one handed out
    assert other is not prepared and len(other) == 3000


def test_a_buffer_of_another_size_leaves_the_spare_for_its_own_size() -> None:
    spare = SpareBuffer()
    spare.prepare(3000)
    kept = spare._spare  # type: ignore[attr-defined]
    thumbnail = spare.take(450)  # a thumbnail drawn between two pages
    assert len(thumbnail) == 450 and spare.ready == 3000
    assert spare.take(3000) is kept


def test_after_a_zoom_the_spare_is_made_again_at_the_new_size() -> None:
    spare = SpareBuffer()
    spare.prepare(3000)
    spare.prepare(4500)  # the zoom changed: one spare, of the new size
    assert spare.ready == 4500
    kept = spare._spare  # type: ignore[attr-defined]
    spare.prepare(4500)  # already ready: kept as it is
    assert spare._spare is kept  # type: ignore[attr-defined]
    spare.clear()
    assert spare.ready == 0


def test_no_spare_is_kept_for_a_page_past_the_limit() -> None:
    spare = SpareBuffer()
    spare.prepare(3000)
    spare.prepare(page_memory.MAX_SPARE_BYTES + 1)  # a huge scan at high zoom: not held twice
    assert spare.ready == 0
    assert len(spare.take(page_memory.MAX_SPARE_BYTES + 1)) == page_memory.MAX_SPARE_BYTES + 1


def test_faulting_in_a_buffer_lets_other_threads_run_meanwhile() -> None:
    """The GUI thread must keep painting while the PDF thread faults in the next page's memory."""
    seen: list[float] = []  # when the other thread ran, a stamp every ~0.1 ms
    stop = threading.Event()

    def run() -> None:
        last = 0.0
        while not stop.is_set():
            now = time.perf_counter()
            if now - last > 1e-4:
                seen.append(now)
                last = now

    other = threading.Thread(target=run)
    other.start()
    time.sleep(0.01)
    buffer = uninitialised(256 * 1024 * 1024)  # long enough to see: ~0.1-0.3 s
    start = time.perf_counter()
    fault_in(buffer)
    end = time.perf_counter()
    stop.set()
    other.join(5)
    # Holding the interpreter, faulting in would leave the other thread a moment at each end at most:
    # it ran throughout instead (in most tenths of the time the memset took).
    tenths = {int((t - start) / (end - start) * 10) for t in seen if start < t < end}
    assert len(tenths) >= 6, tenths
