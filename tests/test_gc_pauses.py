"""The collector pause around a bill check: always switched back on, and only by whoever switched it off."""

from __future__ import annotations

import datetime as dt
import gc

import pytest

from portdesk.documents.bill import BillError
from portdesk.documents.match import check_bill
from portdesk.domain.order import PortOrder
from portdesk.platform.gc_pauses import collection_paused


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
