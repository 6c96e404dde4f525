"""Telnyx has no status filter on its order list: a sync cycle reads `/porting/events` since the last
cycle's mark (kept per connection) and fetches only the orders the log names, with a full read now and
then as a safety net. Over real HTTP against the sandbox, whose clock stands still unless moved."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from portdesk.services import sync as sync_module
from tests.carriers.conftest import file_keyring  # noqa: F401 - fixture
from tests.carriers.sandbox_desk import AT_T_NUMBER, SandboxDesk, open_desk

ORDER_GET = re.compile(r" GET /telnyx/v2/porting_orders/([0-9a-f-]{36}) ")


@pytest.fixture
def desk(tmp_path, capsys, monkeypatch, file_keyring) -> Iterator[SandboxDesk]:  # noqa: F811
    d = open_desk(tmp_path, capsys, monkeypatch, "telnyx")
    d.requests: list[str] = []  # type: ignore[misc]
    d.server.log = d.requests.append  # type: ignore[method-assign]  # one line per request
    try:
        yield d
    finally:
        d.close()


def _cycle(desk: SandboxDesk) -> tuple[list[str], list[str]]:
    """One `sync --once`; the orders it read one by one, and the other Telnyx calls it made."""
    desk.requests.clear()  # type: ignore[attr-defined]
    code, report = desk.sync()
    assert (code, report["errors"]) == (0, []), report
    lines = list(desk.requests)  # type: ignore[attr-defined]
    read = [m.group(1) for line in lines if (m := ORDER_GET.search(line))]
    return read, [line for line in lines if not ORDER_GET.search(line)]


def _two_orders_at_telnyx(desk: SandboxDesk) -> tuple[str, str]:
    first, second = desk.port_order(), desk.port_order(numbers=[AT_T_NUMBER])
    for order_id in (first, second):
        desk.submit_now(order_id)
    _cycle(desk)  # sent, and every order read (there is no mark yet)
    return desk.carrier_ids(first)[0], desk.carrier_ids(second)[0]


def test_a_quiet_cycle_reads_the_event_log_and_no_order(desk: SandboxDesk) -> None:
    _two_orders_at_telnyx(desk)
    _cycle(desk)  # the events of the sends themselves
    read, other = _cycle(desk)
    assert read == []
    assert [line for line in other if "/porting_orders" in line] == []  # not the order list either
    assert sum("GET /telnyx/v2/porting/events" in line for line in other) == 1


def test_only_the_order_the_event_log_names_is_read(desk: SandboxDesk) -> None:
    first, second = _two_orders_at_telnyx(desk)
    _cycle(desk)
    telnyx = desk.box.dialects[0]
    with desk.box.lock:  # Telnyx's staff comment on the first order: an event in the log
        telnyx._add_comment(telnyx.orders[first], "We need a copy of the latest bill.", "admin")  # type: ignore[attr-defined]
    read, _ = _cycle(desk)
    assert set(read) == {first}  # (once for the order, once more with its comments at most)
    shown = [desk.show(order_id) for order_id in (1, 2)]
    assert any("latest bill" in h["text"] for h in shown[0]["history"])
    desk.advance(hours=6)  # review and the losing carriers' answers: both orders move
    read, _ = _cycle(desk)
    assert {first, second} <= set(read)
    assert desk.show(2)["status"] == "exception"  # a number not on the account: what the log announced landed


def test_every_order_is_still_read_now_and_then_as_a_safety_net(desk: SandboxDesk, monkeypatch) -> None:
    first, second = _two_orders_at_telnyx(desk)
    _cycle(desk)
    assert _cycle(desk)[0] == []
    monkeypatch.setattr(sync_module, "FULL_READ_EVERY", sync_module.dt.timedelta(0))
    read, _ = _cycle(desk)
    assert {first, second} <= set(read)
