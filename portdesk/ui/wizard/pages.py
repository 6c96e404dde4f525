"""The wizard's steps, in order: one page class per step, registered here (Picard's habit)."""

from __future__ import annotations

from portdesk.ui.wizard.account_page import AccountPage
from portdesk.ui.wizard.base import WizardPage, note_label
from portdesk.ui.wizard.bill_page import BillPage
from portdesk.ui.wizard.context import WizardContext
from portdesk.ui.wizard.name_page import NamePage


class _Pending(WizardPage):
    """A step not built yet: says so instead of hiding the step."""

    def __init__(self, ctx: WizardContext, title: str) -> None:
        super().__init__(ctx)
        self.title = title
        note_label(f"{title}: not available in this version yet.", "").setParent(self)


def build_pages(ctx: WizardContext) -> list[WizardPage]:
    return [
        NamePage(ctx),
        BillPage(ctx),
        AccountPage(ctx),
        _Pending(ctx, "Numbers"),
        _Pending(ctx, "LOA"),
        _Pending(ctx, "Date and contacts"),
        _Pending(ctx, "Review"),
    ]
