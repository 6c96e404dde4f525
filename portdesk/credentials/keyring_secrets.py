"""The SecretStore of services/connections.py on the OS keyring, with no silent plaintext fallback.

keyring picks the best backend it can find, and when keyrings.alt is installed that may be a
plaintext file. PortDesk only accepts a backend the user chose (PYTHON_KEYRING_BACKEND or keyring's
own config file) or one keyring recommends (priority ≥ 1: Secret Service, KWallet, macOS Keychain,
Windows Credential Locker). Anything else is refused with one line that says how to choose one.
"""

from __future__ import annotations

import logging
import os

import keyring
import keyring.backend
import keyring.core
import keyring.errors
from keyring.backends import chainer, fail, null

from portdesk.services.connections import SecretStoreUnavailable

log = logging.getLogger(__name__)

SERVICE = "PortDesk carriers"
ENV = "PYTHON_KEYRING_BACKEND"
HOW_TO_CHOOSE = (
    f"no usable keyring backend to keep carrier secrets in; install one (GNOME Keyring/Secret Service, "
    f"KWallet, macOS Keychain, Windows Credential Locker) or choose one with {ENV}, e.g. "
    f"{ENV}=keyrings.alt.file.EncryptedKeyring (or keyrings.alt.file.PlaintextKeyring, unencrypted) "
    "from the keyrings.alt package"
)


def _unusable(backend: keyring.backend.KeyringBackend) -> bool:
    if isinstance(backend, fail.Keyring | null.Keyring):
        return True
    return isinstance(backend, chainer.ChainerBackend) and not backend.backends


def choose_backend() -> keyring.backend.KeyringBackend:
    """The backend the user chose, else the best recommended one; SecretStoreUnavailable otherwise."""
    try:
        chosen = keyring.core.load_env() or keyring.core.load_config()
    except Exception as exc:  # a misspelt or broken backend name: say which, and how to fix it
        named = os.environ.get(ENV, "keyringrc.cfg")
        raise SecretStoreUnavailable(f"the keyring backend {named[:80]!r} cannot be used ({exc}); {HOW_TO_CHOOSE}") from None
    if chosen is None:
        keyring.core.init_backend(limit=keyring.core.recommended)  # never a plaintext file by chance
        chosen = keyring.get_keyring()
    if _unusable(chosen):
        raise SecretStoreUnavailable(HOW_TO_CHOOSE)
    return chosen


class KeyringSecrets:
    """Carrier secrets under one keyring service, keyed by connection name."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None, service: str = SERVICE) -> None:
        self._backend = backend or choose_backend()
        self._service = service

    @property
    def backend_name(self) -> str:
        cls = type(self._backend)
        return f"{cls.__module__}.{cls.__qualname__}"

    def get(self, name: str) -> str | None:
        try:
            return self._backend.get_password(self._service, name)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreUnavailable(f"the keyring refused to read {name!r}: {exc}") from None

    def set(self, name: str, secret: str) -> None:
        try:
            self._backend.set_password(self._service, name, secret)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreUnavailable(f"the keyring refused to store {name!r}: {exc}") from None

    def delete(self, name: str) -> None:
        try:
            self._backend.delete_password(self._service, name)
        except keyring.errors.PasswordDeleteError:
            log.info("no secret for %s in the keyring to delete", name)  # gone already: nothing to do
        except keyring.errors.KeyringError as exc:
            raise SecretStoreUnavailable(f"the keyring refused to delete {name!r}: {exc}") from None

