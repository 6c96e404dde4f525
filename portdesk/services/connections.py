"""Carrier connections: where to reach a provider and as whom. The secret lives in the keyring only.

The database keeps a connection's name, type, URL, account, user and auth scheme (ConnectionStore);
the password, API key or client secret goes to a SecretStore under the connection's name. Adding
writes the secret first and removes it again if the row cannot be written, so neither is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol
from urllib.parse import urlsplit

from portdesk.services.gateway import CARRIER_TYPES, CarrierError, CarrierGateway

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
BANDWIDTH_AUTH = ("oauth2", "basic")
# The sandbox's published credential (cli.md): not a secret, so a sandbox connection needs no keyring.
SANDBOX_SECRET = "sandbox"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# The profiles each connection type serves when none are named (profiles.md: one profile per API).
DEFAULT_PROFILES = {"kazoo": ("kazoo",), "bandwidth": ("bandwidth",), "telnyx": ("telnyx",)}


class ConnectionProblem(ValueError):
    """A connection that cannot be added, found or used: one line in words."""


class SecretStoreUnavailable(RuntimeError):
    """No usable secret store (no keyring backend): the message says how to choose one."""


@dataclass(frozen=True)
class Connection:
    name: str
    type: str
    url: str
    account: str | None = None
    user: str | None = None
    auth: str | None = None  # bandwidth: oauth2 | basic; kazoo: md5 | api_key; telnyx: api_key
    profiles: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)  # provider settings (token URL, TN format…)

    @property
    def is_sandbox(self) -> bool:
        """A connection to PortDesk's own sandbox on this machine (the demo's): its credential is the
        sandbox's published one. Only ever true for a loopback URL, so a real provider's connection
        can never be talked into going without the keyring."""
        return self.options.get("sandbox") is True and urlsplit(self.url).hostname in LOOPBACK

    def to_json(self) -> dict[str, Any]:
        """What `carriers list --json` shows: never a secret (there is none here to show)."""
        return {"name": self.name, "type": self.type, "url": self.url, "account": self.account,
                "user": self.user, "auth": self.auth, "profiles": list(self.profiles)}


class ConnectionStore(Protocol):
    def list_connections(self) -> list[Connection]: ...

    def get_connection(self, name: str) -> Connection | None: ...

    def add_connection(self, connection: Connection) -> None:
        """Raises ConnectionProblem when the name is taken."""

    def remove_connection(self, name: str) -> bool: ...


class SecretStore(Protocol):
    """Secrets by connection name. Raises SecretStoreUnavailable when there is nowhere safe to keep them."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, secret: str) -> None: ...

    def delete(self, name: str) -> None: ...


GatewayFactory = Callable[[Connection, str], CarrierGateway]


def _short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def new_connection(name: str, type_: str, url: str, *, account: str | None = None, user: str | None = None,
                   auth: str | None = None, profiles: tuple[str, ...] = ()) -> Connection:
    """A checked connection, with the auth scheme the type and the given values imply."""
    if not NAME_RE.match(name):
        raise ConnectionProblem(f"connection name {_short(name)!r}: use letters, digits, '.', '_' or '-' (at most 64)")
    if type_ not in CARRIER_TYPES:
        raise ConnectionProblem(f"--type {_short(type_)!r}: expected one of {', '.join(CARRIER_TYPES)}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConnectionProblem(f"--url {_short(url)!r}: expected the API root as http(s)://host/…")
    if parts.username or parts.password:
        raise ConnectionProblem("--url: put no credentials in the URL; the secret is read from stdin or PORTDESK_SECRET")
    if type_ == "bandwidth":
        auth = auth or "oauth2"
        if auth not in BANDWIDTH_AUTH:
            raise ConnectionProblem(f"--auth {_short(auth)!r}: expected oauth2 or basic")
        if not account:
            raise ConnectionProblem("a Bandwidth connection needs --account (the Bandwidth account id)")
        if not user:
            who = "the OAuth2 client id" if auth == "oauth2" else "the API user name"
            raise ConnectionProblem(f"a Bandwidth connection needs --user ({who})")
    elif auth is not None:
        raise ConnectionProblem(f"--auth is for Bandwidth connections; a {type_} connection does not take it")
    elif type_ == "kazoo":
        auth = "md5" if user else "api_key"
    else:
        auth = "api_key"
    return Connection(name, type_, url.rstrip("/"), account or None, user or None, auth,
                      profiles or DEFAULT_PROFILES[type_])


class ConnectionsService:
    """Add, list, test and remove connections; open a gateway on one."""

    def __init__(self, store: ConnectionStore, secrets: SecretStore, gateways: GatewayFactory) -> None:
        self._store = store
        self._secrets = secrets
        self._gateways = gateways

    def connections(self) -> list[Connection]:
        return self._store.list_connections()

    def get(self, name: str) -> Connection:
        found = self._store.get_connection(name)
        if found is None:
            raise ConnectionProblem(f"no connection named {_short(name)!r} (see portdesk carriers list)")
        return found

    def add(self, connection: Connection, secret: str) -> None:
        if not secret:
            raise ConnectionProblem("no secret given: pipe it on stdin or set PORTDESK_SECRET")
        if self._store.get_connection(connection.name) is not None:
            raise ConnectionProblem(f"a connection named {connection.name!r} exists already")
        self._secrets.set(connection.name, secret)
        try:
            self._store.add_connection(connection)
        except BaseException:
            self._secrets.delete(connection.name)
            raise

    def add_sandbox(self, connection: Connection) -> None:
        """A connection to the local sandbox (the demo's): no secret to keep, nothing in the keyring."""
        connection = replace(connection, options=connection.options | {"sandbox": True})
        if not connection.is_sandbox:
            raise ConnectionProblem(f"{_short(connection.url)!r}: a sandbox connection must point at this machine")
        self._store.add_connection(connection)

    def remove(self, name: str) -> None:
        connection = self.get(name)
        if not connection.is_sandbox:
            self._secrets.delete(name)
        self._store.remove_connection(name)

    def secret(self, name: str) -> str:
        if self.get(name).is_sandbox:
            return SANDBOX_SECRET
        value = self._secrets.get(name)
        if not value:
            raise ConnectionProblem(f"connection {name!r}: its secret is not in the keyring; remove and add it again")
        return value

    def open(self, name: str) -> CarrierGateway:
        connection = self.get(name)
        return self._gateways(connection, self.secret(name))

    def test(self, name: str) -> str:
        """Check the credentials at the provider; raises CarrierError with the answer in words."""
        gateway = self.open(name)
        try:
            return gateway.test_credentials()
        finally:
            gateway.close()

    def serving(self, profile: str) -> list[Connection]:
        """The connections that serve orders of `profile` (orders submit picks among them)."""
        return [c for c in self.connections() if profile in c.profiles]


__all__ = ["CarrierError", "Connection", "ConnectionProblem", "ConnectionStore", "ConnectionsService",
           "GatewayFactory", "SecretStore", "SecretStoreUnavailable", "new_connection"]
