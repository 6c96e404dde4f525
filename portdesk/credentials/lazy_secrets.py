"""The keyring SecretStore, chosen at first use rather than at start-up.

The desktop opens without a keyring, and without paying for keyring's import on the GUI thread:
`keyring` is imported and its backend chosen on the first secret asked for, which the sync and the
Connections page ask for on their worker lanes. A missing backend is said then (SecretStoreUnavailable,
in words), and asked again next time, so a keyring set up while PortDesk runs is found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portdesk.credentials.keyring_secrets import KeyringSecrets

SERVICE = "PortDesk carriers"  # the same keyring service as keyring_secrets.SERVICE


class LazyKeyringSecrets:
    def __init__(self, service: str = SERVICE) -> None:
        self._service = service
        self._secrets: KeyringSecrets | None = None

    def _open(self) -> KeyringSecrets:
        if self._secrets is None:
            from portdesk.credentials.keyring_secrets import KeyringSecrets

            self._secrets = KeyringSecrets(service=self._service)
        return self._secrets

    def get(self, name: str) -> str | None:
        return self._open().get(name)

    def set(self, name: str, secret: str) -> None:
        self._open().set(name, secret)

    def delete(self, name: str) -> None:
        self._open().delete(name)
