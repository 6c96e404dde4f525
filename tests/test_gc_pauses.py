"""The collector pause around a bill check: always switched back on, and only by whoever switched it off."""

from __future__ import annotations

import datetime as dt
import gc
import threading

import pytest

from portdesk.documents.bill import BillError
from portdesk.documents.match import check_bill
from portdesk.domain.order import PortOrder
from portdesk.platform.gc_pauses import collection_paused, full_collections_deferred


def test_the_collector_is_off_inside_the_block_and_on_again_after_it() -> None:
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_on_when_the_block_raises() -> None:
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_an_inner_pause_leaves_the_outer_one_in_charge() -> None:
    with collection_paused():
        with collection_paused():
            pass
        assert not gc.isenabled()  # the inner block found it off and left it off
    assert gc.isenabled()


def test_a_collector_switched_off_by_someone_else_stays_off() -> None:
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_bill_that_cannot_be_read_leaves_the_collector_on() -> None:
    order = PortOrder.from_dict({"format": "portdesk.order/1", "account": {"name": "ABC Company"}})
    with pytest.raises(BillError):
        check_bill(b"%PDF-1.7 this is not really a PDF", order, dt.date(2026, 11, 28))
    assert gc.isenabled()


def _age_many_cycles() -> None:
    """Cycles kept alive long enough to reach the old generation, then dropped."""
    kept: list[list[object]] = []
    for _ in range(200_000):
        a: list[object] = []
        a.append(a)
        kept.append(a)
    del kept


def test_no_full_collection_happens_on_its_own_inside_a_deferral_and_thresholds_come_back() -> None:
    before = gc.get_threshold()
    fulls: list[int] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            fulls.append(1)

    gc.callbacks.append(on_gc)
    try:
        _age_many_cycles()
        assert fulls, "without a deferral this work reaches a full collection"
        fulls.clear()
        with full_collections_deferred(collect_after=False):
            assert gc.get_threshold()[:2] == before[:2]
            assert gc.get_threshold()[2] > 1_000_000
            _age_many_cycles()
            assert not fulls
    finally:
        gc.callbacks.remove(on_gc)
    assert gc.get_threshold() == before


def test_the_thresholds_come_back_when_the_block_raises() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), full_collections_deferred():
        raise RuntimeError("boom")
    assert gc.get_threshold() == before
    assert gc.isenabled()


def test_the_last_thread_out_restores_the_thresholds_and_collects_once() -> None:
    before = gc.get_threshold()
    inside, release = threading.Barrier(3), threading.Event()
    first_out = threading.Event()
    seen: dict[str, tuple[int, int, int]] = {}
    fulls: list[str] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            fulls.append(threading.current_thread().name)

    def worker(name: str, wait_for: threading.Event | None) -> None:
        with full_collections_deferred():
            inside.wait(5)
            if wait_for is None:
                release.wait(5)
            else:
                wait_for.wait(5)
        if wait_for is None:
            seen[name] = gc.get_threshold()
            first_out.set()

    gc.callbacks.append(on_gc)
    try:
        early = threading.Thread(target=worker, args=("early", None), name="early")
        late = threading.Thread(target=worker, args=("late", first_out), name="late")
        early.start()
        late.start()
        inside.wait(5)
        release.set()
        early.join(5)
        late.join(5)
    finally:
        gc.callbacks.remove(on_gc)
    assert seen["early"][2] > 1_000_000  # the other thread was still inside: still deferred
    assert gc.get_threshold() == before
    assert fulls == ["late"]


def test_a_disabled_collector_is_not_run_at_the_end_of_a_deferral() -> None:
    fulls: list[int] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            fulls.append(info["generation"])

    gc.disable()
    gc.callbacks.append(on_gc)
    try:
        with full_collections_deferred():
            pass
    finally:
        gc.callbacks.remove(on_gc)
        gc.enable()
    assert fulls == []


def test_keep_survivors_freezes_what_the_block_made_so_no_pass_walks_it_on_the_way_out() -> None:
    started: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.collect()
    frozen_before = gc.get_freeze_count()
    gc.callbacks.append(note)
    try:
        with collection_paused(keep_survivors=True):
            kept = [[i] for i in range(5000)]  # survivors, well past the young generation's threshold
        after = [[i] for i in range(50)]  # the first allocations once the collector is back on
    finally:
        gc.callbacks.remove(note)
    assert started == []
    assert gc.get_freeze_count() >= frozen_before + len(kept)
    assert gc.isenabled() and after
