"""Carrier adapters: the only room that imports httpx. `open_gateway` is the GatewayFactory."""

from __future__ import annotations

from typing import Any

from portdesk.services.connections import Connection, ConnectionProblem
from portdesk.services.gateway import CarrierGateway


def open_gateway(connection: Connection, secret: str, **http: Any) -> CarrierGateway:
    """The adapter for the connection's type (imported only when used)."""
    if connection.type == "telnyx":
        from portdesk.carriers.telnyx import TelnyxGateway

        return TelnyxGateway(connection, secret, **http)
    if connection.type == "bandwidth":
        from portdesk.carriers.bandwidth import BandwidthGateway

        return BandwidthGateway(connection, secret, **http)
    if connection.type == "kazoo":
        from portdesk.carriers.kazoo import KazooGateway

        return KazooGateway(connection, secret, **http)
    raise ConnectionProblem(f"connection {connection.name!r}: no adapter for type {connection.type!r}")
