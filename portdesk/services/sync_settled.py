"""Whether an order pulled from a carrier needs landing at all (most of a cycle's orders have not moved).

Landing an order is a transaction of its own; an order whose carrier view is exactly what the last
cycle landed only needs its `last_synced_at`, which the pull then writes for all such orders in one
statement. The conditions mirror `SyncService._apply` (keep them in step): when `settled` is true,
`_apply` would change nothing but `last_synced_at`. The carrier's own `updated_at` is part of the
test, so a carrier that does not send one is always landed in full.
"""

from __future__ import annotations

from collections.abc import Sequence

from portdesk.domain.status import Status
from portdesk.services.gateway import NUMBER_STATUSES, CarrierOrder
from portdesk.services.outbox import Submission


def settled(sub: Submission, local: Status, carrier: Status | None, parts: Sequence[CarrierOrder]) -> bool:
    """True when landing `parts` (merged into `carrier`) on an order now `local` would change nothing."""
    seen = sub.seen
    if "notes_at" not in seen or len(parts) != len(sub.carrier_orders):
        return False
    seen_parts = seen.get("parts", {})
    for p in parts:
        if p.notes or p.updated_at is None:
            return False
        if seen_parts.get(p.id) != {"raw": p.raw_status, "codes": list(p.codes), "updated": p.updated_at.isoformat()}:
            return False
    by_id = {p.id: p for p in parts}
    for c in sub.carrier_orders:
        part = by_id.get(c.id)
        if part is None or c.status != part.raw_status or not c.numbers:
            return False
    if carrier is not None and carrier is not local and local.can_move_to(carrier):
        return False
    focs = [p.foc_date for p in parts if p.foc_date is not None]
    if focs and seen.get("foc") != max(focs).isoformat():
        return False
    numbers = {n.number: n.status for p in parts for n in p.numbers if n.status in NUMBER_STATUSES}
    if numbers and seen.get("numbers") != numbers:
        return False
    if carrier is Status.EXCEPTION:
        keys = [[r.reason, r.code, r.text] for p in parts if p.status is Status.EXCEPTION for r in p.rejections]
        return bool(keys == seen.get("rejections"))
    return not (carrier is not None and sub.rejections)
