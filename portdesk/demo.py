"""Demo data: realistic US business port orders in every tab, each with a generated bill PDF.

The demo keeps its own data folder, `demo/` inside the user's data folder, across restarts: it is
seeded once, and again only after "Reset demo data" (or a seeding that did not finish).

Qt-free. The orders walk the statuses a real order would (created, submitted, pending, FOC …) on a
clock set back in time, so the history timeline reads like a real one. Names, addresses and
numbers are invented (555-01xx numbers are reserved for fiction).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.services.ports import NewDocument, QueueStore
from portdesk.services.queue import QueueService

DEMO_FOLDER = "demo"  # inside the data folder (PORTDESK_HOME or the platform's)
DATABASE_FILE = "portdesk.sqlite3"  # settings.default_database_url's name, inside the demo folder
SEEDED_MARKER = "seeded"  # written once every demo order is in: its absence means "seed again"
COORDINATOR = "Maria Lopez"
SYNC = "carrier sync"

_S = Status
# how an order gets to its status, and who moved it each step
PATHS: dict[Status, list[tuple[Status, str]]] = {
    _S.DRAFT: [],
    _S.AWAITING_DOCUMENTS: [(_S.AWAITING_DOCUMENTS, COORDINATOR)],
    _S.EXCEPTION: [(_S.SUBMITTED, COORDINATOR), (_S.PENDING, SYNC), (_S.EXCEPTION, SYNC)],
    _S.QUEUED: [(_S.QUEUED, COORDINATOR)],
    _S.SUBMITTED: [(_S.SUBMITTED, COORDINATOR)],
    _S.PENDING: [(_S.SUBMITTED, COORDINATOR), (_S.PENDING, SYNC)],
    _S.FOC_CONFIRMED: [(_S.SUBMITTED, COORDINATOR), (_S.PENDING, SYNC), (_S.FOC_CONFIRMED, SYNC)],
    _S.SUPP_PENDING: [(_S.SUBMITTED, COORDINATOR), (_S.PENDING, SYNC), (_S.EXCEPTION, SYNC),
                      (_S.SUPP_PENDING, COORDINATOR)],
    _S.CANCEL_PENDING: [(_S.SUBMITTED, COORDINATOR), (_S.PENDING, SYNC), (_S.CANCEL_PENDING, COORDINATOR)],
    _S.COMPLETED: [(_S.SUBMITTED, COORDINATOR), (_S.PENDING, SYNC), (_S.FOC_CONFIRMED, SYNC),
                   (_S.COMPLETED, SYNC)],
    _S.CANCELLED: [(_S.SUBMITTED, COORDINATOR), (_S.CANCELLED, COORDINATOR)],
    _S.REJECTED_FINAL: [(_S.SUBMITTED, COORDINATOR), (_S.PENDING, SYNC), (_S.REJECTED_FINAL, SYNC)],
}
NUMBER_STATUS = {
    _S.FOC_CONFIRMED: "foc", _S.COMPLETED: "ported", _S.CANCELLED: "cancelled", _S.REJECTED_FINAL: "rejected",
    _S.EXCEPTION: "rejected", _S.SUPP_PENDING: "pending", _S.PENDING: "pending", _S.CANCEL_PENDING: "pending",
}


@dataclass(frozen=True)
class DemoOrder:
    name: str
    account_name: str
    account_number: str
    pin: str | None
    contact: str
    address: tuple[str, str | None, str, str, str]  # line1, line2, city, state, ZIP
    npa: str
    first_line: int  # numbers are NPA-555-01xx from here
    count: int
    carrier: str
    profile: str
    status: Status
    days_ago: int
    note: str | None = None  # the carrier's reason, or the coordinator's comment
    kind: str = "local"


ORDERS: tuple[DemoOrder, ...] = (
    DemoOrder("Brightline Dental - Aurora", "Brightline Dental Group, P.C.", "303-841-2290-557", "8841", "Dr. Anita Shah",
              ("15151 E Alameda Pkwy", "Suite 120", "Aurora", "CO", "80012"), "303", 100, 4, "Lumen", "kazoo",
              _S.DRAFT, 1),
    DemoOrder("Hartwell & Pike LLP - Chicago", "Hartwell & Pike LLP", "831-555-0192-001", "2207", "Thomas Hartwell",
              ("233 S Wacker Dr", "Floor 44", "Chicago", "IL", "60606"), "312", 110, 12, "AT&T", "bandwidth",
              _S.AWAITING_DOCUMENTS, 3, "Waiting on the signed LOA from Thomas; bill copy is in."),
    DemoOrder("Cedar Ridge Veterinary Clinic", "Cedar Ridge Animal Hospital Inc", "0412338810", "551903", "Kelly Moore",
              ("4420 Cedar Ridge Rd", None, "Richmond", "VA", "23234"), "804", 120, 3, "Verizon", "kazoo",
              _S.EXCEPTION, 9, "Losing carrier rejected: account name does not match the CSR (8G)."),
    DemoOrder("Mesa Verde Property Management", "Mesa Verde Property Mgmt LLC", "1187-2209-44", None, "Luis Ortega",
              ("2700 N Central Ave", "Suite 900", "Phoenix", "AZ", "85004"), "602", 130, 6, "Frontier", "telnyx",
              _S.DRAFT, 0),
    DemoOrder("Northgate Auto Body", "Northgate Auto Body & Paint", "8352 10 012 0457811", "7731", "Dave Kowalski",
              ("9801 Northgate Blvd", None, "Sacramento", "CA", "95834"), "916", 140, 2, "Spectrum", "kazoo",
              _S.EXCEPTION, 6, "Service address mismatch: carrier has 9801 Northgate Boulevard, Bldg B."),
    DemoOrder("Summit Physical Therapy - Boulder", "Summit Physical Therapy LLC", "8497 30 156 0021934", "4410",
              "Rachel Kim", ("1345 Pearl St", "Unit 2", "Boulder", "CO", "80302"), "720", 150, 5,
              "Comcast Business", "bandwidth", _S.QUEUED, 0, "Submitted while the VPN was down; goes out on reconnect."),
    DemoOrder("Lakeshore Family Pharmacy", "Lakeshore Family Pharmacy Inc.", "414-555-0160-779", "0316", "Nadia Haddad",
              ("2401 N Lake Dr", None, "Milwaukee", "WI", "53211"), "414", 160, 3, "AT&T", "kazoo", _S.SUBMITTED, 2),
    DemoOrder("Riverside Title & Escrow", "Riverside Title and Escrow Co", "0098217734", "882910", "Greg Alvarez",
              ("3750 University Ave", "Suite 250", "Riverside", "CA", "92501"), "951", 170, 8, "Verizon",
              "telnyx", _S.PENDING, 5),
    DemoOrder("Blue Heron Coffee Roasters", "Blue Heron Coffee Roasters LLC", "5012-8830-17", "1998", "Sam Whitaker",
              ("1120 NW Couch St", None, "Portland", "OR", "97209"), "503", 180, 2, "Lumen", "kazoo",
              _S.FOC_CONFIRMED, 8, "Customer asked for a morning cut-over; FOC 9:00 Pacific confirmed."),
    DemoOrder("Oakmont Insurance Agency", "Oakmont Insurance Agency, Inc.", "8260 17 004 1188230", "6624",
              "Patricia Nguyen", ("500 Grant St", "Suite 2900", "Pittsburgh", "PA", "15219"), "412", 185, 10,
              "Spectrum", "bandwidth", _S.FOC_CONFIRMED, 11),
    DemoOrder("Granite State Plumbing & Heating", "Granite State Plumbing & Heating Co", "603-555-0190-442", "3309",
              "Mike Doyle", ("77 Pleasant St", None, "Concord", "NH", "03301"), "603", 190, 3, "Frontier", "kazoo",
              _S.SUPP_PENDING, 12, "Supplement sent with the corrected BTN (603) 555-0190."),
    DemoOrder("Pinecrest Montessori School", "Pinecrest Montessori School", "8778 10 220 0031190", "5150",
              "Helen Brooks", ("6400 Pinecrest Rd", None, "Raleigh", "NC", "27613"), "919", 105, 4,
              "Comcast Business", "telnyx", _S.CANCEL_PENDING, 7, "School board postponed the move; cancelling."),
    DemoOrder("Harbor Point Marina", "Harbor Point Marina & Yacht Club", "2281994005", "4477", "Captain Joe Russo",
              ("1 Harbor Point Rd", None, "Stamford", "CT", "06902"), "203", 115, 2, "Frontier", "kazoo",
              _S.PENDING, 4),
    DemoOrder("Copperleaf Accounting Group", "Copperleaf Accounting Group PLLC", "7721-0045-93", "2020", "Linda Park",
              ("1801 California St", "Suite 2400", "Denver", "CO", "80202"), "303", 125, 6, "Lumen", "kazoo",
              _S.COMPLETED, 21, "All six numbers ringing on the new system; customer confirmed."),
    DemoOrder("Silver Creek Chiropractic", "Silver Creek Chiropractic Center", "972-555-0135-310", "1357",
              "Dr. Brian Cole", ("5830 Granite Pkwy", "Suite 100", "Plano", "TX", "75024"), "972", 135, 2, "AT&T",
              "bandwidth", _S.COMPLETED, 18),
    DemoOrder("Westfield Print & Sign", "Westfield Print & Sign Inc", "0331187765", "9012", "Omar Farouk",
              ("120 Elm St", None, "Westfield", "NJ", "07090"), "908", 145, 3, "Verizon", "kazoo", _S.CANCELLED, 15,
              "Customer is staying with Verizon after a retention offer."),
    DemoOrder("Evergreen Senior Living - Tacoma", "Evergreen Senior Living Tacoma LLC", "253-555-0155-210", "6060",
              "Grace Lindholm", ("3210 S 23rd St", None, "Tacoma", "WA", "98405"), "253", 155, 9, "Frontier",
              "telnyx", _S.REJECTED_FINAL, 25, "Numbers are on a Centrex group the losing carrier will not release."),
    DemoOrder("Sunrise Travel toll-free", "Sunrise Travel Partners Inc", "TF-884102", "7788", "Dana Sutton",
              ("400 N Michigan Ave", "Suite 1100", "Chicago", "IL", "60611"), "800", 165, 2, "Verizon", "kazoo",
              _S.COMPLETED, 30, kind="toll_free"),
)


def _business_day(day: dt.date, forward: int) -> dt.date:
    step = 1 if forward >= 0 else -1
    left = abs(forward)
    while left:
        day += dt.timedelta(days=step)
        if day.weekday() < 5:
            left -= 1
    return day


def _numbers(spec: DemoOrder) -> list[str]:
    return [f"+1{spec.npa}555{spec.first_line + i:04d}" for i in range(spec.count)]


def _fmt(e164: str) -> str:
    return f"({e164[2:5]}) {e164[5:8]}-{e164[8:]}"


def build_order(spec: DemoOrder, today: dt.date) -> PortOrder:
    line1, line2, city, state, zip_code = spec.address
    numbers = _numbers(spec)
    requested = _business_day(today, 8 - min(spec.days_ago, 6))
    return PortOrder.from_dict({
        "format": "portdesk.order/1", "name": spec.name, "kind": spec.kind, "profile": spec.profile,
        "losing_carrier": spec.carrier,
        "account": {"name": spec.account_name, "number": spec.account_number, "pin": spec.pin,
                    "btn": numbers[0], "authorized_user": spec.contact,
                    "service_address": {"line1": line1, "line2": line2, "city": city, "state": state,
                                        "postal_code": zip_code, "country": "US"}},
        "port_type": "full" if spec.count > 2 else "partial",
        "new_btn": None if spec.count > 2 else f"+1{spec.npa}555{spec.first_line + spec.count:04d}",
        "numbers": numbers, "requested_date": requested.isoformat(), "requested_time": "09:00",
        "contacts": [{"name": spec.contact, "email": f"{spec.contact.split()[-1].lower()}@example.com",
                      "phone": numbers[0]}],
        "documents": {"bill": {"path": "bill.pdf", "date": (today - dt.timedelta(days=spec.days_ago + 12)).isoformat()}},
    })


def build_bill(spec: DemoOrder, today: dt.date, layout: str) -> bytes:
    from portdesk.documents.sample_bill import BillContents, build_bill_pdf  # reportlab: demo only

    line1, line2, city, state, zip_code = spec.address
    statement = today - dt.timedelta(days=spec.days_ago + 12)
    bill = BillContents(
        carrier=spec.carrier, account_name=spec.account_name, account_number=spec.account_number,
        btn=_fmt(_numbers(spec)[0]), authorized_user=spec.contact, line1=line1, line2=line2, city=city,
        state=state, postal_code=zip_code, statement_date=statement,
        due_date=statement + dt.timedelta(days=25),
        service_period=(statement - dt.timedelta(days=33), statement - dt.timedelta(days=3)),
        previous_statement_date=statement - dt.timedelta(days=30),
        numbers=[_fmt(n) for n in _numbers(spec)],
    )
    return build_bill_pdf(bill, layout)


class _DemoClock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def seed_demo(store: QueueStore, now: dt.datetime | None = None) -> list[int]:
    """Create the demo orders, their bills, history and comments; returns the new ids."""
    now = now or dt.datetime.now(dt.UTC)
    today = now.date()
    clock = _DemoClock(now)
    queue = QueueService(store, clock=clock)
    layouts = ("labels", "window", "multipage")
    ids = []
    for i, spec in enumerate(ORDERS):
        start = now - dt.timedelta(days=spec.days_ago, hours=3 + i % 5, minutes=7 * i)
        clock.now = start
        bill = NewDocument("bill", f"{spec.carrier.split()[0].lower()}-bill.pdf",
                           build_bill(spec, today, layouts[i % len(layouts)]))
        [order_id] = queue.create_orders([build_order(spec, today)], COORDINATOR, documents={0: [bill]})
        ids.append(order_id)
        steps = PATHS[spec.status]
        gap = (now - start) / (len(steps) + 1)
        for step, (status, author) in enumerate(steps, start=1):
            clock.now = start + gap * step
            note = spec.note if status in (_S.EXCEPTION, _S.REJECTED_FINAL) and author == SYNC else None
            queue.change_status(order_id, status, author, note)
            if status is _S.FOC_CONFIRMED:
                foc = _business_day(today, 3) if spec.status is _S.FOC_CONFIRMED else _business_day(today, -2)
                queue.set_foc_date(order_id, foc, SYNC)
        if spec.status in NUMBER_STATUS:
            clock.now = start + gap * max(len(steps), 1)
            queue.set_number_statuses(order_id, dict.fromkeys(_numbers(spec), NUMBER_STATUS[spec.status]), SYNC)
        if spec.note and spec.status not in (_S.EXCEPTION, _S.REJECTED_FINAL):
            clock.now = now - dt.timedelta(minutes=30 + i)
            queue.add_comment(order_id, spec.note, COORDINATOR)
    return ids


def needs_seeding(home: Path) -> bool:
    """True when the demo in `home` must be seeded: first run, after a reset, or after a seeding that
    was cut short. Then its old database is removed here, so the seeding starts on an empty queue."""
    if (home / SEEDED_MARKER).is_file():
        return False
    for suffix in ("", "-wal", "-shm", "-journal"):
        (home / f"{DATABASE_FILE}{suffix}").unlink(missing_ok=True)
    return True


def mark_seeded(home: Path) -> None:
    fd = os.open(home / SEEDED_MARKER, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)


def forget_seeding(home: Path) -> None:
    """Reset demo data: the next start of the demo seeds it afresh."""
    (home / SEEDED_MARKER).unlink(missing_ok=True)
