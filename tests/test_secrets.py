"""PINs and credentials never reach the log file or the readable outputs (order-file.md: the PIN is secret)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from portdesk.cli import main
from portdesk.platform import settings
from portdesk.platform.log_redaction import redact

PIN = "739184"
ORDER = {
    "format": "portdesk.order/1", "name": "ABC Company - Denver", "kind": "local", "profile": "kazoo",
    "losing_carrier": "Lumen",
    "account": {"name": "ABC Company, Inc.", "number": "8812-5520-01", "pin": PIN, "btn": "+13035550100",
                "service_address": {"line1": "PO Box 1200", "city": "Denver", "state": "CO", "postal_code": "80202"}},
    "port_type": "full", "numbers": ["+13035550100"],
}


@pytest.mark.parametrize("text", [
    '{"pin": "739184", "name": "x"}', "pin=739184", "PIN: 739184", "'passcode': '739184'",
    "postgresql://amy:739184@db.example/queue", "Authorization: Bearer 739184", "api_key=739184",
])
def test_redact_masks_secrets_in_the_shapes_they_leak_in(text: str) -> None:
    assert PIN not in redact(text)


def test_redact_leaves_ordinary_text_alone() -> None:
    text = "order 12: 3 numbers, account 8812-5520-01, spinning up the pinned queue"
    assert redact(text) == text


def test_the_pin_never_reaches_the_log_file_or_readable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'q.sqlite3'}"
    path = tmp_path / "order.json"
    path.write_text(json.dumps(ORDER), encoding="utf-8")
    assert main(["orders", "import", str(path), "--db", db]) == 0
    readable = []
    for argv in (["orders", "list", "--db", db], ["orders", "list", "--db", db, "--json"],
                 ["orders", "show", "1", "--db", db], ["lint", str(path), "--today", "2026-11-22"],
                 ["orders", "submit", "1", "--db", db, "--today", "2026-11-22"]):
        main(argv)
        readable.append(capsys.readouterr().out)
    # An accident on purpose: an exception quoting the order's JSON, logged with its traceback.
    try:
        raise ValueError(f"carrier refused {json.dumps(ORDER)}")
    except ValueError:
        logging.getLogger("portdesk.test").exception("sync failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    log_text = settings.log_path().read_text(encoding="utf-8")
    assert "sync failed" in log_text and "ABC Company" in log_text  # the log is written, and useful
    assert PIN not in log_text
    for out in readable:
        assert PIN not in out
