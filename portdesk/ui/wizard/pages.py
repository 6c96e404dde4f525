"""The wizard's steps, in order: one page class per step, registered here (Picard's habit)."""

from __future__ import annotations

from portdesk.ui.wizard.account_page import AccountPage
from portdesk.ui.wizard.base import WizardPage
from portdesk.ui.wizard.bill_page import BillPage
from portdesk.ui.wizard.context import WizardContext
from portdesk.ui.wizard.loa_page import LoaPage
from portdesk.ui.wizard.name_page import NamePage
from portdesk.ui.wizard.numbers_page import NumbersPage
from portdesk.ui.wizard.review_page import ReviewPage
from portdesk.ui.wizard.schedule_page import SchedulePage


def build_pages(ctx: WizardContext) -> list[WizardPage]:
    return [
        NamePage(ctx),
        BillPage(ctx),
        AccountPage(ctx),
        NumbersPage(ctx),
        LoaPage(ctx),
        SchedulePage(ctx),
        ReviewPage(ctx),
    ]
