"""The losing carriers' records: which accounts hold which numbers, and how strictly each carrier judges.

A world file is JSON (`portdesk sandbox --world FILE`, format in docs/sandbox.md):
`{"accounts": [{"losing_carrier", "strictness": "exact"|"lenient", "account": {…an order file's
account keys…}, "numbers": ["+1…"], "features": ["dsl", …], "pending_order": false}]}`.
Optional per account: `min_interval_days` (business days the carrier needs before an FOC, default 3)
and `port_fee` (a fee the gaining side must accept, shown by KAZOO as 402 "accept charges").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

STRICTNESS = ("exact", "lenient")
FEATURES = ("dsl", "hunt_group", "centrex", "isdn", "freeze", "not_portable", "disconnected")
DEFAULT_MIN_INTERVAL_DAYS = 3
_MAX_WORLD_BYTES = 20_000_000
_E164_NANP = re.compile(r"^\+1[2-9]\d{2}[2-9]\d{6}$")


class WorldError(ValueError):
    """The world file cannot be used; the message names what is wrong, in one line."""


@dataclass(frozen=True)
class Address:
    line1: str = ""
    line2: str | None = None
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = "US"


@dataclass(frozen=True)
class Account:
    losing_carrier: str
    strictness: str
    name: str
    number: str | None
    pin: str | None
    btn: str | None
    authorized_user: str | None
    address: Address
    numbers: tuple[str, ...]
    features: tuple[str, ...] = ()
    pending_order: bool = False
    min_interval_days: int = DEFAULT_MIN_INTERVAL_DAYS
    port_fee: float | None = None
    spid: str = "9998"


@dataclass
class World:
    accounts: list[Account] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_number: dict[str, Account] = {}
        for account in self.accounts:
            for number in account.numbers:
                self._by_number.setdefault(number, account)

    def account_of(self, number: str) -> Account | None:
        return self._by_number.get(number)

    def carrier_of(self, number: str) -> str | None:
        account = self._by_number.get(number)
        return account.losing_carrier if account else None


def _text(value: Any, where: str, *, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise WorldError(f"{where} is missing")
        return None
    if not isinstance(value, str):
        raise WorldError(f"{where} must be text")
    return value


def normalise_number(text: str) -> str | None:
    """A NANP number as +1NPANXXXXXX from any common spelling, or None."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    candidate = f"+1{digits}" if len(digits) == 10 else ""
    return candidate if _E164_NANP.match(candidate) else None


def _number(value: Any, where: str) -> str:
    if not isinstance(value, str) or normalise_number(value) is None:
        raise WorldError(f"{where}: {str(value)[:40]!r} is not a US/Canada phone number")
    return normalise_number(value)  # type: ignore[return-value]


def _account(raw: Any, i: int) -> Account:
    where = f"accounts[{i}]"
    if not isinstance(raw, dict):
        raise WorldError(f"{where} must be an object")
    carrier = _text(raw.get("losing_carrier"), f"{where}.losing_carrier", required=True) or ""
    strictness = raw.get("strictness", "exact")
    if strictness not in STRICTNESS:
        raise WorldError(f"{where}.strictness must be exact or lenient, not {str(strictness)[:20]!r}")
    acc = raw.get("account")
    if not isinstance(acc, dict):
        raise WorldError(f"{where}.account must be an object")
    addr = acc.get("service_address") or {}
    if not isinstance(addr, dict):
        raise WorldError(f"{where}.account.service_address must be an object")
    address = Address(
        line1=_text(addr.get("line1"), f"{where}.account.service_address.line1") or "",
        line2=_text(addr.get("line2"), f"{where}.account.service_address.line2"),
        city=_text(addr.get("city"), f"{where}.account.service_address.city") or "",
        state=_text(addr.get("state"), f"{where}.account.service_address.state") or "",
        postal_code=_text(addr.get("postal_code"), f"{where}.account.service_address.postal_code") or "",
        country=_text(addr.get("country"), f"{where}.account.service_address.country") or "US",
    )
    numbers = raw.get("numbers")
    if not isinstance(numbers, list) or not numbers:
        raise WorldError(f"{where}.numbers must be a non-empty list of phone numbers")
    features = raw.get("features", [])
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise WorldError(f"{where}.features must be a list of names")
    pending = raw.get("pending_order", False)
    if not isinstance(pending, bool):
        raise WorldError(f"{where}.pending_order must be true or false")
    interval = raw.get("min_interval_days", DEFAULT_MIN_INTERVAL_DAYS)
    if not isinstance(interval, int) or isinstance(interval, bool) or not 0 <= interval <= 60:
        raise WorldError(f"{where}.min_interval_days must be a whole number of business days (0-60)")
    fee = raw.get("port_fee")
    if fee is not None and (not isinstance(fee, int | float) or isinstance(fee, bool) or fee < 0):
        raise WorldError(f"{where}.port_fee must be a positive amount or null")
    btn = acc.get("btn")
    return Account(
        losing_carrier=carrier,
        strictness=strictness,
        name=_text(acc.get("name"), f"{where}.account.name", required=True) or "",
        number=_text(acc.get("number"), f"{where}.account.number"),
        pin=_text(acc.get("pin"), f"{where}.account.pin"),
        btn=_number(btn, f"{where}.account.btn") if btn is not None else None,
        authorized_user=_text(acc.get("authorized_user"), f"{where}.account.authorized_user"),
        address=address,
        numbers=tuple(_number(n, f"{where}.numbers[{j}]") for j, n in enumerate(numbers)),
        features=tuple(f.strip().lower().replace(" ", "_").replace("-", "_") for f in features),
        pending_order=pending,
        min_interval_days=interval,
        port_fee=float(fee) if fee is not None else None,
        spid=str(raw.get("spid") or _spid(carrier)),
    )


def _spid(carrier: str) -> str:
    """A stable four-digit service provider id for a carrier name (the sandbox's own numbering)."""
    return f"{sum(ord(c) * (i + 1) for i, c in enumerate(carrier)) % 9000 + 1000:04d}"


def parse_world(data: Any) -> World:
    if not isinstance(data, dict) or not isinstance(data.get("accounts"), list):
        raise WorldError('expected a JSON object with an "accounts" list')
    return World([_account(raw, i) for i, raw in enumerate(data["accounts"])])


def load_world(path: str | Path) -> World:
    """Read a world file; WorldError naming the file and the reason when it cannot be used."""
    p = Path(path)
    shown = str(p)[-80:]
    try:
        if p.stat().st_size > _MAX_WORLD_BYTES:
            raise WorldError(f"{shown}: larger than {_MAX_WORLD_BYTES // 1_000_000} MB")
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WorldError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise WorldError(f"{shown}: is a folder, not a world file") from None
    except OSError as exc:
        raise WorldError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise WorldError(f"{shown}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise WorldError(f"{shown}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise WorldError(f"{shown}: nested too deeply") from None
    try:
        return parse_world(data)
    except WorldError as exc:
        raise WorldError(f"{shown}: {exc}") from None


def bundled_world() -> World:
    """The world the demo's bills are drawn from."""
    text = resources.files("portdesk").joinpath("resources/sandbox/demo_world.json").read_text(encoding="utf-8")
    return parse_world(json.loads(text))
