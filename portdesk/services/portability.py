"""The portability check before submitting: which connection can ask, and the asking (Qt-free).

Bandwidth (lnpchecker: losing carrier and rate centre per number) and Telnyx (portability checks)
answer before an order exists; KAZOO has no such API. The check is read-only at the provider.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from portdesk.services.connections import Connection, ConnectionProblem
from portdesk.services.gateway import CarrierGateway, Portability

CHECKING_TYPES = ("bandwidth", "telnyx")  # the providers whose API checks numbers before an order


class _Connections(Protocol):
    def connections(self) -> list[Connection]: ...

    def open(self, name: str) -> CarrierGateway: ...


class PortabilityService:
    def __init__(self, connections: _Connections) -> None:
        self._connections = connections

    def connection_for(self, profile: str | None) -> str | None:
        """The connection that can check numbers for orders of `profile`, or None."""
        serving = [c for c in self._connections.connections()
                   if c.type in CHECKING_TYPES and (profile is None or profile in c.profiles)]
        return serving[0].name if serving else None

    def check(self, connection: str | None, numbers: Sequence[str], *, profile: str = "bandwidth") -> Portability:
        """Ask the provider, through `connection` or the one connection serving `profile` (raises
        CarrierError or ConnectionProblem with the answer in words)."""
        if not numbers:
            raise ValueError("no numbers to check")
        names = {c.name for c in self._connections.connections()}
        if connection is None:
            serving = [c.name for c in self._connections.connections() if profile in c.profiles]
            if len(serving) != 1:
                raise ConnectionProblem(f"no connection serves {profile[:80]}; add one with portdesk carriers add"
                                        if not serving else
                                        f"several connections serve {profile[:80]} ({', '.join(serving)}); name one")
            connection = serving[0]
        elif connection not in names:
            raise ConnectionProblem(f"no connection named {connection[:80]!r} (see portdesk carriers list)")
        gateway = self._connections.open(connection)
        try:
            return gateway.check_portability(list(numbers))
        finally:
            gateway.close()
