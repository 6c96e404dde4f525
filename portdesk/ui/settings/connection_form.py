"""The form that describes a new carrier connection: the fields each provider needs, labelled for it.

KAZOO: API root, account id, user name (empty: the secret is an API key). Bandwidth: API root,
account id, OAuth2 client id or legacy API user, the auth scheme and how numbers are written.
Telnyx: API root and API key. The secret goes in a masked field; it is cleared once it has been
handed over, and never filled back in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from portdesk.services.connections import DEFAULT_PROFILES, Connection, ConnectionProblem, new_connection

TYPES = (("kazoo", "KAZOO"), ("bandwidth", "Bandwidth"), ("telnyx", "Telnyx"))
URL_HINTS = {"kazoo": "https://kazoo.example.net:8443/v2", "bandwidth": "https://dashboard.bandwidth.com/api",
             "telnyx": "https://api.telnyx.com/v2"}
TN_FORMATS = (("ten_digit", "10 digits, 3035550100 (API v1)"), ("e164", "+E.164, +13035550100 (API v2)"))
AUTHS = (("oauth2", "OAuth2 client credentials"), ("basic", "API user and password (legacy)"))
# The command-line words a ConnectionProblem may use, as this form names the same fields.
FIELD_WORDS = (("--url", "API root URL"), ("--account", "Account id"), ("--user", "the user / client id field"),
               ("--auth", "Sign-in"), ("--type", "Provider"),
               ("the secret is read from stdin or PORTDESK_SECRET", "the secret goes in its own field"))


def in_form_words(problem: str) -> str:
    for flag, words in FIELD_WORDS:
        problem = problem.replace(flag, words)
    return problem


class ConnectionForm(QGroupBox):
    def __init__(self, profiles: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__("New connection", parent)
        self.setObjectName("connection-form")
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setObjectName("connection-name")
        self.name.setMaxLength(64)
        self.name.setPlaceholderText("e.g. telnyx-main")
        self.type = QComboBox()
        self.type.setObjectName("connection-type")
        for key, text in TYPES:
            self.type.addItem(text, key)
        self.url = QLineEdit()
        self.url.setObjectName("connection-url")
        self.url.setMaxLength(300)
        self.account = QLineEdit()
        self.account.setObjectName("connection-account")
        self.account.setMaxLength(100)
        self.user = QLineEdit()
        self.user.setObjectName("connection-user")
        self.user.setMaxLength(200)
        self.auth = QComboBox()
        self.auth.setObjectName("connection-auth")
        for key, text in AUTHS:
            self.auth.addItem(text, key)
        self.tn_format = QComboBox()
        self.tn_format.setObjectName("connection-tn-format")
        for key, text in TN_FORMATS:
            self.tn_format.addItem(text, key)
        self.secret = QLineEdit()
        self.secret.setObjectName("connection-secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setMaxLength(4096)
        self.secret.setPlaceholderText("kept in the system keyring only; never shown again")
        self.profiles = QListWidget()
        self.profiles.setObjectName("connection-profiles")
        self.profiles.setFlow(QListWidget.Flow.LeftToRight)  # ticks side by side, wrapped: no scrolling
        self.profiles.setWrapping(True)
        self.profiles.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.profiles.setSpacing(2)
        self.profiles.setMaximumHeight(64)
        for key, text in profiles:
            item = QListWidgetItem(key)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.profiles.addItem(item)
        self.labels: dict[str, QLabel] = {}
        for key, label, editor in (("name", "Name", self.name), ("type", "Provider", self.type),
                                   ("url", "API root URL", self.url), ("account", "Account id", self.account),
                                   ("auth", "Sign-in", self.auth), ("user", "User name", self.user),
                                   ("secret", "Secret", self.secret), ("tn_format", "Numbers written as", self.tn_format),
                                   ("profiles", "Serves profiles", self.profiles)):
            self.labels[key] = QLabel(f"{label}:")
            form.addRow(self.labels[key], editor)
        self.type.currentIndexChanged.connect(lambda _i: self._on_type_changed())
        self.auth.currentIndexChanged.connect(lambda _i: self._relabel())
        self._on_type_changed()

    def provider(self) -> str:
        return str(self.type.currentData())

    def _on_type_changed(self) -> None:
        kind = self.provider()
        self.url.setPlaceholderText(URL_HINTS[kind])
        serves = set(DEFAULT_PROFILES[kind])
        for row in range(self.profiles.count()):
            item = self.profiles.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in serves
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._relabel()

    def _relabel(self) -> None:
        kind = self.provider()
        bandwidth = kind == "bandwidth"
        for key, shown in (("account", kind != "telnyx"), ("user", kind != "telnyx"), ("auth", bandwidth),
                           ("tn_format", bandwidth)):
            self.labels[key].setVisible(shown)
            getattr(self, key).setVisible(shown)
        oauth = self.auth.currentData() == "oauth2"
        self.user.setPlaceholderText("empty when the secret is an API key" if kind == "kazoo" else "")
        user, secret, account = {
            "kazoo": ("User name", "Password or API key", "Account id"),
            "bandwidth": ("OAuth2 client id" if oauth else "API user", "Client secret" if oauth else "Password",
                          "Bandwidth account id"),
            "telnyx": ("", "API key", ""),
        }[kind]
        self.labels["user"].setText(f"{user}:")
        self.labels["secret"].setText(f"{secret}:")
        self.labels["account"].setText(f"{account}:")

    def served_profiles(self) -> tuple[str, ...]:
        return tuple(str(self.profiles.item(row).data(Qt.ItemDataRole.UserRole)) for row in range(self.profiles.count())
                     if self.profiles.item(row).checkState() == Qt.CheckState.Checked)

    def connection(self) -> Connection:
        """The connection the form describes; ConnectionProblem in the form's own words otherwise."""
        kind = self.provider()
        served = self.served_profiles()
        if not served:
            raise ConnectionProblem("tick at least one profile this connection serves")
        try:
            made = new_connection(self.name.text().strip(), kind, self.url.text().strip(),
                                  account=self.account.text().strip() if kind != "telnyx" else None,
                                  user=self.user.text().strip() if kind != "telnyx" else None,
                                  auth=str(self.auth.currentData()) if kind == "bandwidth" else None,
                                  profiles=served)
        except ConnectionProblem as exc:
            raise ConnectionProblem(in_form_words(str(exc))) from None
        if kind == "bandwidth":
            made = replace(made, options={"tn_format": str(self.tn_format.currentData())})
        return made

    def secret_text(self) -> str:
        """The secret as typed; the page clears the field once the keyring holds it."""
        return self.secret.text().strip()

    def clear(self) -> None:
        for line in (self.name, self.url, self.account, self.user, self.secret):
            line.clear()
        self._on_type_changed()
