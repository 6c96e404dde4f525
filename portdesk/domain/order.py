"""The port order and the `portdesk.order/1` file format.

Plain dataclasses: no Qt, no SQL, no HTTP. Unknown keys are kept at every level (``extra``) and
written back, so a file made by a newer PortDesk survives a round trip through an older one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, fields

from portdesk.domain.quoting import quoted, shorten

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:
    from typing import Any

FORMAT = "portdesk.order/1"
KINDS = ("local", "toll_free")
PORT_TYPES = ("full", "partial")
DOCUMENT_KINDS = ("bill", "loa", "csr")
DEFAULT_TIMEZONE = "America/New_York"

# Bounds on what one order file may hold, so a hostile or broken file is refused in words
# before it costs minutes or gigabytes. The format nests four deep; unknown keys get room.
MAX_DEPTH = 32
# No provider takes more numbers in one order than Bandwidth's 5,000 (carriers/bandwidth.md);
# twice that leaves room for a list still to be split, and every number costs ~40 µs to read.
MAX_NUMBERS = 10_000
MAX_PATH_CHARS = 1024  # a document path is relative to the order file: far below PATH_MAX


class OrderFileError(ValueError):
    """The order file cannot be read; the message says why in words."""


def _text(data: dict[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # account numbers and PINs typed as JSON numbers
    if not isinstance(value, str):
        raise OrderFileError(f"'{where}{key}' must be text, not {type(value).__name__}")
    return value


def _obj(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise OrderFileError(f"'{where}{key}' must be an object")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json.loads hook: a key given twice is refused (json's default silently keeps the last)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise OrderFileError(f"key {quoted(key)} appears twice in one object; keep one of them")
        out[key] = value
    return out


def _check_values(data: Any) -> None:
    """Every text value writable as UTF-8 (no lone surrogate from a "\\ud800" escape) and the
    nesting bounded; iterative, so a deep file cannot exhaust the stack here either."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise OrderFileError(f"nested more than {MAX_DEPTH} levels deep (at {quoted(where, 60)})")
        if isinstance(value, str):
            _check_text(value, where)
        elif isinstance(value, dict):
            for key, item in value.items():
                path = f"{where}.{key}" if where else key
                _check_text(key, path)
                stack.append((item, path, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]", depth + 1) for i, item in enumerate(value, start=1))


def _check_text(text: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise OrderFileError(f"{quoted(where or 'a key', 60)} holds a lone surrogate (half of a \\uD800-\\uDFFF "
                             "pair), which is not a character; the program that wrote the file is broken") from None


def _check_count(data: Any) -> None:
    numbers = data.get("numbers") if isinstance(data, dict) else None
    if isinstance(numbers, list) and len(numbers) > MAX_NUMBERS:
        raise OrderFileError(f"'numbers' lists {len(numbers):,} entries; one order file holds at most "
                             f"{MAX_NUMBERS:,} (no provider takes more than 5,000 in one order). Split the list "
                             "with `portdesk split` first")


def _check_path(path: str | None, where: str) -> None:
    if path is None:
        return
    if "\x00" in path:
        raise OrderFileError(f"'{where}' holds a NUL character, which no file name can: {quoted(path)}")
    if len(path) > MAX_PATH_CHARS:
        raise OrderFileError(f"'{where}' is longer than {MAX_PATH_CHARS} characters ({len(path):,}): {quoted(path)}")


def _check_moment(at: str | None, where: str) -> None:
    """A comment time PortDesk will store: in UTC it must stay within years 1-9999. Text that is
    not an ISO time at all is kept as written (the comment is stored with the import time)."""
    if not at:
        return
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return
    try:
        if moment.tzinfo is not None:
            moment.astimezone(dt.UTC)
    except OverflowError:
        raise OrderFileError(f"'{where}' {quoted(at)} falls outside the years 1-9999 in UTC") from None


def _extra(data: dict[str, Any], known: set[str]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in known}


# The form every number is stored in. Such a text is its own answer either way (valid: its E.164 is
# itself; invalid: kept as typed), so reading an order file that PortDesk wrote needs no phonenumbers
# (`portdesk loa` then never imports it).
_CANONICAL_NANP = re.compile(r"\+1[2-9][0-9]{9}")


def _phone(value: str | None) -> str | None:
    """E.164 when the text is a valid number, otherwise the text as typed (lint flags it)."""
    if value is None or not value.strip() or _CANONICAL_NANP.fullmatch(value):
        return value
    from portdesk.domain.numbers import to_e164

    return to_e164(value) or value


@dataclass
class ServiceAddress:
    """The address where the numbers are in service, as the losing carrier has it."""

    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    _KEYS = ("line1", "line2", "city", "state", "postal_code", "country")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ServiceAddress:
        w = "account.service_address."
        return cls(**{k: _text(data, k, w) for k in cls._KEYS}, extra=_extra(data, set(cls._KEYS)))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: getattr(self, k) for k in self._KEYS if getattr(self, k) is not None}
        out.update(self.extra)
        return out

    def is_empty(self) -> bool:
        return not any(getattr(self, k) for k in self._KEYS)


@dataclass
class Account:
    """The customer's account at the losing carrier."""

    name: str | None = None
    number: str | None = None
    pin: str | None = None
    btn: str | None = None
    authorized_user: str | None = None
    service_address: ServiceAddress = field(default_factory=ServiceAddress)
    extra: dict[str, Any] = field(default_factory=dict)

    _KEYS = ("name", "number", "pin", "btn", "authorized_user")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Account:
        values = {k: _text(data, k, "account.") for k in cls._KEYS}
        values["btn"] = _phone(values["btn"])
        return cls(
            **values,
            service_address=ServiceAddress.from_dict(_obj(data, "service_address", "account.")),
            extra=_extra(data, set(cls._KEYS) | {"service_address"}),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: getattr(self, k) for k in self._KEYS if getattr(self, k) is not None}
        if not self.service_address.is_empty() or self.service_address.extra:
            out["service_address"] = self.service_address.to_dict()
        out.update(self.extra)
        return out


@dataclass
class Contact:
    """Who to reach about the port."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any) -> Contact:
        if not isinstance(data, dict):
            raise OrderFileError("each entry of 'contacts' must be an object")
        keys = ("name", "email", "phone")
        return cls(
            name=_text(data, "name", "contacts[]."),
            email=_text(data, "email", "contacts[]."),
            phone=_phone(_text(data, "phone", "contacts[].")),
            extra=_extra(data, set(keys)),
        )

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in (("name", self.name), ("email", self.email), ("phone", self.phone)) if v is not None}
        out.update(self.extra)
        return out


@dataclass
class DocumentRef:
    """A document named by an order file: where it is, plus what the file says about it."""

    kind: str
    path: str | None = None
    date: str | None = None  # bill statement date
    signed_on: str | None = None  # LOA
    signed_by: str | None = None  # LOA
    extra: dict[str, Any] = field(default_factory=dict)

    _KEYS = ("path", "date", "signed_on", "signed_by")

    @classmethod
    def from_dict(cls, kind: str, data: Any) -> DocumentRef:
        w = f"documents.{shorten(kind, 40)}."
        if not isinstance(data, dict):
            raise OrderFileError(f"'{w[:-1]}' must be an object with a 'path'")
        values = {k: _text(data, k, w) for k in cls._KEYS}
        _check_path(values["path"], f"{w}path")
        return cls(kind=kind, **values, extra=_extra(data, set(cls._KEYS)))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: getattr(self, k) for k in self._KEYS if getattr(self, k) is not None}
        out.update(self.extra)
        return out


@dataclass
class Comment:
    """A note kept with the order."""

    text: str
    at: str | None = None
    author: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, index: int = 1) -> Comment:
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise OrderFileError("each entry of 'comments' must be an object with a 'text'")
        at = _text(data, "at", "comments[].")
        _check_moment(at, f"comments[{index}].at")
        return cls(
            text=data["text"],
            at=at,
            author=_text(data, "author", "comments[]."),
            extra=_extra(data, {"text", "at", "author"}),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.at is not None:
            out["at"] = self.at
        if self.author is not None:
            out["author"] = self.author
        out["text"] = self.text
        out.update(self.extra)
        return out


_TOP_KEYS = {
    "format", "name", "kind", "profile", "losing_carrier", "account", "port_type", "new_btn",
    "numbers", "requested_date", "requested_time", "requested_timezone", "contacts", "documents",
    "comments",
}


def _is_document(kind: str, value: Any) -> bool:
    """A document reference: an object, or anything under a known kind (where it must be one)."""
    return value is not None and (kind in DOCUMENT_KINDS or isinstance(value, dict))


@dataclass
class PortOrder:
    """One port order: the account, the numbers, the dates and the documents."""

    name: str | None = None
    kind: str | None = None
    profile: str | None = None
    losing_carrier: str | None = None
    account: Account = field(default_factory=Account)
    port_type: str | None = None
    new_btn: str | None = None
    numbers: list[str] = field(default_factory=list)
    requested_date: str | None = None
    requested_time: str | None = None
    requested_timezone: str | None = None
    contacts: list[Contact] = field(default_factory=list)
    documents: dict[str, DocumentRef] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # `documents` entries of a kind this PortDesk does not know, whose value is not an object:
    # kept as they were and written back (forward compatibility).
    documents_extra: dict[str, Any] = field(default_factory=dict)

    # -- reading -------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Any) -> PortOrder:
        if not isinstance(data, dict):
            raise OrderFileError("an order file must hold one JSON object")
        fmt = data.get("format")
        if fmt is None:
            raise OrderFileError(f"'format' is missing; expected \"{FORMAT}\"")
        if fmt != FORMAT:
            raise OrderFileError(f"'format' is {quoted(fmt)}; this PortDesk reads \"{FORMAT}\"")
        kind = _text(data, "kind", "")
        if kind is not None and kind not in KINDS:
            raise OrderFileError(f"'kind' is {quoted(kind)}; expected 'local' or 'toll_free'")
        port_type = _text(data, "port_type", "")
        if port_type is not None and port_type not in PORT_TYPES:
            raise OrderFileError(f"'port_type' is {quoted(port_type)}; expected 'full', 'partial' or null")
        _check_count(data)  # before a single number is parsed: each one costs phone-number parsing
        raw_numbers = data.get("numbers") or []
        if not isinstance(raw_numbers, list) or not all(isinstance(n, (str, int)) for n in raw_numbers):
            raise OrderFileError("'numbers' must be a list of phone numbers as text")
        contacts = data.get("contacts") or []
        comments = data.get("comments") or []
        if not isinstance(contacts, list):
            raise OrderFileError("'contacts' must be a list")
        if not isinstance(comments, list):
            raise OrderFileError("'comments' must be a list")
        docs_raw = _obj(data, "documents", "")
        return cls(
            name=_text(data, "name", ""),
            kind=kind,
            profile=_text(data, "profile", ""),
            losing_carrier=_text(data, "losing_carrier", ""),
            account=Account.from_dict(_obj(data, "account", "")),
            port_type=port_type,
            new_btn=_phone(_text(data, "new_btn", "")),
            numbers=[_phone(str(n)) or str(n) for n in raw_numbers],
            requested_date=_text(data, "requested_date", ""),
            requested_time=_text(data, "requested_time", ""),
            requested_timezone=_text(data, "requested_timezone", ""),
            contacts=[Contact.from_dict(c) for c in contacts],
            documents={k: DocumentRef.from_dict(k, v) for k, v in docs_raw.items() if _is_document(k, v)},
            comments=[Comment.from_dict(c, i) for i, c in enumerate(comments, start=1)],
            extra=_extra(data, _TOP_KEYS),
            documents_extra={k: v for k, v in docs_raw.items() if v is not None and not _is_document(k, v)},
        )

    @classmethod
    def from_json(cls, text: str) -> PortOrder:
        try:
            data = json.loads(text, object_pairs_hook=_unique_keys)
        except OrderFileError:
            raise
        except json.JSONDecodeError as exc:
            raise OrderFileError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
        except RecursionError:
            raise OrderFileError(f"nested more than {MAX_DEPTH} levels deep") from None
        except ValueError as exc:  # int() refuses more than sys.get_int_max_str_digits() digits
            if "digits" not in str(exc):
                raise OrderFileError(f"not valid JSON ({shorten(str(exc))})") from None
            raise OrderFileError("holds a number with more than 4,300 digits; no field of an order needs one") from None
        _check_count(data)
        _check_values(data)
        return cls.from_dict(data)

    # -- writing -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT}
        for f in fields(self):
            if f.name in ("extra", "documents_extra"):
                continue
            value = getattr(self, f.name)
            if f.name == "account":
                acc = value.to_dict()
                if acc:
                    out["account"] = acc
            elif f.name == "contacts":
                if value:
                    out["contacts"] = [c.to_dict() for c in value]
            elif f.name == "documents":
                if value or self.documents_extra:
                    out["documents"] = self.documents_extra | {k: d.to_dict() for k, d in value.items()}
            elif f.name == "comments":
                if value:
                    out["comments"] = [c.to_dict() for c in value]
            elif f.name == "numbers":
                out["numbers"] = list(value)
            elif f.name == "port_type":
                out["port_type"] = value  # null means "undecided", which is information
            elif value is not None:
                out[f.name] = value
        out.update(self.extra)
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    # -- helpers ---------------------------------------------------------------------------
    @property
    def timezone(self) -> str:
        return self.requested_timezone or DEFAULT_TIMEZONE

    def display_name(self) -> str:
        return self.name or self.account.name or "(unnamed order)"
