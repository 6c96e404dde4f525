"""The shared HTTP client: what every adapter gets from it without asking."""

from __future__ import annotations

import ssl

import pytest

from portdesk.carriers import open_gateway
from portdesk.services.connections import new_connection


def test_gateways_opened_one_after_another_load_the_ca_bundle_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # A sync cycle opens a client per connection; reading the CA bundle each time cost ~150 ms a cycle.
    loads = []
    original = ssl.SSLContext.load_verify_locations

    def counting(self: ssl.SSLContext, *args: object, **kwargs: object) -> None:
        loads.append(args)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counting)
    for type_, extra in (("telnyx", {}), ("kazoo", {}), ("bandwidth", {"account": "1", "user": "u"}),
                         ("telnyx", {})):
        gateway = open_gateway(new_connection("c", type_, "https://127.0.0.1:9/api", **extra), "s3cret")
        gateway.close()
    assert len(loads) <= 1
