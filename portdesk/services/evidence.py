"""`judge`, the pure core of the submission judgement, and the `Evidence` it weighs (re-exported by judgement).

Its own module so `portdesk lint` of an order file judges without making the use case's records
(overrides, reports) it never fills: each dataclass costs a cold process ~0.4 ms to create.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from portdesk.domain.findings import Finding
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import Profile
from portdesk.domain.rules import check_order

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:  # measured by the documents room: made only where there are documents
    from portdesk.domain.documents import BillCheck, DocumentFacts
    from portdesk.domain.loa_contents import LoaText


@dataclass(frozen=True)
class Evidence:
    """What the documents room measured for an order: facts per kind, the bill check, the LOA's text."""

    facts: Mapping[str, DocumentFacts] = field(default_factory=dict)
    bill_check: BillCheck | None = None
    loa_text: LoaText | None = None


def judge(order: PortOrder, evidence: Evidence, profile: Profile, today: dt.date) -> list[Finding]:
    """Every finding for `order` under `profile` as of `today`: the one rule book, for every door."""
    return check_order(order, profile, today, documents=evidence.facts, bill_check=evidence.bill_check,
                       loa_text=evidence.loa_text)
