"""Judging an order as its losing carrier would: neutral failures, worded for a coordinator.

The dialects turn a failure into their own codes (Telnyx `ENTITY_NAME_MISMATCH`, Bandwidth 7404,
KAZOO "Name Mismatch: …"); here only the reason ids of PortDesk's catalogue exist.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from portdesk.sandbox.world import Account, World, normalise_number

# Reason ids (PortDesk's rejection catalogue)
NAME = "name_mismatch"
AUTH_PERSON = "auth_person_mismatch"
ADDRESS = "address_mismatch"
ACCOUNT_NUMBER = "account_number_mismatch"
PIN = "pin_invalid"
BTN = "btn_mismatch"
MAIN_BTN = "main_btn_on_partial"
PORT_TYPE = "port_type_incorrect"
NOT_ON_ACCOUNT = "number_not_on_account"
NOT_PORTABLE = "not_portable"
FEATURE = "special_feature"
PENDING = "pending_order"

_NOT_PORTABLE_FEATURES = {"not_portable", "disconnected"}

# Postal abbreviations a lenient carrier forgives (USPS Publication 28, the common ones), plus the
# company-name words that bills and orders spell both ways.
_ABBREVIATIONS = {
    "street": "st", "avenue": "ave", "av": "ave", "boulevard": "blvd", "road": "rd", "drive": "dr",
    "lane": "ln", "court": "ct", "place": "pl", "parkway": "pkwy", "highway": "hwy", "circle": "cir",
    "terrace": "ter", "square": "sq", "trail": "trl", "way": "way", "expressway": "expy",
    "suite": "ste", "floor": "fl", "building": "bldg", "apartment": "apt", "room": "rm", "department": "dept",
    "north": "n", "south": "s", "east": "e", "west": "w",
    "northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw",
    "&": "and", "incorporated": "inc", "company": "co", "corporation": "corp", "limited": "ltd",
    "saint": "st", "mount": "mt", "fort": "ft",
}
_PUNCT = re.compile(f"[{re.escape(string.punctuation.replace('&', ''))}]")


@dataclass
class OrderFacts:
    """What an order says about the losing account, in neutral terms (each dialect fills it)."""

    numbers: list[str] = field(default_factory=list)  # E.164 where it could be read
    name: str | None = None
    account_number: str | None = None
    pin: str | None = None
    btn: str | None = None
    authorized_user: str | None = None
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    port_type: str | None = None  # full | partial | None (not said)
    new_btn: str | None = None
    name_limit: int | None = None  # Bandwidth takes the first 25 characters of a business name


@dataclass(frozen=True)
class Failure:
    reason: str
    text: str
    numbers: tuple[str, ...] = ()


def _squash(text: str) -> str:
    return " ".join(text.split())


def lenient_form(text: str) -> str:
    """Case, punctuation, spacing and postal abbreviations taken out."""
    spaced = _PUNCT.sub(" ", text.lower().replace("&", " & "))
    return " ".join(_ABBREVIATIONS.get(word, word) for word in spaced.split())


def same_text(given: str | None, on_record: str, strictness: str) -> bool:
    if given is None:
        return False
    if strictness == "lenient":
        return lenient_form(given) == lenient_form(on_record)
    return _squash(given) == _squash(on_record)


def same_identifier(given: str | None, on_record: str) -> bool:
    """Account numbers and PINs: separators never matter to a carrier's system, characters do."""
    if given is None:
        return False
    return re.sub(r"[^0-9A-Za-z]", "", given).upper() == re.sub(r"[^0-9A-Za-z]", "", on_record).upper()


def _quote(text: str | None) -> str:
    if text is None or not text.strip():
        return "nothing"
    return repr(text[:80])


def _same_zip(given: str | None, on_record: str) -> bool:
    return given is not None and re.sub(r"\D", "", given)[:5] == re.sub(r"\D", "", on_record)[:5]


def _main_account(world: World, numbers: list[str]) -> Account | None:
    counts: dict[int, tuple[int, Account]] = {}
    for number in numbers:
        account = world.account_of(number)
        if account is not None:
            seen, _ = counts.get(id(account), (0, account))
            counts[id(account)] = (seen + 1, account)
    if not counts:
        return None
    return max(counts.values(), key=lambda pair: pair[0])[1]


def _check_numbers(world: World, facts: OrderFacts, account: Account | None) -> list[Failure]:
    if account is None:
        return [Failure(NOT_PORTABLE, "None of the numbers is in service at a carrier we can port from.",
                        tuple(facts.numbers))]
    failures = []
    stranger = tuple(n for n in facts.numbers if world.account_of(n) is not account)
    if stranger:
        failures.append(Failure(
            NOT_ON_ACCOUNT,
            f"{len(stranger)} number(s) are not on the account at {account.losing_carrier}: "
            f"{', '.join(stranger[:5])}{' …' if len(stranger) > 5 else ''}.", stranger))
    dead = set(account.features) & _NOT_PORTABLE_FEATURES
    if dead:
        failures.append(Failure(NOT_PORTABLE, f"The numbers are {sorted(dead)[0].replace('_', ' ')} at "
                                f"{account.losing_carrier} and cannot be ported.", tuple(facts.numbers)))
    return failures


def _check_account(facts: OrderFacts, account: Account) -> list[Failure]:
    strict = account.strictness
    failures = []
    record_name = account.name
    if facts.name_limit and len(record_name) > facts.name_limit and facts.name is not None \
            and len(facts.name) <= facts.name_limit:
        record_name = record_name[: facts.name_limit].rstrip()
    if not same_text(facts.name, record_name, strict):
        failures.append(Failure(NAME, f"The account name {_quote(facts.name)} does not match the name on the "
                                f"account at {account.losing_carrier}."))
    if account.authorized_user and not same_text(facts.authorized_user, account.authorized_user, strict):
        failures.append(Failure(AUTH_PERSON, f"The authorising person {_quote(facts.authorized_user)} is not an "
                                "authorised user of the account."))
    a = account.address
    parts_ok = (same_text(facts.line1, a.line1, strict) and same_text(facts.city, a.city, strict)
                and same_text(facts.state, a.state, "lenient") and _same_zip(facts.postal_code, a.postal_code))
    if parts_ok and facts.line2 and a.line2:
        parts_ok = same_text(facts.line2, a.line2, strict)
    if not parts_ok:
        given = ", ".join(p for p in (facts.line1, facts.line2, facts.city, facts.state, facts.postal_code) if p)
        failures.append(Failure(ADDRESS, f"The service address {_quote(given)} does not match the service "
                                "address on the account."))
    if account.number and not same_identifier(facts.account_number, account.number):
        failures.append(Failure(ACCOUNT_NUMBER, f"The account number {_quote(facts.account_number)} is not the "
                                "account number of these numbers."))
    if account.pin and not same_identifier(facts.pin, account.pin):
        failures.append(Failure(PIN, "The port-out PIN is missing or wrong." if facts.pin else
                                "The account needs a port-out PIN and none was given."))
    if account.btn and normalise_number(facts.btn or "") != account.btn:
        failures.append(Failure(BTN, f"The billing telephone number {_quote(facts.btn)} is not the BTN of the "
                                "account."))
    return failures


def _check_port_type(facts: OrderFacts, account: Account) -> list[Failure]:
    ordered = set(facts.numbers)
    everything = ordered >= set(account.numbers)
    if facts.port_type == "full" and not everything:
        left = len(set(account.numbers) - ordered)
        return [Failure(PORT_TYPE, f"The order is a full port but {left} number(s) of the account are not on it.")]
    partial = facts.port_type == "partial" or (facts.port_type is None and not everything)
    if partial and account.btn and account.btn in ordered:
        new_btn = normalise_number(facts.new_btn or "")
        if new_btn is None or new_btn in ordered or new_btn not in account.numbers:
            return [Failure(MAIN_BTN, "The main billing number leaves in a partial port: name a number that "
                            "stays on the account as the new BTN.", (account.btn,))]
    return []


def judge(world: World, facts: OrderFacts) -> tuple[Account | None, list[Failure]]:
    """The account the order's numbers are on, and every reason its losing carrier would reject it."""
    account = _main_account(world, facts.numbers)
    failures = _check_numbers(world, facts, account)
    if account is None:
        return None, failures
    failures += _check_account(facts, account)
    failures += _check_port_type(facts, account)
    features = [f for f in account.features if f not in _NOT_PORTABLE_FEATURES]
    if features:
        failures.append(Failure(FEATURE, f"The account has {', '.join(f.replace('_', ' ') for f in features)} "
                                "on it; the losing carrier must remove it before the numbers can port.",
                                tuple(facts.numbers)))
    if account.pending_order:
        failures.append(Failure(PENDING, "Another order is pending on these numbers at the losing carrier.",
                                tuple(facts.numbers)))
    return account, failures
