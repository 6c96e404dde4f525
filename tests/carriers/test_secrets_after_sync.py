"""After a full cycle with all three providers, the secrets are in the keyring and nowhere else:
not in the database file, the log, settings, an export, or any output (JSON or for people)."""

from __future__ import annotations

import base64
import hashlib
import json

from tests.carriers.sandbox_desk import NAME_ON_RECORD, PROVIDERS, open_desk

TELNYX_KEY = "tx-KEY-7f3e9a1c5b2d"
BANDWIDTH_SECRET = "bw-SECRET-2c4e6a8b0d"
KAZOO_PASSWORD = "kz-PASS-9d8c7b6a5f"
WRONG_KEY = "tx-WRONG-1a2b3c4d5e"


def test_a_full_cycle_leaves_no_secret_outside_the_keyring(tmp_path, capsys, monkeypatch, file_keyring) -> None:
    # The sandbox takes "sandbox" everywhere; distinctive secrets make a grep meaningful.
    monkeypatch.setattr("portdesk.sandbox.telnyx.API_KEY", TELNYX_KEY)
    monkeypatch.setattr("portdesk.sandbox.bandwidth.CLIENT_SECRET", BANDWIDTH_SECRET)
    monkeypatch.setattr("portdesk.sandbox.kazoo.PASSWORD", KAZOO_PASSWORD)
    desk = open_desk(tmp_path, capsys, monkeypatch, "telnyx", connect=False)
    try:
        base = desk.base
        desk.connect("tx", "telnyx", f"{base}/telnyx/v2", TELNYX_KEY)
        desk.connect("bw", "bandwidth", f"{base}/bandwidth/api", BANDWIDTH_SECRET, *PROVIDERS["bandwidth"].extra)
        desk.connect("kz", "kazoo", f"{base}/kazoo/v2", KAZOO_PASSWORD, "--account", "sandbox", "--user", "sandbox")
        desk.connect("wrong", "telnyx", f"{base}/telnyx/v2", WRONG_KEY)
        code, _, err = desk.run("carriers", "test", "wrong")
        assert code == 1 and "the key was refused" in _ + err
        assert desk.run("carriers", "test", "kz")[0] == 0

        orders = {p: desk.port_order(p) for p in ("telnyx", "bandwidth", "kazoo")}
        for profile, order_id in orders.items():
            desk.submit_now(order_id, PROVIDERS[profile].connection)
        desk.sync()
        desk.advance(hours=6)
        desk.sync()
        for order_id in orders.values():
            shown = desk.show(order_id)
            assert shown["status"] == "exception", shown["history"][-2:]
            assert desk.update(order_id, {**shown, "account": {**shown["account"], "name": NAME_ON_RECORD}})[0] == 0
        desk.sync()
        desk.advance(hours=6)
        desk.sync()
        for order_id in orders.values():
            desk.to_foc(order_id)
        desk.run("sync", "--once")  # the readable report too
        desk.sync()
        for order_id in orders.values():
            assert desk.show(order_id)["status"] == "completed"
            desk.run("orders", "show", str(order_id))
            assert desk.run("orders", "export", str(order_id), "-o", str(tmp_path / f"export{order_id}" / "o.json"))[0] == 0
        desk.json("orders", "list")
        desk.json("carriers", "list")
        _telnyx, bandwidth, kazoo = desk.box.dialects
        tokens = [*bandwidth.tokens, *kazoo.tokens]  # type: ignore[attr-defined]
    finally:
        desk.close()

    secrets = [TELNYX_KEY, BANDWIDTH_SECRET, KAZOO_PASSWORD, WRONG_KEY,
               hashlib.md5(f"sandbox:{KAZOO_PASSWORD}".encode()).hexdigest(), *tokens]
    assert len(tokens) >= 2
    needles = [s.encode() for s in secrets] + [base64.b64encode(s.encode()) for s in secrets[:4]]
    keyring = file_keyring.resolve()
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p.resolve() != keyring]
    names = {p.name for p in files}
    assert "queue.sqlite3" in names and "portdesk.log" in names and "o.json" in names
    for path in files:
        data = path.read_bytes()
        leaked = [n[:6] for n in needles if n in data]
        assert not leaked, f"{path}: {leaked}"
    assert json.dumps(desk.outputs)  # every stdout and stderr of every command, --json or not
    for text in desk.outputs:
        assert not any(s in text for s in secrets)
    stored = keyring.read_bytes()
    assert all(base64.b64encode(s.encode()) in stored for s in secrets[:4])  # the one place they live
