"""`portdesk carriers add|list|test|remove`: carrier connections, their secrets in the OS keyring only."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from portdesk.cli.common import EXIT_FOUND_ERRORS, EXIT_OK, CliError, emit_json
from portdesk.services.connections import (
    ConnectionProblem,
    ConnectionsService,
    SecretStoreUnavailable,
    new_connection,
)
from portdesk.services.gateway import CarrierError
from portdesk.store.errors import StoreError

SECRET_ENV = "PORTDESK_SECRET"


def open_connections(db_url: str | None, *, secrets: bool = True) -> ConnectionsService:
    """Connections on the queue's database; the keyring only when a command needs a secret."""
    from portdesk.carriers import open_gateway
    from portdesk.cli.wiring import open_engine
    from portdesk.store.connections import SqlConnectionStore

    store = SqlConnectionStore(open_engine(db_url))
    return ConnectionsService(store, _keyring() if secrets else _NoSecrets(), open_gateway)


def _keyring():  # type: ignore[no-untyped-def]
    from portdesk.credentials.keyring_secrets import KeyringSecrets

    try:
        return KeyringSecrets()
    except SecretStoreUnavailable as exc:
        raise CliError(str(exc)) from None


class _NoSecrets:
    """`carriers list` never touches the keyring (it shows no secrets)."""

    def get(self, name: str) -> str | None:
        return None

    def set(self, name: str, secret: str) -> None:
        raise SecretStoreUnavailable("internal: no secret store opened")

    def delete(self, name: str) -> None:
        raise SecretStoreUnavailable("internal: no secret store opened")


def read_secret() -> str:
    """PORTDESK_SECRET, else stdin (a prompt without echo on a terminal); surrounding white space dropped."""
    value = os.environ.get(SECRET_ENV)
    if value is None:
        if sys.stdin is None:
            raise CliError(f"no secret: pipe it on stdin or set {SECRET_ENV}")
        if sys.stdin.isatty():
            value = getpass.getpass("Secret (password, API key or client secret): ")
        else:
            value = sys.stdin.read(65_536)
    value = value.strip()
    if not value:
        raise CliError(f"no secret: pipe it on stdin or set {SECRET_ENV}")
    if "\n" in value:
        raise CliError("the secret must be one line")
    return value


def run_add(args: argparse.Namespace) -> int:
    try:
        connection = new_connection(args.name, args.type, args.url, account=args.account, user=args.user,
                                    auth=args.auth)
    except ConnectionProblem as exc:
        raise CliError(str(exc)) from None
    secret = read_secret()
    service = open_connections(args.db)
    try:
        service.add(connection, secret)
    except (ConnectionProblem, SecretStoreUnavailable, StoreError) as exc:
        raise CliError(str(exc)) from None
    if args.json:
        emit_json({"connection": connection.to_json(), "added": True})
    else:
        sys.stdout.write(f"connection {connection.name} added ({connection.type}, {connection.url}); "
                         "secret kept in the keyring\n")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    try:
        connections = open_connections(args.db, secrets=False).connections()
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        emit_json({"connections": [c.to_json() for c in connections]})
        return EXIT_OK
    if not connections:
        sys.stdout.write("no carrier connections (add one with: portdesk carriers add NAME --type … --url …)\n")
    for c in connections:
        sys.stdout.write(f"{c.name:<20} {c.type:<10} {c.url}  account={c.account or '-'} user={c.user or '-'}\n")
    return EXIT_OK


def run_test(args: argparse.Namespace) -> int:
    service = open_connections(args.db)
    try:
        said = service.test(args.name)
    except CarrierError as exc:
        if args.json:
            emit_json({"connection": args.name, "ok": False, "kind": exc.kind, "error": str(exc)})
        else:
            sys.stdout.write(f"{args.name}: {exc}\n")
        return EXIT_FOUND_ERRORS
    except (ConnectionProblem, SecretStoreUnavailable, StoreError) as exc:
        raise CliError(str(exc)) from None
    if args.json:
        emit_json({"connection": args.name, "ok": True, "message": said})
    else:
        sys.stdout.write(f"{args.name}: {said}\n")
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    service = open_connections(args.db)
    try:
        service.remove(args.name)
    except (ConnectionProblem, SecretStoreUnavailable, StoreError) as exc:
        raise CliError(str(exc)) from None
    if args.json:
        emit_json({"connection": args.name, "removed": True})
    else:
        sys.stdout.write(f"connection {args.name} removed, and its secret with it\n")
    return EXIT_OK
