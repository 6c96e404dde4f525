"""The order as the LOA states it, which is not always the order as the provider's form takes it.

A provider's account-name limit (25 characters at 2600Hz) is about the field of its form: the LOA is the
customer's authorisation, so it carries the full legal name kept when the name was shortened. And the LOA
states the requested port date, so the date is settled before the LOA is written: the date step's
default (the earliest good date) when none was picked yet.
"""

from __future__ import annotations

import copy

from portdesk.domain.order import PortOrder
from portdesk.ui.wizard.context import WizardContext
from portdesk.ui.wizard.port_calendar import earliest_port_date


def full_account_name(ctx: WizardContext) -> str | None:
    """The full legal name kept by "Keep the first N characters", while the field still holds its start."""
    full = ctx.state.get("full_account_name")
    name = ctx.order.account.name or ""
    if isinstance(full, str) and full.strip() and name and full.startswith(name):
        return full
    return None


def loa_order(ctx: WizardContext) -> PortOrder:
    """A copy of the order with what the LOA must say in place of what the provider's form takes."""
    order = copy.deepcopy(ctx.order)
    full = full_account_name(ctx)
    if full is not None:
        order.account.name = full
    return order


def ensure_port_date(ctx: WizardContext) -> bool:
    """Give the order the date step's default date when it has none; True when it was set."""
    if ctx.order.requested_date:
        return False
    ctx.order.requested_date = earliest_port_date(ctx.today, ctx.profile.lead_time_business_days).isoformat()
    return True
