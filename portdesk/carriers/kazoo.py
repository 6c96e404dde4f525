"""2600Hz KAZOO crossbar `port_requests`: X-Auth-Token, the `{"data": …}` envelope, Gregorian times.

A token comes from `PUT /api_auth` (API key) or `PUT /user_auth` (md5 of "user:password"); it is
kept and fetched again when a call answers 401. State moves are PATCHes; a 402 means a fee applies
and is surfaced as ChargesRequired, repeated with `accept_charges` only once the coordinator agrees.
KAZOO stores a rejection's reason as free text ("Name Mismatch: …"), which is read onto the catalogue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from typing import Any

from portdesk.carriers.base import Answer, HttpClient, Redactor
from portdesk.carriers.values import e164, from_gregorian, requested_datetime, split_street, to_gregorian
from portdesk.domain.order import PortOrder
from portdesk.domain.reasons import Rejection, rejection
from portdesk.domain.status import Status
from portdesk.services.connections import Connection
from portdesk.services.gateway import (
    AuthCarrierError,
    CarrierEvent,
    CarrierNote,
    CarrierOrder,
    CarrierRef,
    IncomingDocument,
    NumberState,
    OutgoingDocument,
    PermanentCarrierError,
    Portability,
    TransientCarrierError,
)

ACCOUNT_ID = re.compile(r"^[0-9a-f]{32}$")
STATUS = {
    "unconfirmed": Status.DRAFT, "submitted": Status.SUBMITTED, "pending": Status.PENDING,
    "scheduled": Status.FOC_CONFIRMED, "completed": Status.COMPLETED, "rejected": Status.EXCEPTION,
    "canceled": Status.CANCELLED,
}
NUMBER_STATUS = {"scheduled": "foc_confirmed", "completed": "ported", "rejected": "rejected", "canceled": "cancelled"}
ATTACHMENT = {"bill": "bill.pdf", "loa": "form.pdf"}  # Monster UI's names
# Words of Monster UI's reason labels (and their keys), most specific first.
_REASON_WORDS = (
    ("main btn", "main_btn_on_partial"), ("porting_main_btn", "main_btn_on_partial"),
    ("auth name", "auth_person_mismatch"), ("invalid_auth_name", "auth_person_mismatch"),
    ("authori", "auth_person_mismatch"), ("name mismatch", "name_mismatch"), ("name_mismatch", "name_mismatch"),
    ("address", "address_mismatch"), ("account number", "account_number_mismatch"),
    ("account_number", "account_number_mismatch"), ("passcode", "pin_invalid"), ("pin", "pin_invalid"),
    ("btn", "btn_mismatch"), ("atn", "btn_mismatch"), ("freeze", "special_feature"),
    ("pending order", "pending_order"), ("pending_order", "pending_order"), ("not portable", "not_portable"),
    ("tn_not_portable", "not_portable"), ("disconnect", "not_portable"), ("not active", "not_portable"),
)


def kazoo_rejection(reason_text: str) -> Rejection:
    """A KAZOO rejection's free-text reason onto the catalogue; its label (before ':') is the code."""
    text = (reason_text or "").strip()
    label = text.split(":", 1)[0].strip() if ":" in text else ""
    lowered = (label or text).lower()
    for words, reason in _REASON_WORDS:
        if re.search(rf"(?<![a-z]){re.escape(words)}", lowered):
            return rejection(reason, label or reason, text or "rejected")
    return rejection("other", label or "rejected", text or "rejected")


_LABEL = re.compile(r"^[A-Za-z][A-Za-z /_-]{1,40}:")


def kazoo_rejections(reason_text: str) -> tuple[Rejection, ...]:
    """Every reason in a rejection's text: the port authority may give several, one "Label: text" a line
    (a line without a label of its own continues the one before)."""
    reasons: list[str] = []
    for line in (reason_text or "").splitlines():
        if not line.strip():
            continue
        if reasons and not _LABEL.match(line.strip()):
            reasons[-1] += " " + line.strip()
        else:
            reasons.append(line.strip())
    return tuple(kazoo_rejection(r) for r in reasons) or (kazoo_rejection(""),)


def error_words(answer: Answer) -> str:
    try:
        body = answer.json()
    except TransientCarrierError:
        return ""
    if not isinstance(body, dict):
        return ""
    parts = [str(body.get("message") or "").strip()]
    parts.extend(_messages(body.get("data")))
    return "; ".join(dict.fromkeys(p for p in parts if p))[:300]


def _messages(node: Any, depth: int = 0) -> list[str]:
    """The `message` strings inside KAZOO's validation detail (data.<field>.<rule>.message)."""
    if depth > 4:
        return []
    if isinstance(node, dict):
        found = [str(node["message"])] if isinstance(node.get("message"), str) else []
        for value in list(node.values())[:20]:
            found.extend(_messages(value, depth + 1))
        return found
    return []


def _holds_document(current: dict[str, Any], doc: dict[str, Any]) -> bool:
    """Whether the request at KAZOO already says everything the update would send."""
    for key, value in doc.items():
        if key == "numbers":
            if set(_dict(current.get("numbers"))) != set(_dict(value)):
                return False
        elif current.get(key) != value:
            return False
    return True


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def login_account_name(connection: Connection) -> str:
    """The account *name* KAZOO's md5 login (user_auth) finds the user's account by.

    cli.md's `--account` is the account id, which goes in the URLs, never in `account_name`: KAZOO
    looks accounts up by name there and would refuse the id. The name is the connection's
    `account_name` setting; a `--account` that is not an id (32 hex digits) is taken as the name, and
    the id then comes from the login's answer."""
    named = str(connection.options.get("account_name") or "").strip()
    if named:
        return named
    given = (connection.account or "").strip()
    if given and not ACCOUNT_ID.match(given):
        return given
    shown = f"--account is the account id {given[:40]}; " if given else "no account was given; "
    raise AuthCarrierError(
        "KAZOO's user-name login needs the account name, not the id: " + shown +
        "add the connection with --account <account name> (PortDesk learns the id when it logs in), "
        "or with an API key instead of --user")


class KazooToken:
    """api_auth or user_auth (md5), the token kept until a call answers 401."""

    def __init__(self, connection: Connection, secret: str, redactor: Redactor) -> None:
        self._connection, self._secret, self._redact = connection, secret, redactor
        self.token: str | None = None
        self.account_id: str | None = None

    def headers(self, client: HttpClient) -> dict[str, str]:
        if self.token is None:
            self.login(client)
        return {"X-Auth-Token": self.token or ""}

    def renew(self, client: HttpClient) -> bool:
        had = self.token is not None
        self.token = None
        return had

    def login(self, client: HttpClient) -> None:
        c = self._connection
        if c.user:
            account_name = login_account_name(c)
            credentials = hashlib.md5(f"{c.user}:{self._secret}".encode()).hexdigest()
            self._redact.add(credentials)
            path, data = "/user_auth", {"credentials": credentials, "account_name": account_name, "method": "md5"}
        else:
            path, data = "/api_auth", {"api_key": self._secret}
        answer = client.request("PUT", path, authed=False, json={"data": data})
        if answer.status in (400, 401, 403, 404):
            what = "user name or password" if c.user else "API key"
            raise AuthCarrierError(f"KAZOO refused the {what} (the key was refused)", http_status=answer.status)
        client.check(answer, error_words, doing="logging in")
        body = _dict(answer.json())
        token = body.get("auth_token")
        if not isinstance(token, str) or not token:
            raise TransientCarrierError("KAZOO's login answer had no auth_token")
        self._redact.add(token)
        self.token = token
        self.account_id = str(_dict(body.get("data")).get("account_id") or "") or None


class KazooGateway:
    type = "kazoo"

    def __init__(self, connection: Connection, secret: str, **http: Any) -> None:
        self.connection = connection
        redactor = Redactor([secret])
        self.auth = KazooToken(connection, secret, redactor)
        self.http = HttpClient(connection.url, provider="KAZOO", redactor=redactor, auth=self.auth, **http)

    def close(self) -> None:
        self.http.close()

    def _account(self) -> str:
        """The account in the paths: --account when it is an account id, else the one the login names."""
        given = self.connection.account
        if given and ACCOUNT_ID.match(given):
            return given
        if self.auth.account_id is None:
            self.auth.login(self.http)
        return self.auth.account_id or given or ""

    def _call(self, method: str, path: str, doing: str, *, data: Any = None, top: dict[str, Any] | None = None,
              **kwargs: Any) -> Any:
        if data is not None:
            kwargs["json"] = {"data": data, **(top or {})}
        answer = self.http.check(self.http.request(method, f"/accounts/{self._account()}{path}", **kwargs),
                                 error_words, doing=doing)
        body = answer.json()
        if not isinstance(body, dict) or "data" not in body:
            raise TransientCarrierError("KAZOO answered without the {\"data\": …} envelope", http_status=answer.status)
        return body["data"]

    # -- credentials and portability --------------------------------------------------------------

    def test_credentials(self) -> str:
        self.auth.token = None
        self.auth.login(self.http)
        self._call("GET", "/port_requests", "listing port requests")
        return f"KAZOO accepted the credentials for account {self._account()}"

    def check_portability(self, numbers: Sequence[str]) -> Portability:
        """KAZOO has no portability API: a number already on a port request is the one thing it can say."""
        busy: dict[str, str] = {}
        for n in numbers:
            for item in self._list(by_number=e164(n)):
                if item.get("port_state") not in ("completed", "canceled"):
                    busy[e164(n)] = f"already on port request {item.get('id')}"
        return Portability(tuple(e164(n) for n in numbers if e164(n) not in busy), busy)

    # -- sending ----------------------------------------------------------------------------------

    def document(self, order: PortOrder, key: str | None, current: dict[str, Any] | None = None) -> dict[str, Any]:
        acc, addr = order.account, order.account.service_address
        house, street = split_street(addr.line1)
        doc: dict[str, Any] = {k: v for k, v in (current or {}).items()
                               if k not in ("id", "created", "updated", "port_state", "sent", "uploads", "_read_only")}
        doc.update({
            "name": order.name or (acc.name or "port request")[:128],
            "numbers": {e164(n): _dict(_dict(doc.get("numbers")).get(e164(n))) for n in order.numbers},
            "bill": {k: v for k, v in {
                "name": acc.name, "carrier": order.losing_carrier, "account_number": acc.number, "pin": acc.pin,
                "btn": e164(acc.btn) if acc.btn else None, "street_number": house, "street_address": street,
                "extended_address": addr.line2, "locality": addr.city, "region": addr.state,
                "postal_code": addr.postal_code, "country": addr.country or "US"}.items() if v},
        })
        if acc.authorized_user:
            doc["signee_name"] = acc.authorized_user
        # KAZOO's schema has no partial-port fields; the server keeps extra keys, and the port authority
        # needs both to judge a partial port that takes the BTN.
        if order.port_type in ("full", "partial"):
            doc["port_type"] = order.port_type
        if order.new_btn:
            doc["new_btn"] = e164(order.new_btn)
        else:
            doc.pop("new_btn", None)
        when = requested_datetime(order)
        if when is not None:
            doc["transfer_date"] = to_gregorian(when)
        if key:
            doc["reference_number"] = key
        return doc

    def create(self, order: PortOrder, key: str) -> list[CarrierRef]:
        data = _dict(self._call("PUT", "/port_requests", "creating the port request", data=self.document(order, key)))
        if not data.get("id"):
            raise TransientCarrierError("KAZOO answered the create without an id")
        return [CarrierRef(str(data["id"]), str(data.get("port_state") or "unconfirmed"),
                           tuple(_dict(data.get("numbers")).keys()))]

    def _list(self, **params: Any) -> list[dict[str, Any]]:
        data = self._call("GET", "/port_requests", "listing port requests", params=params)
        items: list[dict[str, Any]] = []
        for item in data if isinstance(data, list) else []:
            item = _dict(item)
            if isinstance(item.get("port_requests"), list):  # grouped by account in some listings
                items.extend(_dict(p) for p in item["port_requests"])
            else:
                items.append(item)
        return items

    def find(self, key: str, numbers: Sequence[str] = ()) -> list[CarrierRef]:
        if not numbers:
            return []
        found = []
        for item in self._list(by_number=e164(numbers[0])):
            if item.get("reference_number") in (key, None) and item.get("id"):
                found.append(CarrierRef(str(item["id"]), str(item.get("port_state") or ""),
                                        tuple(_dict(item.get("numbers")).keys())))
        return found

    def upload_document(self, carrier_id: str, document: OutgoingDocument) -> None:
        name = ATTACHMENT.get(document.kind, document.filename)
        self._call("PUT", f"/port_requests/{carrier_id}/attachments", f"attaching {name}",
                   params={"filename": name}, content=document.data, headers={"Content-Type": document.mime})

    def submit(self, carrier_id: str, *, accept_charges: bool = False) -> None:
        top = {"accept_charges": True} if accept_charges else None
        self._call("PATCH", f"/port_requests/{carrier_id}/submitted", "submitting the port request",
                   data={}, top=top)

    def supplement(self, carrier_id: str, order: PortOrder, *, accept_charges: bool = False) -> None:
        """KAZOO: a full update (only while unconfirmed or rejected), then a rejected request is resubmitted.

        The resubmit may answer 402 like a first submit; once the coordinator agreed, the update and the
        resubmit are repeated with `accept_charges` at the top level, as KAZOO asks."""
        current = _dict(self._call("GET", f"/port_requests/{carrier_id}", "reading the port request"))
        doc = self.document(order, current.get("reference_number"), current)
        state = str(current.get("port_state") or "")
        if state not in ("unconfirmed", "rejected"):
            if _holds_document(current, doc):
                return  # updated and resubmitted already: the answer to the resubmit was what got lost
            raise PermanentCarrierError(f"KAZOO changes a port request only while it is unconfirmed or rejected "
                                        f"(this one is {state[:40]}): ask the port authority")
        self._call("POST", f"/port_requests/{carrier_id}", "updating the port request", data=doc,
                   top={"accept_charges": True} if accept_charges else None)
        if state == "rejected":
            self.submit(carrier_id, accept_charges=accept_charges)

    def cancel(self, carrier_id: str) -> None:
        self._call("PATCH", f"/port_requests/{carrier_id}/canceled", "cancelling the port request", data={})

    def add_comment(self, carrier_id: str, text: str) -> None:
        comment = {"author": self.connection.user or "PortDesk", "content": text,
                   "timestamp": to_gregorian(dt.datetime.now(dt.UTC))}
        self._call("PUT", f"/port_requests/{carrier_id}/comments", "adding a comment", data={"comments": [comment]})

    # -- reading ----------------------------------------------------------------------------------

    def fetch(self, carrier_id: str, *, notes: bool = True) -> CarrierOrder:
        data = _dict(self._call("GET", f"/port_requests/{carrier_id}", "reading the port request"))
        raw = str(data.get("port_state") or "")
        neutral = STATUS.get(raw, Status.PENDING)
        history: tuple[CarrierEvent, ...] = ()
        comments: tuple[CarrierNote, ...] = ()
        rejections: tuple[Rejection, ...] = ()
        if notes or raw == "rejected":  # the reason of a rejection is only in the timeline
            timeline = self._call("GET", f"/port_requests/{carrier_id}/timeline", "reading the timeline")
            history, comments, last_reason = self._read_timeline(timeline if isinstance(timeline, list) else [])
            if raw == "rejected":
                rejections = kazoo_rejections(last_reason or str(data.get("reason") or ""))
        foc = from_gregorian(data.get("scheduled_date") or data.get("transfer_date")) if raw in (
            "scheduled", "completed") else None
        per_number = NUMBER_STATUS.get(raw, "pending")
        numbers = tuple(NumberState(e164(n), per_number) for n in _dict(data.get("numbers")))
        return CarrierOrder(str(data.get("id") or carrier_id), neutral, raw, data.get("reference_number"),
                            tuple(r.code for r in rejections), rejections, foc.date() if foc else None, numbers,
                            comments, history, from_gregorian(data.get("updated")))

    def _read_timeline(self, entries: list[Any]) -> tuple[tuple[CarrierEvent, ...], tuple[CarrierNote, ...], str]:
        events: list[CarrierEvent] = []
        notes: list[CarrierNote] = []
        last_reason = ""
        for entry in map(_dict, entries):
            when = from_gregorian(entry.get("timestamp"))
            if entry.get("type") == "transition" or "transition" in entry:
                new = str(_dict(entry.get("transition")).get("new") or "")
                reason = str(entry.get("reason") or "")
                events.append(CarrierEvent(when, new, reason))
                if new == "rejected":
                    last_reason = reason
            elif "content" in entry:
                author = str(entry.get("author") or "") or None
                notes.append(CarrierNote(str(entry.get("content") or ""), author, when,
                                         from_us=author == (self.connection.user or "PortDesk")))
        return tuple(events), tuple(notes), last_reason

    def carrier_documents(self, carrier_id: str) -> list[IncomingDocument]:
        """None to pull: KAZOO lists only the attachments the customer uploaded (bill.pdf, form.pdf)."""
        return []

    def download_document(self, carrier_id: str, document: IncomingDocument) -> bytes:
        raise PermanentCarrierError(f"{document.filename[:80]}: no carrier document to download here")

    def changed_since(self, since: dt.datetime) -> list[str]:
        mark = to_gregorian(since)
        items = self._list(by_types="active,completed,canceled")
        return [str(i["id"]) for i in items
                if i.get("id") and (not isinstance(i.get("updated"), int | float) or i["updated"] >= mark)]
