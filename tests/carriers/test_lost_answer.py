"""A create the carrier accepted but whose answer never arrived (the link cut after the carrier
answered): the next cycles find the order by its idempotency key and never make a second one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from portdesk.sandbox.kazoo import ACCOUNT_ID as KAZOO_ACCOUNT
from tests.carriers.cut_proxy import CutProxy
from tests.carriers.sandbox_desk import BANDWIDTH_ACCOUNT, NAME_ON_RECORD, PROVIDERS, SandboxDesk, open_desk

CREATE = {
    "telnyx": rb"^POST /telnyx/v2/porting_orders HTTP",
    "bandwidth": rb"^POST /bandwidth/api/accounts/" + BANDWIDTH_ACCOUNT.encode() + rb"/portins HTTP",
    "kazoo": rb"^PUT /kazoo/v2/accounts/" + KAZOO_ACCOUNT.encode() + rb"/port_requests HTTP",
}
SUBMIT = {
    "telnyx": rb"^POST /telnyx/v2/porting_orders/[^/ ]+/actions/confirm HTTP",
    "kazoo": rb"^PATCH /kazoo/v2/accounts/\w+/port_requests/\w+/submitted HTTP",
    "bandwidth": rb"^POST /bandwidth/api/accounts/\w+/portins/[^/ ]+/loas\?[^ ]*documentType=INVOICE",
}


@pytest.fixture(params=sorted(PROVIDERS))
def provider(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def desk_behind(proxy_for: bytes, tmp_path, capsys, monkeypatch, profile: str) -> Iterator[tuple[SandboxDesk, CutProxy]]:
    desk = open_desk(tmp_path, capsys, monkeypatch, profile, connect=False)
    proxy = CutProxy(desk.server.server_address[1], proxy_for)
    desk.provider.connect(desk, proxy.base_url)
    try:
        yield desk, proxy
    finally:
        proxy.close()
        desk.close()


def one_order_sent_after_a_lost_answer(desk: SandboxDesk, proxy: CutProxy) -> None:
    order_id = desk.port_order()
    desk.submit_now(order_id)
    code, report = desk.sync()
    assert proxy.cut == 1 and desk.ports_made() == 1  # the carrier made it; we never heard
    assert code == 1 and report["sent"] == 0, report
    (error,) = report["errors"]
    assert error["order"] == order_id and error["connection"] == desk.provider.connection
    assert desk.show(order_id)["status"] == "queued"
    for _ in range(2):
        code, report = desk.sync()
        assert (code, report["errors"]) == (0, []), report
    shown = desk.show(order_id)
    assert shown["status"] in ("submitted", "pending") and shown["submission"]["sent_at"]
    assert desk.ports_made() == 1
    assert shown["submission"]["carrier_orders"][0]["id"] in desk.box.life.ports
    assert desk.documents_at_carrier(order_id) == 2
    desk.advance(hours=6)  # and it lives on as the one order: the carrier judges it
    desk.sync()
    assert desk.show(order_id)["status"] == "exception" and desk.ports_made() == 1


def test_a_create_whose_answer_is_cut_leaves_exactly_one_order_at_the_carrier(provider, tmp_path, capsys,
                                                                               monkeypatch, file_keyring) -> None:
    for desk, proxy in desk_behind(CREATE[provider], tmp_path, capsys, monkeypatch, provider):
        one_order_sent_after_a_lost_answer(desk, proxy)


def test_a_submit_or_upload_whose_answer_is_cut_is_not_sent_twice(provider, tmp_path, capsys, monkeypatch,
                                                                  file_keyring) -> None:
    for desk, proxy in desk_behind(SUBMIT[provider], tmp_path, capsys, monkeypatch, provider):
        one_order_sent_after_a_lost_answer(desk, proxy)
        port = desk.port(1)
        submissions = [t for t in port.history if t.state == "submitted"]
        assert len(submissions) == 1, port.history


RESUBMIT = {  # the last call of each provider's supplement
    "telnyx": rb"^POST /telnyx/v2/porting_orders/[^/ ]+/actions/confirm HTTP",
    "bandwidth": rb"^PUT /bandwidth/api/accounts/\w+/portins/[^/ ]+ HTTP",
    "kazoo": rb"^PATCH /kazoo/v2/accounts/\w+/port_requests/\w+/submitted HTTP",
}


def test_a_supplement_whose_answer_is_cut_is_finished_next_cycle_without_an_error(provider, tmp_path, capsys,
                                                                                  monkeypatch, file_keyring) -> None:
    for desk, proxy in desk_behind(RESUBMIT[provider], tmp_path, capsys, monkeypatch, provider):
        proxy.cuts_left = 0  # the first submit goes through
        order_id = desk.port_order()
        desk.submit_now(order_id)
        desk.sync()
        desk.advance(hours=6)
        desk.sync()
        shown = desk.show(order_id)
        assert shown["status"] == "exception"
        proxy.cuts_left = 1  # the supplement's last call reaches the carrier; its answer does not
        assert desk.update(order_id, {**shown, "account": {**shown["account"], "name": NAME_ON_RECORD}})[0] == 0
        code, report = desk.sync()
        assert proxy.cut == 1 and code == 1, report
        code, report = desk.sync()
        assert (code, report["errors"]) == (0, []), report
        desk.advance(hours=6)
        code, report = desk.sync()
        assert (code, report["errors"]) == (0, []), report
        assert desk.show(order_id)["status"] == "foc_confirmed" and desk.ports_made() == 1


CANCEL = {
    "telnyx": rb"^POST /telnyx/v2/porting_orders/[^/ ]+/actions/cancel HTTP",
    "bandwidth": rb"^DELETE /bandwidth/api/accounts/\w+/portins/[^/ ]+ HTTP",
}


@pytest.mark.parametrize("profile", sorted(CANCEL))
def test_a_cancel_whose_answer_is_cut_is_not_an_error_next_cycle(profile, tmp_path, capsys, monkeypatch,
                                                                 file_keyring) -> None:
    for desk, proxy in desk_behind(CANCEL[profile], tmp_path, capsys, monkeypatch, profile):
        order_id = desk.port_order(account={**desk.port_order_account(), "name": NAME_ON_RECORD})
        desk.submit_now(order_id)
        desk.sync()
        desk.advance(hours=6)
        desk.sync()
        assert desk.show(order_id)["status"] == "foc_confirmed"
        assert desk.run("orders", "cancel", str(order_id))[0] == 0
        code, report = desk.sync()
        assert proxy.cut == 1 and code == 1, report
        code, report = desk.sync()
        assert (code, report["errors"]) == (0, []), report
        desk.advance(hours=2)
        code, report = desk.sync()
        assert (code, report["errors"]) == (0, []), report
        assert desk.show(order_id)["status"] == "cancelled" and desk.port(order_id).state == "cancelled"
