"""The sandbox's `--faults` against every adapter through `portdesk sync --once --json`.

Each fault kind alone, on every request of a cycle: the cycle ends with the error in words in
`errors`, exit 1, no traceback, and the order keeps its last good state; once the carrier is well
again the next cycle lands what changed. Then all kinds at random over a whole port: one order at
the carrier, completed, however the answers were lost on the way.
"""

from __future__ import annotations

import pytest

from portdesk.sandbox.faults import KINDS, Faults
from tests.carriers.sandbox_desk import NAME_ON_RECORD, SandboxDesk

WORDS = {"error": "HTTP 500", "throttle": "rate-limiting", "timeout": "cut", "truncate": "cut"}


def no_traceback(desk: SandboxDesk) -> None:
    assert not any("Traceback" in text for text in desk.outputs)


@pytest.mark.parametrize("kind", KINDS)
def test_each_fault_is_an_error_in_words_and_the_order_keeps_its_last_good_state(sdesk: SandboxDesk,
                                                                                  kind: str) -> None:
    desk = sdesk
    order_id = desk.port_order()
    desk.submit_now(order_id)
    assert desk.sync()[0] == 0
    before = desk.show(order_id)
    desk.advance(hours=6)  # the exception is waiting at the carrier…
    desk.box.faults = Faults(1.0, seed=3, timeout_seconds=0.2, kinds=(kind,))  # …behind a failing link
    for _ in range(2):
        code, report = desk.sync()
        assert code == 1 and report["updated"] == 0, report
        (error,) = report["errors"]
        assert error["connection"] == desk.provider.connection and error["error"], report
        assert WORDS[kind] in error["error"] and "\n" not in error["error"] and len(error["error"]) <= 300
        assert "<" not in error["error"] and "{" not in error["error"], error  # words, not the raw answer
    after = desk.show(order_id)
    assert (after["status"], after["version"], after["rejections"]) == (before["status"], before["version"], [])
    no_traceback(desk)

    desk.box.faults = Faults()
    code, report = desk.sync()
    assert (code, report["updated"], report["errors"]) == (0, 1, []), report
    assert desk.show(order_id)["status"] == "exception" and desk.ports_made() == 1


def test_a_whole_port_through_random_faults_ends_completed_with_one_order_at_the_carrier(sdesk: SandboxDesk) -> None:
    desk = sdesk
    order_id = desk.port_order(account={**desk.port_order_account(), "name": NAME_ON_RECORD})
    desk.submit_now(order_id)
    desk.box.faults = Faults(0.3, seed=11, timeout_seconds=0.2)
    failed = 0
    for _ in range(40):
        code, report = desk.sync()
        failed += code
        assert all(e["error"] and "\n" not in e["error"] for e in report["errors"]), report
        if desk.show(order_id)["status"] == "completed":
            break
        desk.advance(hours=3)
        if desk.show(order_id)["status"] == "foc_confirmed":
            desk.to_foc(order_id)
    shown = desk.show(order_id)
    assert shown["status"] == "completed", shown["history"][-5:]
    assert {n["status"] for n in shown["number_statuses"]} == {"ported"}
    assert failed > 0  # the faults did bite
    assert desk.ports_made() == 1
    no_traceback(desk)
