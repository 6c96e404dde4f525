"""The suite's guard against modal dialogs (tests/ui/conftest.py): a static QMessageBox, such as the
start-up error shown before any window exists, fails the test with its text instead of hanging it."""

from __future__ import annotations

import pytest

from portdesk.app import gui


def test_a_start_up_error_dialog_in_a_test_fails_it_with_the_message_instead_of_hanging() -> None:
    with pytest.raises(AssertionError, match="cannot open the database"):
        gui.show_startup_error("PortDesk cannot open its database", "demo.sqlite3: cannot open the database")
