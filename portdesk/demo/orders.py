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
from typing import Protocol

from portdesk.domain.calendar import add_business_days, is_business_day
from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.sandbox.world import Account, bundled_world
from portdesk.services.ports import NewDocument, QueueStore
from portdesk.services.queue import QueueService

DEMO_FOLDER = "demo"  # inside the data folder (PORTDESK_HOME or the platform's)
DATABASE_FILE = "portdesk.sqlite3"  # settings.default_database_url's name, inside the demo folder
SANDBOX_STATE = "sandbox-state.bin"  # the demo sandbox's ports, kept between runs (demo_sandbox.py)
SEEDED_MARKER = "seeded"  # written once every demo order is in: its absence means "seed again"
COORDINATOR = "Maria Lopez"

_S = Status
H = 1.0  # the script's unit: hours before the demo starts
D = 24.0


@dataclass(frozen=True, eq=False)
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
    note: str | None = None  # the coordinator's comment (the carrier's words come from the sandbox)
    kind: str = "local"
    # Its life at the sandbox, in hours before the demo starts: ("submit" | "supplement" | "cancel" |
    # "close", hours); "queue" is queued last and sent by the app's first sync. None: never sent.
    life: tuple[tuple[str, float], ...] = ()
    foc_in: float | None = None  # the FOC asked for, hours after the demo starts (None: the earliest)
    mistake: tuple[tuple[str, str], ...] = ()  # account fields typed wrong at first (a supplement fixes them)


ORDERS: tuple[DemoOrder, ...] = (
    DemoOrder("Brightline Dental - Aurora", "Brightline Dental Group, P.C.", "303-841-2290-557", "8841", "Dr. Anita Shah",
              ("15151 E Alameda Pkwy", "Suite 120", "Aurora", "CO", "80012"), "303", 100, 4, "Lumen", "kazoo",
              _S.DRAFT, 1, mistake=(("number", "303-841-2209-557"),)),  # digits swapped: red beside the bill
    DemoOrder("Hartwell & Pike LLP - Chicago", "Hartwell & Pike LLP", "831-555-0192-001", "2207", "Thomas Hartwell",
              ("233 S Wacker Dr", "Floor 44", "Chicago", "IL", "60606"), "312", 110, 12, "AT&T", "bandwidth",
              _S.AWAITING_DOCUMENTS, 3, "Waiting on the signed LOA from Thomas; bill copy is in."),
    DemoOrder("Cedar Ridge Veterinary Clinic", "Cedar Ridge Animal Hospital Inc", "0412338810", "551903", "Kelly Moore",
              ("4420 Cedar Ridge Rd", None, "Richmond", "VA", "23234"), "804", 120, 3, "Verizon", "kazoo",
              _S.SUBMITTED, 9, life=(("submit", 5 / 60),)),  # the name on the bill is not the one typed: rejected live
    DemoOrder("Mesa Verde Property Management", "Mesa Verde Property Mgmt LLC", "1187-2209-44", None, "Luis Ortega",
              ("2700 N Central Ave", "Suite 900", "Phoenix", "AZ", "85004"), "602", 130, 6, "Frontier", "telnyx",
              _S.DRAFT, 0),
    DemoOrder("Northgate Auto Body", "Northgate Auto Body & Paint", "8352 10 012 0457811", "7731", "Dave Kowalski",
              ("9801 Northgate Blvd", None, "Sacramento", "CA", "95834"), "916", 140, 2, "Spectrum", "kazoo",
              _S.EXCEPTION, 6, life=(("submit", 6 * D),)),
    DemoOrder("Summit Physical Therapy - Boulder", "Summit Physical Therapy LLC", "8497 30 156 0021934", "4410",
              "Rachel Kim", ("1345 Pearl St", "Unit 2", "Boulder", "CO", "80302"), "720", 150, 5,
              "Comcast Business", "bandwidth", _S.QUEUED, 0, "Submitted while the VPN was down; goes out on reconnect.",
              life=(("queue", 0),)),
    DemoOrder("Lakeshore Family Pharmacy", "Lakeshore Family Pharmacy Inc.", "414-555-0160-779", "0316", "Nadia Haddad",
              ("2401 N Lake Dr", None, "Milwaukee", "WI", "53211"), "414", 160, 3, "AT&T", "kazoo", _S.SUBMITTED, 2,
              life=(("submit", 0.5 * H),)),
    DemoOrder("Riverside Title & Escrow", "Riverside Title and Escrow Co", "0098217734", "882910", "Greg Alvarez",
              ("3750 University Ave", "Suite 250", "Riverside", "CA", "92501"), "951", 170, 8, "Verizon",
              "telnyx", _S.PENDING, 5, life=(("submit", 2 * H),), foc_in=6 * D),
    DemoOrder("Blue Heron Coffee Roasters", "Blue Heron Coffee Roasters LLC", "5012-8830-17", "1998", "Sam Whitaker",
              ("1120 NW Couch St", None, "Portland", "OR", "97209"), "503", 180, 3, "Lumen", "kazoo",
              _S.FOC_CONFIRMED, 8, "Customer asked for a morning cut-over; FOC 9:00 Pacific confirmed.",
              life=(("submit", 8 * D),), foc_in=4 * D),
    DemoOrder("Oakmont Insurance Agency", "Oakmont Insurance Agency, Inc.", "8260 17 004 1188230", "6624",
              "Patricia Nguyen", ("500 Grant St", "Suite 2900", "Pittsburgh", "PA", "15219"), "412", 185, 10,
              "Spectrum", "bandwidth", _S.FOC_CONFIRMED, 11,
              life=(("submit", 11 * D),), foc_in=8 * H),  # near its FOC: ports in the demo's first minutes
    DemoOrder("Granite State Plumbing & Heating", "Granite State Plumbing & Heating Co", "603-555-0190-442", "3309",
              "Mike Doyle", ("77 Pleasant St", None, "Concord", "NH", "03301"), "603", 190, 3, "Frontier", "bandwidth",
              _S.SUPP_PENDING, 12, "Supplement sent with the corrected BTN (603) 555-0190.",
              life=(("submit", 12 * D), ("supplement", 0.5 * H)), foc_in=5 * D, mistake=(("btn", "+16035550199"),)),
    DemoOrder("Pinecrest Montessori School", "Pinecrest Montessori School", "8778 10 220 0031190", "5150",
              "Helen Brooks", ("6400 Pinecrest Rd", None, "Raleigh", "NC", "27613"), "919", 105, 4,
              "Comcast Business", "telnyx", _S.CANCEL_PENDING, 7, "School board postponed the move; cancelling.",
              life=(("submit", 7 * D), ("cancel", 0.3 * H)), foc_in=6 * D),
    DemoOrder("Harbor Point Marina", "Harbor Point Marina & Yacht Club", "2281994005", "4477", "Captain Joe Russo",
              ("1 Harbor Point Rd", None, "Stamford", "CT", "06902"), "203", 115, 3, "Frontier", "telnyx",
              _S.PENDING, 4, life=(("submit", 4 * H),), foc_in=5 * D),
    DemoOrder("Copperleaf Accounting Group", "Copperleaf Accounting Group PLLC", "7721-0045-93", "2020", "Linda Park",
              ("1801 California St", "Suite 2400", "Denver", "CO", "80202"), "303", 125, 6, "Lumen", "kazoo",
              _S.COMPLETED, 21, "All six numbers ringing on the new system; customer confirmed.",
              life=(("submit", 21 * D),)),
    DemoOrder("Silver Creek Chiropractic", "Silver Creek Chiropractic Center", "972-555-0135-310", "1357",
              "Dr. Brian Cole", ("5830 Granite Pkwy", "Suite 100", "Plano", "TX", "75024"), "972", 135, 2, "AT&T",
              "bandwidth", _S.COMPLETED, 18, life=(("submit", 18 * D),)),
    DemoOrder("Westfield Print & Sign", "Westfield Print & Sign Inc", "0331187765", "9012", "Omar Farouk",
              ("120 Elm St", None, "Westfield", "NJ", "07090"), "908", 145, 3, "Verizon", "telnyx", _S.CANCELLED, 15,
              "Customer is staying with Verizon after a retention offer.", life=(("submit", 15 * D), ("cancel", 15 * D - 0.5 * H))),
    DemoOrder("Evergreen Senior Living - Tacoma", "Evergreen Senior Living Tacoma LLC", "253-555-0155-210", "6060",
              "Grace Lindholm", ("3210 S 23rd St", None, "Tacoma", "WA", "98405"), "253", 155, 9, "Frontier",
              "telnyx", _S.REJECTED_FINAL, 25, "Numbers are on a Centrex group the losing carrier will not release.",
              life=(("submit", 25 * D), ("close", 20 * D))),
    DemoOrder("Sunrise Travel toll-free", "Sunrise Travel Partners Inc", "TF-884102", "7788", "Dana Sutton",
              ("400 N Michigan Ave", "Suite 1100", "Chicago", "IL", "60611"), "800", 165, 3, "Verizon", "kazoo",
              _S.COMPLETED, 30, kind="toll_free", life=(("submit", 30 * D),)),
)


def _numbers(spec: DemoOrder) -> list[str]:
    return [f"+1{spec.npa}555{spec.first_line + i:04d}" for i in range(spec.count)]


def _fmt(e164: str) -> str:
    return f"({e164[2:5]}) {e164[5:8]}-{e164[8:]}"


def submitted_hours(spec: DemoOrder) -> float | None:
    """When the order first went to its carrier, hours before the demo starts (None: never)."""
    return next((hours for action, hours in spec.life if action in ("submit", "queue")), None)


def requested_moment(spec: DemoOrder, start: dt.datetime) -> dt.datetime:
    """The FOC the order asks for (UTC): `foc_in` after the start, moved onto a business day, or else a
    week after it was first sent (so the losing carrier's interval is met and it completes in the past)."""
    if spec.foc_in is not None:
        moment = start + dt.timedelta(hours=spec.foc_in)
        if not is_business_day(moment.date()):
            day = moment.date()
            while not is_business_day(day):
                day += dt.timedelta(days=1)
            moment = dt.datetime.combine(day, dt.time(0, 30), tzinfo=dt.UTC)  # first thing that day
        return moment
    sent = start - dt.timedelta(hours=submitted_hours(spec) or 0)
    day = add_business_days(sent.date(), 7)
    return dt.datetime.combine(day, dt.time(15, 0), tzinfo=dt.UTC)


def build_order(spec: DemoOrder, start: dt.datetime | dt.date, *, fixed: bool = False) -> PortOrder:
    """The order as the coordinator typed it (with its `mistake`s, unless `fixed`); `start` is when the
    demo starts (a date means its noon, UTC)."""
    if not isinstance(start, dt.datetime):
        start = dt.datetime.combine(start, dt.time(12), dt.UTC)
    line1, line2, city, state, zip_code = spec.address
    numbers = _numbers(spec)
    requested = requested_moment(spec, start)
    created = start - dt.timedelta(days=spec.days_ago)
    account: dict[str, object] = {
        "name": spec.account_name, "number": spec.account_number, "pin": spec.pin, "btn": numbers[0],
        "authorized_user": spec.contact,
        "service_address": {"line1": line1, "line2": line2, "city": city, "state": state, "postal_code": zip_code,
                            "country": "US"}}
    if not fixed:
        account.update(dict(spec.mistake))
    return PortOrder.from_dict({
        "format": "portdesk.order/1", "name": spec.name, "kind": spec.kind, "profile": spec.profile,
        "losing_carrier": spec.carrier, "account": account,
        "port_type": "full" if spec.count > 2 else "partial",
        "new_btn": None if spec.count > 2 else f"+1{spec.npa}555{spec.first_line + spec.count:04d}",
        "numbers": numbers, "requested_date": requested.date().isoformat(),
        "requested_time": requested.strftime("%H:%M"), "requested_timezone": "UTC",
        "contacts": [{"name": spec.contact, "email": f"{spec.contact.split()[-1].lower()}@example.com",
                      "phone": numbers[0]}],
        "documents": {"bill": {"path": "bill.pdf", "date": (created - dt.timedelta(days=12)).date().isoformat()}},
    })


def world_account(spec: DemoOrder) -> Account:
    """The losing carrier's record of the order's numbers in the bundled world (what its bill shows)."""
    found = bundled_world().account_of(_numbers(spec)[0])
    if found is None:
        raise LookupError(f"the sandbox's bundled world has no account for {spec.name!r}")
    return found


def build_bill(spec: DemoOrder, start: dt.datetime, layout: str) -> bytes:
    """The bill, drawn from the losing carrier's record: where the order was typed differently, the
    viewer shows the field amber or red, and the sandbox judges the order the same way."""
    from portdesk.demo.bill_story import BillContents, build_bill_pdf  # PDF drawing: at seeding only

    account = world_account(spec)
    address = account.address
    statement = (start - dt.timedelta(days=spec.days_ago + 12)).date()
    bill = BillContents(
        carrier=account.losing_carrier, account_name=account.name, account_number=account.number or "",
        btn=_fmt(account.btn or account.numbers[0]), authorized_user=account.authorized_user,
        line1=address.line1, line2=address.line2, city=address.city, state=address.state,
        postal_code=address.postal_code, statement_date=statement, due_date=statement + dt.timedelta(days=25),
        service_period=(statement - dt.timedelta(days=33), statement - dt.timedelta(days=3)),
        previous_statement_date=statement - dt.timedelta(days=30),
        numbers=[_fmt(n) for n in account.numbers],
    )
    return build_bill_pdf(bill, layout)


def seed_demo(store: QueueStore, now: dt.datetime | None = None,
              carriers: CarrierSide | None = None) -> list[int]:
    """Create the demo orders with their bills; returns the new ids.

    With `carriers` (the app's demo), the orders with a `life` live it at the sandbox through the
    outbox and the sync, on a simulated clock that runs from a month ago to `now`; the history then
    names the connection for everything the carrier did. Without it (tests of the queue alone)
    they stay drafts.
    """
    now = now or dt.datetime.now(dt.UTC)
    clock = _DemoClock(now)
    queue = QueueService(store, clock=clock)
    layouts = ("labels", "window", "multipage")
    ids = []
    for i, spec in enumerate(ORDERS):
        sent = submitted_hours(spec)
        created = now - dt.timedelta(days=spec.days_ago, hours=3 + i % 5, minutes=7 * i)
        if sent is not None:
            created = min(created, now - dt.timedelta(hours=sent + 2 + i % 3))
        clock.now = created
        bill = NewDocument("bill", f"{spec.carrier.split()[0].lower()}-bill.pdf",
                           build_bill(spec, now, layouts[i % len(layouts)]))
        [order_id] = queue.create_orders([build_order(spec, now)], COORDINATOR, documents={0: [bill]})
        ids.append(order_id)
        if spec.status is _S.AWAITING_DOCUMENTS:
            clock.now = created + dt.timedelta(hours=1)
            queue.change_status(order_id, _S.AWAITING_DOCUMENTS, COORDINATOR)
        if spec.note and not spec.life:
            clock.now = now - dt.timedelta(minutes=30 + i)
            queue.add_comment(order_id, spec.note, COORDINATOR)
    if carriers is not None:
        carriers.play(dict(zip(ORDERS, ids, strict=True)), now)
    return ids


class CarrierSide(Protocol):
    """What the seeding needs to play the orders' lives at the sandbox (demo_sandbox.SeedingSandbox)."""

    def play(self, orders: dict[DemoOrder, int], now: dt.datetime) -> None: ...


class _DemoClock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def needs_seeding(home: Path) -> bool:
    """True when the demo in `home` must be seeded: first run, after a reset, or after a seeding that
    was cut short. Then its old database is removed here, so the seeding starts on an empty queue."""
    if (home / SEEDED_MARKER).is_file():
        return False
    for suffix in ("", "-wal", "-shm", "-journal"):
        (home / f"{DATABASE_FILE}{suffix}").unlink(missing_ok=True)
    (home / SANDBOX_STATE).unlink(missing_ok=True)  # the sandbox starts over with the orders
    return True


def mark_seeded(home: Path) -> None:
    fd = os.open(home / SEEDED_MARKER, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)


def forget_seeding(home: Path) -> None:
    """Reset demo data: the next start of the demo seeds it afresh."""
    (home / SEEDED_MARKER).unlink(missing_ok=True)
