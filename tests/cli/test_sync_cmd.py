"""`portdesk sync`: the secret is nowhere but the keyring after a full cycle; usage errors are one line."""

from __future__ import annotations

import base64

from tests.carriers.conftest import file_keyring, mock  # noqa: F401 - fixtures
from tests.carriers.mock_carriers import TELNYX_KEY
from tests.services.sync_support import Desk


def test_after_a_full_cycle_the_secret_is_in_no_file_log_export_or_output(
        tmp_path, capsys, monkeypatch, mock, file_keyring) -> None:  # noqa: F811
    base, state = mock
    desk = Desk(tmp_path, capsys, monkeypatch)
    desk.connect("tx", "telnyx", f"{base}/telnyx/v2", TELNYX_KEY)
    order_id = desk.order("telnyx")
    desk.submit(order_id)
    state.faults["/porting_orders/"] = (401, {"Content-Type": "application/json"}, b'{"errors": [{"code": "10009"}]}')
    desk.sync()  # an auth failure is logged too
    desk.sync()
    desk.sync()
    desk.run("orders", "export", str(order_id), "-o", str(tmp_path / "export" / "order.json"))
    desk.show(order_id)
    desk.run("orders", "show", str(order_id))
    needles = [TELNYX_KEY.encode(), base64.b64encode(TELNYX_KEY.encode())]
    keyring_file = file_keyring.resolve()
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p.resolve() != keyring_file]
    assert any(p.name == "queue.sqlite3" for p in files) and any(p.suffix == ".log" for p in files)
    for path in files:
        data = path.read_bytes()
        assert not any(n in data for n in needles), path
    assert not any(TELNYX_KEY in out for out in desk.outputs)
    assert state.telnyx  # the cycle did reach the carrier
    assert any(n in keyring_file.read_bytes() for n in needles)  # the one place the secret lives


def test_sync_with_an_unknown_connection_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch, file_keyring) -> None:  # noqa: F811
    desk = Desk(tmp_path, capsys, monkeypatch)
    code, out, err = desk.run("sync", "--once", "--connection", "nowhere")
    assert (code, out) == (2, "") and err.count("\n") == 1 and "nowhere" in err


def test_sync_with_no_connections_answers_zeroes(tmp_path, capsys, monkeypatch, file_keyring) -> None:  # noqa: F811
    desk = Desk(tmp_path, capsys, monkeypatch)
    assert desk.json("sync", "--once") == (0, {"sent": 0, "updated": 0, "errors": []})
