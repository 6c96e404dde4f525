"""The same life of an order through sync, against the Bandwidth and KAZOO dialects of the local stand-in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tests.carriers.conftest import file_keyring, mock  # noqa: F401 - fixtures
from tests.carriers.mock_carriers import BW_PASSWORD, BW_USER, GREGORIAN, KAZOO_ACCOUNT_ID, KAZOO_KEY, move
from tests.services.sync_support import Desk


class Bandwidth:
    name, create = "bw", ("POST", "/portins")

    def connect(self, desk: Desk, base: str) -> None:
        desk.connect("bw", "bandwidth", f"{base}/bandwidth/api", BW_PASSWORD, "--account", "9900001",
                     "--user", BW_USER, "--auth", "basic")

    def orders(self, state: Any) -> dict[str, Any]:
        return state.bandwidth  # type: ignore[no-any-return]

    def reject(self, state: Any, cid: str) -> None:
        state.bandwidth[cid].update(status="EXCEPTION", errors=[("7404", "8G: End user name mismatch", [])])

    def supplemented(self, state: Any, cid: str) -> bool:
        return b"ABC Company Incorporated" in state.bandwidth[cid]["supps"][-1]

    def foc(self, state: Any, cid: str) -> None:
        state.bandwidth[cid].update(status="FOC", foc="2026-12-10T16:00:00.000Z")

    def complete(self, state: Any, cid: str) -> None:
        state.bandwidth[cid]["status"] = "COMPLETE"

    def documents(self, state: Any, cid: str) -> int:
        return len(state.bandwidth[cid]["loas"])


class Kazoo:
    name, create = "kz", ("PUT", "/port_requests")

    def connect(self, desk: Desk, base: str) -> None:
        desk.connect("kz", "kazoo", f"{base}/kazoo/v2", KAZOO_KEY, "--account", KAZOO_ACCOUNT_ID)

    def orders(self, state: Any) -> dict[str, Any]:
        return state.kazoo  # type: ignore[no-any-return]

    def reject(self, state: Any, cid: str) -> None:
        move(state.kazoo[cid], "rejected", "Name Mismatch: The business name does not match the CSR")

    def supplemented(self, state: Any, cid: str) -> bool:
        request = state.kazoo[cid]
        return "ABC Company Incorporated" in str(request) and request["port_state"] == "submitted"

    def foc(self, state: Any, cid: str) -> None:
        request = state.kazoo[cid]
        move(request, "pending")
        move(request, "scheduled")
        request["scheduled_date"] = int(dt.datetime(2026, 12, 10, 16, tzinfo=dt.UTC).timestamp()) + GREGORIAN

    def complete(self, state: Any, cid: str) -> None:
        move(state.kazoo[cid], "completed")

    def documents(self, state: Any, cid: str) -> int:
        return len(state.kazoo[cid]["uploads"])


PROVIDERS: dict[str, Callable[[], Any]] = {"bandwidth": Bandwidth, "kazoo": Kazoo}


@pytest.fixture(params=sorted(PROVIDERS))
def world(request, tmp_path, capsys, monkeypatch, mock, file_keyring):  # noqa: F811
    base, state = mock
    provider = PROVIDERS[request.param]()
    desk = Desk(tmp_path, capsys, monkeypatch)
    provider.connect(desk, base)
    return request.param, provider, desk, state


def test_an_order_goes_from_submit_to_completed_through_exception_and_supplement(world) -> None:
    profile, provider, desk, state = world
    order_id = desk.order(profile)
    assert desk.submit(order_id)[1]["connection"] == provider.name
    code, report = desk.sync()
    assert code == 0 and report["sent"] == 1, report
    shown = desk.show(order_id)
    (part,) = shown["submission"]["carrier_orders"]
    cid = part["id"]
    assert shown["status"] in ("submitted", "pending") and provider.documents(state, cid) == 2
    provider.reject(state, cid)
    desk.sync()
    shown = desk.show(order_id)
    assert shown["status"] == "exception" and shown["rejections"][0]["reason"] == "name_mismatch"
    fixed = dict(shown)
    fixed["account"] = {**shown["account"], "name": "ABC Company Incorporated"}
    code, _, err = desk.update(order_id, fixed)
    assert code == 0, err
    code, report = desk.sync()
    assert code == 0 and report["sent"] == 1 and provider.supplemented(state, cid)
    assert desk.show(order_id)["rejections"] == []
    provider.foc(state, cid)
    desk.sync()
    shown = desk.show(order_id)
    assert (shown["status"], shown["foc_date"]) == ("foc_confirmed", "2026-12-10")
    assert {n["status"] for n in shown["number_statuses"]} == {"foc_confirmed"}
    provider.complete(state, cid)
    desk.sync()
    shown = desk.show(order_id)
    assert shown["status"] == "completed" and {n["status"] for n in shown["number_statuses"]} == {"ported"}
    assert any(h.get("source") == provider.name for h in shown["history"])


def test_a_lost_create_answer_leaves_exactly_one_order_at_the_carrier(world) -> None:
    profile, provider, desk, state = world
    order_id = desk.order(profile)
    desk.submit(order_id)
    method, path = provider.create
    state.drop.add(f"{method} {path}")
    code, report = desk.sync()
    assert code == 1 and report["errors"][0]["connection"] == provider.name
    assert len(provider.orders(state)) == 1
    for _ in range(2):
        assert desk.sync()[0] == 0
    assert len(provider.orders(state)) == 1
    shown = desk.show(order_id)
    assert shown["status"] in ("submitted", "pending")
    assert [p["id"] for p in shown["submission"]["carrier_orders"]] == list(provider.orders(state))
