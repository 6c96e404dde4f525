"""2600Hz KAZOO crossbar `port_requests` under `{base}/kazoo/v2`, JSON in the `{"data": …}` envelope.

Login by `PUT /api_auth` (API key) or `PUT /user_auth` (md5 of "user:password", `method` inside
`data`) → `auth_token`, sent back as `X-Auth-Token`. Requests: create (`unconfirmed`), full update
(POST) and partial (PATCH) while `unconfirmed`/`rejected`, attachments one file at a time, comments,
timeline, listing by `by_types`/`by_number`, and state moves by `PATCH …/{id}/{state}`. The customer
moves to `submitted` (402 "accept charges" first when the world says a fee applies) and may cancel
while `unconfirmed`; the sandbox plays the port authority for `pending`, `scheduled`, `completed`
and `rejected` (its reason in words, "Name Mismatch: …"). Times are Gregorian seconds.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from portdesk.sandbox import judge as J
from portdesk.sandbox import lifecycle as L
from portdesk.sandbox.common import is_e164
from portdesk.sandbox.lifecycle import Lifecycle, Port
from portdesk.sandbox.wire import BodyError, Request, Response, json_response, read_json

API_KEY = "sandbox"
USER, PASSWORD, ACCOUNT_NAME = "sandbox", "sandbox", "sandbox"
ACCOUNT_ID = "5a3b9c1d2e4f60718293a4b5c6d7e8f9"
AUTHORITY_ID = "0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f6"
TOKEN_IDLE_SECONDS = 3600
GREGORIAN_OFFSET = 62167219200
MAX_ATTACHMENT = 8_000_000
ATTACHMENT_TYPES = frozenset({"application/pdf", "application/x-pdf", "application/octet-stream", "text/plain"})
STATE = {L.DRAFT: "unconfirmed", L.SUBMITTED: "submitted", L.SUPP_PENDING: "submitted", L.PENDING: "pending",
         L.FOC: "scheduled", L.COMPLETED: "completed", L.EXCEPTION: "rejected", L.CANCEL_PENDING: "canceled",
         L.CANCELLED: "canceled"}
LABELS = {J.NAME: "Name Mismatch", J.AUTH_PERSON: "Invalid Authorized Name", J.ADDRESS: "Address Mismatch",
          J.ACCOUNT_NUMBER: "Account Number Invalid", J.PIN: "Passcode/PIN Required or Invalid",
          J.BTN: "BTN/ATN Mismatch", J.MAIN_BTN: "Porting Main BTN Follow", J.PORT_TYPE: "Port Type Incorrect",
          J.NOT_ON_ACCOUNT: "Number Not On Account", J.NOT_PORTABLE: "TN Not Portable",
          J.FEATURE: "Carrier Freeze", J.PENDING: "Pending Order"}
# the server's table of legal moves (kazoo.md); who may make them is checked separately
MOVES = {"submitted": {"unconfirmed", "rejected"}, "pending": {"submitted"}, "scheduled": {"pending"},
         "completed": {"pending", "scheduled", "rejected"}, "rejected": {"submitted", "pending", "scheduled"},
         "canceled": {"unconfirmed", "submitted", "pending", "scheduled", "rejected"}}
BY_TYPES = {"active": {"unconfirmed", "submitted", "pending", "scheduled", "rejected"},
            "progressing": {"submitted", "pending", "scheduled"}, "suspended": {"unconfirmed", "rejected"},
            "completed": {"completed", "canceled"}}


def gregorian(moment: dt.datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp()) + GREGORIAN_OFFSET


def from_gregorian(seconds: object) -> dt.datetime | None:
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < GREGORIAN_OFFSET:
        return None
    try:
        return dt.datetime.fromtimestamp(seconds - GREGORIAN_OFFSET, dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


class KazooError(Exception):
    def __init__(self, status: int, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.status, self.message, self.data = status, message, data if data is not None else {}


def _validation(field_name: str, rule: str, message: str, cause: Any = None) -> KazooError:
    detail: dict[str, Any] = {"message": message}
    if cause is not None:
        detail["cause"] = cause
    return KazooError(400, "validation error", {field_name: {rule: detail}})


@dataclass
class PortRequest:
    port: Port
    account_id: str
    doc: dict[str, Any]
    revision: int = 1
    comments: list[dict[str, Any]] = field(default_factory=list)
    uploads: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    last_reason: str | None = None


class KazooDialect:
    prefix = "/kazoo/v2"

    def __init__(self, life: Lifecycle) -> None:
        self.life = life
        self.requests: dict[str, PortRequest] = {}
        self.tokens: dict[str, float] = {}  # token → wall-clock time of last use
        life.listeners.append(self._on_change)

    # envelope ------------------------------------------------------------------------------------
    def _envelope(self, status: int, data: Any, token: str | None = None, revision: int | None = None,
                  error: KazooError | None = None) -> Response:
        body: dict[str, Any] = {"data": data, "request_id": uuid.uuid4().hex, "node": "sandbox",
                                "version": "4.3.142", "timestamp": dt.datetime.now(dt.UTC).strftime(
                                    "%Y-%m-%dT%H:%M:%SZ"), "auth_token": token or ""}
        if error is None:
            body["status"] = "success"
            body["revision"] = f"{revision or 1}-{hashlib.md5(str(revision).encode()).hexdigest()}"
        else:
            body.update(status="error", error=str(status), message=error.message)
        return json_response(status, body)

    def _error(self, exc: KazooError, token: str | None = None) -> Response:
        return self._envelope(exc.status, exc.data, token, error=exc)

    def server_error(self) -> Response:
        return self._error(KazooError(500, "internal_server_error"))

    def throttled(self, retry_after: int) -> Response:
        answer = self._error(KazooError(429, "too_many_requests", {"message": "slow down: the bucket is empty"}))
        answer.headers["Retry-After"] = str(retry_after)
        return answer

    def handle(self, req: Request) -> Response:
        parts = req.segments
        try:
            if parts in (["api_auth"], ["user_auth"]) and req.method in ("PUT", "POST"):
                return self._login(parts[0], req)
            token = self._token(req)
            return self._route(req, parts, token)
        except KazooError as exc:
            return self._error(exc, req.header("X-Auth-Token"))
        except BodyError as exc:
            return self._error(KazooError(400, "invalid request", {"message": str(exc)}))

    def _login(self, kind: str, req: Request) -> Response:
        body = read_json(req)
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            raise KazooError(400, "invalid request", {"message": 'expected {"data": {…}}'})
        if kind == "api_auth":
            ok = data.get("api_key") == API_KEY
        else:
            expected = hashlib.md5(f"{USER}:{PASSWORD}".encode()).hexdigest()
            ok = (data.get("method", "md5") == "md5" and data.get("credentials") == expected
                  and data.get("account_name") == ACCOUNT_NAME)
        if not ok:
            raise KazooError(401, "invalid_credentials", {"message": "invalid credentials"})
        token = secrets.token_hex(24)
        now = time.monotonic()
        self.tokens = {t: seen for t, seen in self.tokens.items() if now - seen < TOKEN_IDLE_SECONDS}
        self.tokens[token] = now
        return self._envelope(201, {"account_id": ACCOUNT_ID, "account_name": ACCOUNT_NAME, "owner_id": uuid.uuid4().hex,
                                    "is_reseller": False, "reseller_id": AUTHORITY_ID, "language": "en-us"}, token)

    def _token(self, req: Request) -> str:
        token = (req.header("X-Auth-Token") or "").strip()
        now = time.monotonic()
        seen = self.tokens.get(token)
        if not token or seen is None or now - seen > TOKEN_IDLE_SECONDS:
            self.tokens.pop(token, None)
            raise KazooError(401, "invalid_credentials", {"message": "invalid credentials"})
        self.tokens[token] = now
        return token

    # routing -------------------------------------------------------------------------------------
    def _route(self, req: Request, parts: list[str], token: str) -> Response:
        m = req.method
        if len(parts) >= 3 and parts[0] == "accounts" and parts[2] == "port_requests":
            account_id, rest = parts[1], parts[3:]
            if not rest:
                if m == "PUT":
                    return self._create(req, account_id, token)
                if m == "GET":
                    return self._list(req, account_id, token)
            elif rest == ["last_submitted"] and m == "GET":
                mine = [r for r in self.requests.values() if r.account_id == account_id
                        and STATE[r.port.state] == "submitted"]
                if not mine:
                    raise KazooError(404, "bad identifier", {"message": "no submitted port request"})
                return self._one(mine[-1], token)
            else:
                pr = self._request(account_id, rest[0])
                tail = rest[1:]
                if not tail:
                    if m == "GET":
                        return self._one(pr, token)
                    if m in ("POST", "PATCH"):
                        return self._update(pr, req, token, replace=m == "POST")
                    if m == "DELETE":
                        return self._delete(pr, token)
                elif len(tail) == 1 and tail[0] in MOVES and m == "PATCH":
                    return self._move(pr, tail[0], req, token)
                elif tail == ["timeline"] and m == "GET":
                    return self._envelope(200, self._timeline(pr), token, pr.revision)
                elif tail == ["comments"] and m == "GET":
                    return self._envelope(200, copy.deepcopy(pr.comments), token, pr.revision)
                elif tail == ["comments"] and m == "PUT":
                    return self._add_comments(pr, req, token)
                elif tail == ["attachments"] and m == "GET":
                    return self._envelope(200, self._uploads(pr), token, pr.revision)
                elif tail == ["attachments"] and m == "PUT":
                    return self._attach(pr, req.arg("filename"), req, token)
                elif len(tail) == 2 and tail[0] == "attachments":
                    return self._attachment(pr, tail[1], req, token)
        raise KazooError(404, "not found", {"message": f"{m} {req.path[:80]} is not a port_requests call"})

    def _request(self, account_id: str, request_id: str) -> PortRequest:
        pr = self.requests.get(request_id)
        if pr is None or pr.account_id != account_id:
            raise KazooError(404, "bad identifier", {"message": "bad identifier", "cause": request_id[:40]})
        return pr

    # documents -----------------------------------------------------------------------------------
    def _validate(self, data: Any, exclude: str | None = None) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise KazooError(400, "invalid request", {"message": 'expected {"data": {…}}'})
        name = data.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 128:
            raise _validation("name", "required" if name is None else "maxLength",
                              "Field is required" if name is None else "Name must be 1 to 128 characters")
        numbers = data.get("numbers")
        if not isinstance(numbers, dict) or not numbers:
            raise _validation("numbers", "minProperties", "Should contain at least one number")
        for number, value in numbers.items():
            if not is_e164(number) or not isinstance(value, dict):
                raise _validation("numbers", "patternProperties", "Numbers are E.164 keys with object values",
                                  number[:40])
            for other in self.requests.values():
                if other.port.id != exclude and STATE[other.port.state] not in ("completed", "canceled") \
                        and number in other.doc.get("numbers", {}):
                    raise KazooError(400, "validation error", {number: {"type": {
                        "message": f"Number is on a port request already: {other.port.id}", "cause": number}}})
        bill = data.get("bill", {})
        if not isinstance(bill, dict):
            raise _validation("bill", "type", "bill must be an object")
        if data.get("transfer_date") is not None and from_gregorian(data.get("transfer_date")) is None:
            raise _validation("transfer_date", "type", "transfer_date must be gregorian seconds")
        return data

    def _create(self, req: Request, account_id: str, token: str) -> Response:
        body = read_json(req)
        data = self._validate(body.get("data") if isinstance(body, dict) else None)
        port = self.life.create("kazoo", J.OrderFacts(), port_id=uuid.uuid4().hex)
        doc = {k: copy.deepcopy(v) for k, v in data.items() if k not in ("id", "port_state", "created", "updated",
                                                                         "uploads", "_read_only", "sent")}
        pr = PortRequest(port, account_id, doc)
        self.requests[port.id] = pr
        self._refresh_facts(pr)
        return self._envelope(201, self._doc(pr), token, pr.revision)

    def _update(self, pr: PortRequest, req: Request, token: str, replace: bool) -> Response:
        state = STATE[pr.port.state]
        if state not in ("unconfirmed", "rejected"):
            raise _validation("port_state", "enum", f"A port request cannot be changed while {state}", state)
        body = read_json(req)
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            raise KazooError(400, "invalid request", {"message": 'expected {"data": {…}}'})
        merged = {} if replace else copy.deepcopy(pr.doc)
        for key, value in data.items():
            if key in ("id", "port_state", "created", "updated", "uploads", "_read_only", "sent"):
                continue
            if not replace and isinstance(value, dict) and isinstance(merged.get(key), dict) and key != "numbers":
                merged[key].update(copy.deepcopy(value))
            else:
                merged[key] = copy.deepcopy(value)
        pr.doc = self._validate(merged, exclude=pr.port.id)
        pr.revision += 1
        self._refresh_facts(pr)
        return self._envelope(200, self._doc(pr), token, pr.revision)

    def _refresh_facts(self, pr: PortRequest) -> None:
        doc, bill = pr.doc, pr.doc.get("bill") or {}
        street = " ".join(str(bill[k]).strip() for k in ("street_number", "street_pre_dir", "street_address",
                                                       "street_type", "street_post_dir") if bill.get(k))
        pr.port.facts = J.OrderFacts(
            numbers=list(doc.get("numbers", {})), name=bill.get("name"), account_number=bill.get("account_number"),
            pin=bill.get("pin"), btn=bill.get("btn"), authorized_user=doc.get("signee_name"),
            line1=street or None, line2=bill.get("extended_address"), city=bill.get("locality"),
            state=bill.get("region"), postal_code=bill.get("postal_code"),
            port_type=doc.get("port_type") if doc.get("port_type") in ("full", "partial") else None,
            new_btn=doc.get("new_btn") if isinstance(doc.get("new_btn"), str) else None)
        pr.port.requested = from_gregorian(doc.get("transfer_date"))
        pr.port.updated_at = self.life.now()

    def _delete(self, pr: PortRequest, token: str) -> Response:
        state = STATE[pr.port.state]
        if state not in ("unconfirmed", "rejected", "canceled"):
            raise _validation("port_state", "enum", f"A port request cannot be deleted while {state}", state)
        del self.requests[pr.port.id]
        self.life.ports.pop(pr.port.id, None)
        return self._envelope(200, self._doc(pr), token, pr.revision)

    # moves ---------------------------------------------------------------------------------------
    def _move(self, pr: PortRequest, target: str, req: Request, token: str) -> Response:
        current = STATE[pr.port.state]
        body = read_json(req) if req.body.strip() else {}
        if not isinstance(body, dict):
            raise KazooError(400, "invalid request", {"message": 'expected {"data": {…}}'})
        data: dict[str, Any] = body["data"] if isinstance(body.get("data"), dict) else {}
        reason = body.get("reason") or data.get("reason")
        customer_may = {"submitted": {"unconfirmed", "rejected"}, "canceled": {"unconfirmed"}}
        if current not in MOVES[target] or current not in customer_may.get(target, set()):
            raise _validation("port_state", "enum", "Cannot move to new state from current state", target)
        if target == "canceled":
            self.life.cancel(pr.port, lambda port, now: None)
            if isinstance(reason, str):
                pr.last_reason = reason[:500]
            pr.revision += 1
            return self._envelope(200, self._doc(pr), token, pr.revision)
        account = self.life.world.account_of(next(iter(pr.doc["numbers"]), ""))
        if account is not None and account.port_fee and body.get("accept_charges") is not True:
            raise KazooError(402, "accept charges", {"activation_charges": account.port_fee,
                                                     "number_services": {"port": {"activation_charges": account.port_fee}},
                                                     "message": "submitting this port request incurs a charge: "
                                                                "repeat with accept_charges"})
        self._refresh_facts(pr)
        self.life.submit(pr.port, reason if isinstance(reason, str) else "Port request submitted")
        pr.doc["sent"] = True
        pr.revision += 1
        return self._envelope(200, self._doc(pr), token, pr.revision)

    def _on_change(self, port: Port, state: str) -> None:
        pr = self.requests.get(port.id)
        if pr is None or port.dialect != "kazoo":
            return
        new = STATE[state]
        previous = next((t["transition"]["new"] for t in reversed(pr.timeline) if t["type"] == "transition"),
                        "unconfirmed")
        if new == previous:
            return
        reason = port.history[-1].note
        if state == L.EXCEPTION:
            reason = "\n".join(f"{LABELS.get(f.reason, 'Other')}: {f.text}" for f in port.failures)
            self._comment(pr, "Port authority", reason)
        elif state == L.FOC and port.foc is not None:
            pr.doc["scheduled_date"] = gregorian(port.foc)
        authority = new not in ("submitted", "canceled") or (state == L.CANCELLED and previous != "unconfirmed")
        who = {"account": {"id": AUTHORITY_ID if authority else pr.account_id,
                           "name": "Sandbox Port Authority" if authority else ACCOUNT_NAME}}
        pr.timeline.append({"type": "transition", "timestamp": gregorian(self.life.now()),
                            "transition": {"new": new, "previous": previous}, "reason": reason,
                            "authorization": who})
        pr.last_reason = reason
        pr.revision += 1

    # comments, attachments, timeline ------------------------------------------------------------
    def _comment(self, pr: PortRequest, author: str, content: str, **extra: Any) -> dict[str, Any]:
        comment = {"author": author, "content": content, "timestamp": gregorian(self.life.now()), **extra}
        pr.comments.append(comment)
        return comment

    def _add_comments(self, pr: PortRequest, req: Request, token: str) -> Response:
        body = read_json(req)
        data = body.get("data") if isinstance(body, dict) else None
        comments = data.get("comments") if isinstance(data, dict) else None
        if not isinstance(comments, list) or not comments:
            raise _validation("comments", "required", 'expected {"data": {"comments": [{author, content, timestamp}]}}')
        for i, comment in enumerate(comments):
            if not isinstance(comment, dict) or not isinstance(comment.get("content"), str) \
                    or not isinstance(comment.get("author"), str):
                raise _validation(f"comments.{i}", "required", "author and content are required")
        for comment in comments:
            stamp = comment.get("timestamp")
            kept = {k: v for k, v in comment.items() if k not in ("is_private", "action_required")}
            kept["timestamp"] = stamp if isinstance(stamp, int) else gregorian(self.life.now())
            pr.comments.append(kept)
        pr.revision += 1
        return self._envelope(200, copy.deepcopy(pr.comments), token, pr.revision)

    def _uploads(self, pr: PortRequest) -> dict[str, Any]:
        return {name: {"content_type": ctype, "length": len(data)} for name, (ctype, data) in pr.uploads.items()}

    def _attach(self, pr: PortRequest, filename: str | None, req: Request, token: str) -> Response:
        if not filename:
            raise _validation("filename", "required", "name the file: ?filename=bill.pdf")
        if req.content_type not in ATTACHMENT_TYPES:
            raise KazooError(415, "invalid media type", {"message": f"{req.content_type[:60]} is not accepted"})
        if not req.body:
            raise _validation("attachment", "required", "the file is empty")
        if len(req.body) > MAX_ATTACHMENT:
            raise KazooError(413, "file too large", {"message": "attachments are limited to 8,000,000 bytes"})
        pr.uploads[filename[:128]] = (req.content_type, req.body)
        pr.revision += 1
        return self._envelope(200, self._uploads(pr), token, pr.revision)

    def _attachment(self, pr: PortRequest, name: str, req: Request, token: str) -> Response:
        if req.method == "POST":
            if name not in pr.uploads:
                raise KazooError(404, "bad identifier", {"message": f"no attachment {name[:60]}"})
            return self._attach(pr, name, req, token)
        found = pr.uploads.get(name)
        if found is None:
            raise KazooError(404, "bad identifier", {"message": f"no attachment {name[:60]}"})
        if req.method == "DELETE":
            del pr.uploads[name]
            return self._envelope(200, self._uploads(pr), token, pr.revision)
        return Response(200, found[1], found[0])

    def _timeline(self, pr: PortRequest) -> list[dict[str, Any]]:
        comments = [{"type": "comment", **c} for c in pr.comments]
        return sorted(pr.timeline + comments, key=lambda e: e.get("timestamp") or 0)

    # listing and rendering -----------------------------------------------------------------------
    def _list(self, req: Request, account_id: str, token: str) -> Response:
        wanted: set[str] = set()
        for kind in (req.arg("by_types") or "active").split(","):
            kind = kind.strip()
            if kind in BY_TYPES:
                wanted |= BY_TYPES[kind]
            elif kind in STATE.values():
                wanted.add(kind)
            else:
                raise _validation("by_types", "enum", f"{kind[:40]!r} is not a port request type or state")
        number = req.arg("by_number")
        rows = [self._doc(pr) for pr in self.requests.values()
                if pr.account_id == account_id and STATE[pr.port.state] in wanted
                and (number is None or number in pr.doc.get("numbers", {}))]
        return self._envelope(200, rows, token)

    def _one(self, pr: PortRequest, token: str) -> Response:
        return self._envelope(200, self._doc(pr), token, pr.revision)

    def _doc(self, pr: PortRequest) -> dict[str, Any]:
        doc = copy.deepcopy(pr.doc)
        port = pr.port
        doc.update({
            "id": port.id, "port_state": STATE[port.state], "created": gregorian(port.created_at),
            "updated": gregorian(port.updated_at), "uploads": self._uploads(pr), "comments": copy.deepcopy(pr.comments),
            "_read_only": {"account_id": pr.account_id, "account_name": ACCOUNT_NAME, "port_authority": AUTHORITY_ID,
                           "port_authority_name": "Sandbox Port Authority"},
        })
        if pr.last_reason and STATE[port.state] in ("rejected", "canceled"):
            doc["reason"] = pr.last_reason
        if port.foc is not None and port.state in (L.FOC, L.COMPLETED):
            doc["scheduled_date"] = gregorian(port.foc)
        for number, value in doc.get("numbers", {}).items():
            if isinstance(value, dict) and number in port.number_status:
                value["state"] = port.number_status[number]
        return doc
