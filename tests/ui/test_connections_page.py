"""The Connections page of Settings: add, test and remove carrier connections against the in-process
sandbox on 127.0.0.1, the secret only in a keyrings.alt file backend under the test's tmp folder."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from portdesk.credentials.lazy_secrets import LazyKeyringSecrets
from portdesk.services.connections import ConnectionsService
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.jobs import JobRunner
from portdesk.ui.settings.connections_page import NO_KEYRING_TITLE, ConnectionsPage
from portdesk.ui.settings.dialog import SettingsDialog
from tests.ui.sync_support import (  # noqa: F401 - fixtures
    RunningSandbox,
    connections,
    file_keyring,
    make_context,
    sandbox,
)


def _page(qtbot, portdesk_home: Path, connections: ConnectionsService, runner: JobRunner,  # noqa: F811
          changed: list[str] | None = None) -> ConnectionsPage:
    dialog = SettingsDialog(make_context(portdesk_home, connections, runner, changed))
    qtbot.addWidget(dialog)
    dialog.show_page("Connections")
    page = dialog.page("Connections")
    assert isinstance(page, ConnectionsPage)
    page.dialog_kept = dialog  # type: ignore[attr-defined]  # the dialog lives as long as the test holds the page
    page.messages = []  # type: ignore[attr-defined]
    page.show_message = lambda title, text: page.messages.append((title, text))  # type: ignore[attr-defined,method-assign]
    page.confirm = lambda title, text: True  # type: ignore[method-assign]
    return page


def _fill(page: ConnectionsPage, name: str, provider: str, url: str, secret: str, **fields: str) -> None:
    page.new_button.click()
    form = page.connection_form
    assert form.isVisibleTo(page) and not page.new_button.isEnabled()
    form.type.setCurrentIndex(form.type.findData(provider))
    form.name.setText(name)
    form.url.setText(url)
    form.secret.setText(secret)
    for key, value in fields.items():
        getattr(form, key).setText(value)


def test_a_telnyx_connection_is_added_tested_and_removed_with_its_secret_only_in_the_keyring(
        qtbot, portdesk_home, connections, runner, sandbox: RunningSandbox, file_keyring: Path,  # noqa: F811
        store: SqlQueueStore) -> None:
    changed: list[str] = []
    page = _page(qtbot, portdesk_home, connections, runner, changed)
    assert page.table.rowCount() == 0 and "No connection yet" in page.answer.text()
    _fill(page, "telnyx-main", "telnyx", sandbox.url("telnyx"), "sandbox")
    assert page.connection_form.secret.echoMode() == page.connection_form.secret.EchoMode.Password
    assert not page.connection_form.account.isVisibleTo(page) and not page.connection_form.auth.isVisibleTo(page)
    assert page.connection_form.served_profiles() == ("telnyx",)

    page.add_button.click()
    assert page.table.rowCount() == 1 and page.table.item(0, 0).text() == "telnyx-main"
    assert page.table.item(0, 1).text() == "Telnyx" and page.table.item(0, 2).text() == "telnyx"
    assert page.connection_form.secret.text() == "" and page.connection_form.name.text() == ""  # never shown again
    assert not page.connection_form.isVisibleTo(page) and page.new_button.isEnabled()
    assert changed == ["changed"]  # the sync controller hears of it
    assert file_keyring.is_file() and connections.secret("telnyx-main") == "sandbox"  # in the keyring…
    with store.engine.connect() as db:  # …and nowhere in the database
        dumped = "\n".join(str(row) for table in ("connections",)
                           for row in db.execute(sa.text(f"SELECT * FROM {table}")))
    assert "telnyx-main" in dumped and "'sandbox'" not in dumped

    assert page.selected() is not None and page.test_button.isEnabled()
    page.test_button.click()
    assert page.answer.text() == "✓ telnyx-main: Telnyx accepted the API key."

    page.remove_button.click()
    assert page.table.rowCount() == 0 and "removed, and its secret with it" in page.answer.text()
    assert "telnyx_2dmain" not in file_keyring.read_text()  # the file backend's spelling of the name
    assert LazyKeyringSecrets().get("telnyx-main") is None
    assert connections.connections() == [] and changed == ["changed", "changed"]


def test_a_wrong_key_is_refused_in_the_providers_words_and_a_dead_sandbox_is_unreachable(
        qtbot, portdesk_home, connections, runner, sandbox: RunningSandbox, file_keyring: Path) -> None:  # noqa: F811
    page = _page(qtbot, portdesk_home, connections, runner)
    _fill(page, "kazoo-main", "kazoo", sandbox.url("kazoo"), "not-the-key")
    page.add_button.click()
    page.select("kazoo-main")
    page.test_button.click()
    said = page.answer.text()
    assert said.startswith("✗ kazoo-main: the provider refused the credentials — ") and "KAZOO" in said
    assert "not-the-key" not in said

    sandbox.stop()  # the sandbox process dies
    page.test_button.click()
    said = page.answer.text()
    assert said.startswith("✗ kazoo-main: the provider could not be reached — "), said
    assert page.test_button.isEnabled()  # and it can be tried again


def test_bandwidth_asks_for_its_own_fields_and_the_problems_are_said_in_the_forms_words(
        qtbot, portdesk_home, connections, runner, sandbox: RunningSandbox, file_keyring: Path) -> None:  # noqa: F811
    page = _page(qtbot, portdesk_home, connections, runner)
    _fill(page, "bw", "bandwidth", sandbox.url("bandwidth"), "sandbox")
    form = page.connection_form
    assert form.account.isVisibleTo(page) and form.auth.isVisibleTo(page) and form.tn_format.isVisibleTo(page)
    assert form.labels["user"].text() == "OAuth2 client id:" and form.labels["secret"].text() == "Client secret:"
    page.add_button.click()
    assert page.form_problem.text() == "a Bandwidth connection needs Account id (the Bandwidth account id)"
    assert form.secret.text() == "sandbox" and form.name.text() == "bw"  # nothing typed is lost
    form.account.setText("9900001")
    form.user.setText("sandbox")
    form.tn_format.setCurrentIndex(form.tn_format.findData("e164"))
    form.auth.setCurrentIndex(form.auth.findData("basic"))
    assert form.labels["user"].text() == "API user:" and form.labels["secret"].text() == "Password:"
    page.add_button.click()
    assert page.form_problem.text() == ""
    (stored,) = connections.connections()
    assert (stored.type, stored.account, stored.user, stored.auth) == ("bandwidth", "9900001", "sandbox", "basic")
    assert stored.options == {"tn_format": "e164"}
    page.select("bw")
    page.test_button.click()
    assert page.answer.text() == "✓ bw: Bandwidth accepted the credentials for account 9900001."


def test_with_no_keyring_backend_a_dialog_says_so_and_nothing_is_added(
        qtbot, portdesk_home, connections, runner, sandbox: RunningSandbox,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    page = _page(qtbot, portdesk_home, connections, runner)
    _fill(page, "tx", "telnyx", sandbox.url("telnyx"), "sandbox")
    page.add_button.click()
    ((title, text),) = page.messages  # type: ignore[attr-defined]
    assert title == NO_KEYRING_TITLE
    assert "no usable keyring backend" in text and "PYTHON_KEYRING_BACKEND" in text
    assert connections.connections() == [] and page.table.rowCount() == 0
    assert page.connection_form.name.text() == "tx"  # what was typed stays, to add it once a keyring is set up


def test_without_connections_wired_the_page_says_so_and_offers_nothing(qtbot, portdesk_home) -> None:
    page = _page(qtbot, portdesk_home, None, None)  # type: ignore[arg-type]
    assert page.answer.text() == "Connections cannot be changed from this window."
    assert not page.add_button.isEnabled() and not page.connection_form.isEnabled()
