"""The bill viewer's page buffers (3-25 MB each) reused by malloc, not handed back to the kernel.

glibc's malloc decides by two thresholds that move with what the process happened to free before
whether a block of a few MB is a fresh mapping and whether a freed block is given back to the
kernel. In about one process in seven the history made every page the viewer rendered again come
back as fresh memory: 800 page faults for a Letter page at 112 %, +0.6 ms on the PDF thread with the
interpreter held (measured with benchmarks/bench_viewer.py; none in 13 processes with this policy).
Fixed thresholds make the buffer the cache just dropped the one the next page is drawn into.
"""

from __future__ import annotations

import ctypes
import sys

_M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters (malloc.h)
_M_MMAP_THRESHOLD = -3
# Blocks below this come from the heap (glibc's ceiling): a Letter page at 200 % on a 2x screen is 23 MB.
MMAP_THRESHOLD = 32 * 1024 * 1024
# Free memory at a heap's top given back to the kernel only past this: a few pages' buffers stay warm.
TRIM_THRESHOLD = 32 * 1024 * 1024


def keep_big_buffers_warm() -> bool:
    """Fix malloc's thresholds for the rest of the process (glibc only). True when applied."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    # musl's mallopt is a stub that answers 0: nothing to fix there
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
