"""Provider profiles: what one gaining provider demands of a port order.

Every provider fact lives in a TOML file under ``portdesk/resources/profiles/`` (one per provider,
editable by an administrator); this module only reads and checks them (a shipped one from its compiled
copy once parsed, see `_compiled`). A file with the same id
in the user's profile folder replaces the shipped one. The domain does not know where the data
folder is: callers pass ``user_dir``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import marshal
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from portdesk.domain.status import Status

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:
    from typing import Any

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "resources" / "profiles"
FALLBACK_PROFILE = "kazoo"
ANY_COUNTRY = "*"


class ProfileError(ValueError):
    """A profile cannot be used; the message names the file (or id) and the key."""


@dataclass(frozen=True)
class PortWindow:
    """The hours of the day a provider ports numbers in, in its time zone."""

    start: dt.time
    end: dt.time
    timezone: str
    selectable: bool

    def describe(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M} {self.timezone}"


@dataclass(frozen=True)
class BillRule:
    """What a provider asks of the bill."""

    required: bool
    max_size_bytes: int | None
    max_age_days: int | None
    review_days: int
    pdf_only: bool


@dataclass(frozen=True)
class LoaRule:
    """What a provider asks of the LOA."""

    required: bool
    max_age_days: int | None
    preferred_age_days: int | None
    pdf_only: bool


@dataclass(frozen=True)
class Profile:
    """A provider's rules, as its profile file states them."""

    id: str
    name: str
    path: str  # how the order reaches the provider (console, API …)
    countries: tuple[str, ...]  # ISO regions served; ("*",) = any
    kinds: tuple[str, ...]  # local, toll_free
    max_numbers: int | None
    automated_limit: int | None  # above it: a slower project port (warning only)
    one_npa_nxx: bool
    one_losing_carrier: bool
    mix_local_toll_free: bool
    account_name_max: int | None
    required_fields: tuple[str, ...]
    bill: BillRule
    loa: LoaRule
    window: PortWindow | None
    time_selectable: bool
    lead_time_business_days: int
    sla_business_days: tuple[int, int] | None
    cancel_lead_hours: int | None
    statuses: Mapping[str, str]  # provider status → PortDesk neutral status
    aliases: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    # The provider takes the service address in parts (house number, street …), not as one line.
    address_in_parts: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)  # pricing, changes … kept as written
    source: str = ""

    @property
    def split_size(self) -> int | None:
        """The most numbers one order of a split holds: the hard maximum, or, where the provider
        turns bigger orders into slower project ports, its automated limit (cli.md, split)."""
        limits = [n for n in (self.max_numbers, self.automated_limit) if n]
        return min(limits) if limits else None

    def serves(self, country: str | None) -> bool:
        return ANY_COUNTRY in self.countries or (country is not None and country in self.countries)

    def neutral_status(self, raw: str) -> Status | None:
        value = self.statuses.get(raw)
        return Status(value) if value else None


class _Reader:
    """Typed access to one TOML table, with errors that name the file and the key."""

    def __init__(self, data: Mapping[str, Any], source: str, prefix: str = "") -> None:
        self.data, self.source, self.prefix = data, source, prefix

    def _fail(self, key: str, why: str) -> ProfileError:
        return ProfileError(f"{self.source}: '{self.prefix}{key}' {why}")

    def table(self, key: str) -> _Reader:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self._fail(key, "must be a table")
        return _Reader(value, self.source, f"{self.prefix}{key}.")

    def has(self, key: str) -> bool:
        return key in self.data

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, "must be non-empty text")
        return value

    def boolean(self, key: str, default: bool | None = None) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, "must be true or false")
        return value

    def count(self, key: str, default: int | None = None) -> int | None:
        """A non-negative integer; 0 or absent (with no default) means "no limit"."""
        value = self.data.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self._fail(key, "must be a whole number of 0 or more")
        return value or None

    def texts(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        value = self.data.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "must be a list of text")
        return tuple(value)

    def clock(self, key: str) -> dt.time:
        value = self.data.get(key)
        if isinstance(value, dt.time):
            return value
        try:
            return dt.time.fromisoformat(str(value))
        except ValueError:
            raise self._fail(key, "must be a time as HH:MM") from None


def _statuses(r: _Reader) -> dict[str, str]:
    neutral = {s.value for s in Status}
    out: dict[str, str] = {}
    for raw, value in r.data.items():
        if not isinstance(value, str) or value not in neutral:
            raise r._fail(raw, f"must be one of {', '.join(sorted(neutral))}")
        out[raw] = value
    return out


def _window(r: _Reader) -> PortWindow | None:
    if not r.data:
        return None
    tz = r.text("timezone")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(tz)
    except Exception:
        raise r._fail("timezone", f"{tz!r} is not a known IANA time zone") from None
    return PortWindow(r.clock("start"), r.clock("end"), tz, r.boolean("selectable", True))


def parse_profile(data: Mapping[str, Any], source: str) -> Profile:
    """Build a Profile from a TOML table; ProfileError names the source and the bad key."""
    r = _Reader(data, source)
    bill, loa, limits = r.table("bill"), r.table("loa"), r.table("limits")
    window = _window(r.table("port_window"))
    sla = r.table("timing").data.get("sla_business_days")
    if sla is not None and not (
        isinstance(sla, list) and len(sla) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in sla)
    ):
        raise ProfileError(f"{source}: 'timing.sla_business_days' must be [min, max]")
    timing = r.table("timing")
    max_mb = bill.data.get("max_size_mb")
    if max_mb is not None and (isinstance(max_mb, bool) or not isinstance(max_mb, (int, float)) or max_mb <= 0):
        raise ProfileError(f"{source}: 'bill.max_size_mb' must be a positive number")
    kinds = r.texts("kinds", ("local", "toll_free"))
    if not set(kinds) <= {"local", "toll_free"}:
        raise ProfileError(f"{source}: 'kinds' may hold only 'local' and 'toll_free'")
    return Profile(
        id=r.text("id"),
        name=r.text("name"),
        path=r.text("path", "console"),
        countries=r.texts("countries", (ANY_COUNTRY,)),
        kinds=kinds,
        max_numbers=limits.count("max_numbers"),
        automated_limit=limits.count("automated_limit"),
        one_npa_nxx=limits.boolean("one_npa_nxx", False),
        one_losing_carrier=limits.boolean("one_losing_carrier", False),
        mix_local_toll_free=limits.boolean("mix_local_toll_free", False),
        account_name_max=limits.count("account_name_max"),
        required_fields=r.texts("required_fields"),
        bill=BillRule(
            required=bill.boolean("required", False),
            max_size_bytes=int(max_mb * 1024 * 1024) if max_mb else None,
            max_age_days=bill.count("max_age_days"),
            review_days=bill.count("review_days", 0) or 0,
            pdf_only=bill.boolean("pdf_only", True),
        ),
        loa=LoaRule(
            required=loa.boolean("required", False),
            max_age_days=loa.count("max_age_days"),
            preferred_age_days=loa.count("preferred_age_days"),
            pdf_only=loa.boolean("pdf_only", True),
        ),
        window=window,
        time_selectable=window.selectable if window else timing.boolean("time_selectable", False),
        lead_time_business_days=timing.count("lead_time_business_days", 0) or 0,
        sla_business_days=(sla[0], sla[1]) if sla else None,
        cancel_lead_hours=timing.count("cancel_lead_hours"),
        statuses=MappingProxyType(_statuses(r.table("statuses"))),  # read-only: profiles are shared
        aliases=r.texts("aliases"),
        notes=r.texts("notes"),
        address_in_parts=r.boolean("address_in_parts", False),
        extra=MappingProxyType({k: v for k, v in data.items() if k in ("pricing", "changes")}),
        source=source,
    )


def load_profile_file(path: Path) -> Profile:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read ({exc.strerror})") from None
    data = _compiled(path, raw)
    if data is None:
        try:
            text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # read as read_text reads it
        except UnicodeDecodeError:
            raise ProfileError(f"{path}: not UTF-8 text") from None
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(f"{path}: not valid TOML ({exc})") from None
        _keep_compiled(path, raw, data)
    return parse_profile(data, str(path))


# A shipped profile is read as Python reads a module: parsed once, then loaded from a compiled copy in a
# __pycache__ folder beside it (marshal, the .pyc format). The TOML reader is pure Python: importing it and
# parsing one profile cost a cold `portdesk lint` ~4 ms. The copy holds the file's bytes it was made from,
# and is used only while they are the file's bytes still; where the folder cannot be written (a read-only
# install) every run parses, as before. The user's own profiles are always parsed (their folder stays theirs).
def _compiled_path(path: Path) -> Path | None:
    tag = sys.implementation.cache_tag
    if tag is None or path.parent != SHIPPED_DIR:
        return None
    return path.parent / "__pycache__" / f"{path.name}.{tag}.marshal"


def _compiled(path: Path, raw: bytes) -> dict[str, Any] | None:
    compiled = _compiled_path(path)
    if compiled is None:
        return None
    try:
        kept = marshal.loads(compiled.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == raw and isinstance(kept[1], dict):
        return kept[1]
    return None


def _keep_compiled(path: Path, raw: bytes, data: dict[str, Any]) -> None:
    compiled = _compiled_path(path)
    if compiled is None:
        return
    try:
        blob = marshal.dumps((raw, data))
    except ValueError:  # a value marshal cannot hold (a TOML date): parsed each time
        return
    partial = compiled.with_name(f"{compiled.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        compiled.parent.mkdir(exist_ok=True)
        partial.write_bytes(blob)
        os.replace(partial, compiled)  # whole or not at all, for a reader in another process
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)


def _from_dir(folder: Path | None) -> dict[str, Profile]:
    if folder is None or not folder.is_dir():
        return {}
    stamps = []
    for path in sorted(folder.glob("*.toml")):
        try:
            stat = path.stat()
        except OSError:
            continue
        stamps.append((path, stat.st_mtime_ns, stat.st_size))
    return dict(_parse_dir(tuple(stamps)))


@lru_cache(maxsize=16)
def _parse_dir(stamps: tuple[tuple[Path, int, int], ...]) -> tuple[tuple[str, Profile], ...]:
    # Keyed on each file's modification time and size: an edited profile is read again.
    out: dict[str, Profile] = {}
    for path, _mtime, _size in stamps:
        profile = load_profile_file(path)
        out[profile.id] = profile
    return tuple(out.items())


def load_profiles(user_dir: Path | None = None, shipped_dir: Path = SHIPPED_DIR) -> dict[str, Profile]:
    """Every profile by id: the shipped ones, replaced by user ones with the same id."""
    profiles = _from_dir(shipped_dir)
    profiles.update(_from_dir(user_dir))
    return profiles


def get_profile(profile_id: str, user_dir: Path | None = None, shipped_dir: Path = SHIPPED_DIR) -> Profile:
    """One profile by id or alias; ProfileError when unknown."""
    return find_profile(load_profiles(user_dir, shipped_dir), profile_id)


def find_profile(profiles: Mapping[str, Profile], profile_id: str) -> Profile:
    """One profile of `profiles` by id or alias; ProfileError when unknown."""
    if profile_id in profiles:
        return profiles[profile_id]
    for profile in profiles.values():
        if profile_id in profile.aliases:
            return replace(profile, id=profile_id)  # answer in the name the caller used
    known = ", ".join(sorted({*profiles, *(a for p in profiles.values() for a in p.aliases)}))
    raise ProfileError(f"unknown profile {profile_id!r} (known: {known})")


def choose_profile_id(explicit: str | None, order_profile: str | None, default: str | None) -> str:
    """--profile, else the order's profile, else the configured default, else kazoo."""
    return explicit or order_profile or default or FALLBACK_PROFILE
