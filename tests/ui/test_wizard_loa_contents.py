"""The LOA the wizard writes keeps the customer's full legal name (the 25-character cut is only for the
provider's form), states the requested port date, and prints the signer's title."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from portdesk.documents.loa_text import read_loa_text
from tests.ui.wizard_drive import POPUP_NOTES, fill_name_and_bill, open_new_port, type_into
from tests.ui.wizard_support import make_adapters

FULL = "Foothills Family Dentistry"  # 26 characters: one over 2600Hz's limit


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_the_signed_loa_keeps_the_full_name_states_the_date_and_the_signer_title(
        qtbot: QtBot, tmp_path: Path) -> None:
    wizard = open_new_port(qtbot, make_adapters(f"sqlite:///{tmp_path / 'loa.sqlite3'}"))
    fill_name_and_bill(wizard, tmp_path)
    wizard.go_to(2)
    account = wizard.page(2)
    type_into(account.account_name, FULL)  # type: ignore[attr-defined]
    type_into(account.authorized, "Anita Shah")  # type: ignore[attr-defined]
    account.truncate_button.click()  # type: ignore[attr-defined]
    order = wizard.ctx.order
    assert order.account.name == FULL[:25]
    order.numbers = ["+13035550101"]

    wizard.go_to(4)  # the LOA step comes before the date step
    loa = wizard.page(4)
    type_into(loa.signer_title, "Office manager")  # type: ignore[attr-defined]
    loa.type_radio.click()  # type: ignore[attr-defined]
    loa.sign_button.click()  # type: ignore[attr-defined]
    assert order.documents["loa"].signed_by == "Anita Shah"

    text = " ".join(" ".join(read_loa_text(loa.signed).pages).split())  # type: ignore[attr-defined]
    assert f"Customer (account name) {FULL}" in text
    assert "(not entered)" not in text.split("Requested port date", 1)[1][:40]
    assert order.requested_date and f"Requested port date {order.requested_date}" in text
    assert "Office manager" in text
    wizard.go_to(5)
    assert wizard.ctx.order.requested_date == order.requested_date  # the date step shows the LOA's date
    assert not [f for f in wizard.ctx.findings() if f.field.startswith("documents.loa")]
