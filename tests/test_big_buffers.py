"""The bill viewer's page buffers come from malloc's heap and a freed one stays there for the next page,
whatever the process freed before (portdesk/platform/big_buffers.py). Each probe runs in a fresh
process: the policy is process-wide and glibc's defaults are what it replaces."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_PROBE = textwrap.dedent("""
    import ctypes, json, sys
    from portdesk.platform.big_buffers import keep_big_buffers_warm

    class Mallinfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in
                    ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                     "fordblks", "keepcost")]

    mallinfo2 = ctypes.CDLL(None).mallinfo2
    mallinfo2.restype = Mallinfo2
    applied = keep_big_buffers_warm() if sys.argv[1] == "policy" else False
    PAGE = 612 * 4 * 792 * 4 * 3  # a Letter page at 200 % on a 2x screen: 23 MB
    before = mallinfo2()
    page = bytearray(PAGE)
    during = mallinfo2()
    del page
    after = mallinfo2()
    print(json.dumps({"applied": applied, "mapped": during.hblkhd - before.hblkhd,
                      "kept": after.arena + after.hblkhd - before.arena - before.hblkhd}))
""")


def _probe(mode: str) -> dict[str, int]:
    done = subprocess.run([sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, timeout=60,
                          check=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return json.loads(done.stdout)


glibc_only = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(ctypes.CDLL(None), "mallinfo2"),
    reason="glibc's allocator")


@glibc_only
def test_a_page_buffer_comes_from_the_heap_and_stays_for_the_next_page_once_the_policy_is_on() -> None:
    probe = _probe("policy")
    assert probe["applied"]
    assert probe["mapped"] == 0  # not a fresh mapping of its own, faulted in page by page
    # freed, it is still there for the next page (less the few KB of free heap top it may have reused,
    # which depends on what the interpreter allocated before; without the policy nothing is kept)
    assert probe["kept"] >= 612 * 4 * 792 * 4 * 3 - 64 * 1024


@glibc_only
def test_without_the_policy_glibc_maps_such_a_buffer_afresh_and_gives_it_back() -> None:
    # What the policy changes (if glibc's defaults ever change, the policy may be moot: this says so).
    probe = _probe("default")
    assert probe["mapped"] > 0 and probe["kept"] < 612 * 4 * 792 * 4 * 3
