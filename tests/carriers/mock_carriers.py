"""A small local stand-in for the three providers, on 127.0.0.1 port 0, written from their documents.

It speaks each dialect's paths, shapes, statuses and error bodies closely enough to prove the
adapters over real HTTP; tests reach into `MockCarriers` to move an order (as the losing carrier
would) and to read what the adapter sent. It judges nothing: h5's sandbox plays the losing carriers.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import threading
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TELNYX_KEY = "KEYtelnyx-0123456789abcdef"
BW_CLIENT, BW_SECRET = "client-7", "bw-secret-9f8e7d6c"
BW_USER, BW_PASSWORD = "apiuser", "bw-pass-5a4b3c"
KAZOO_KEY = "kazoo-key-13579bdf"
KAZOO_USER, KAZOO_PASSWORD, KAZOO_ACCOUNT_NAME = "amy", "kz-pass-24680", "acme"
KAZOO_ACCOUNT_ID = "0123456789abcdef0123456789abcdef"
GREGORIAN = 62167219200


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class MockCarriers:
    calls: list[Call] = field(default_factory=list)
    telnyx: dict[str, dict[str, Any]] = field(default_factory=dict)
    telnyx_comments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    telnyx_events: list[dict[str, Any]] = field(default_factory=list)
    telnyx_snapshots: dict[str, str] = field(default_factory=dict)  # each order as the event log last saw it
    bandwidth: dict[str, dict[str, Any]] = field(default_factory=dict)
    bw_tokens: list[str] = field(default_factory=list)
    kazoo: dict[str, dict[str, Any]] = field(default_factory=dict)
    kazoo_tokens: list[str] = field(default_factory=list)
    kazoo_fee: bool = False
    # path fragment → (status, headers, body): the next matching call answers this instead
    faults: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    # "METHOD path-fragment": the next matching call is processed, then its answer is dropped (a cut link)
    drop: set[str] = field(default_factory=set)
    forbidden: bool = False  # credentials accepted but the user lacks the porting role (403)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def drops_for(self, call: Call) -> list[str]:
        return [d for d in self.drop if d.split(" ", 1)[0] == call.method and d.split(" ", 1)[1] in call.path]

    def requests_to(self, fragment: str, method: str | None = None) -> list[Call]:
        return [c for c in self.calls if fragment in c.path and (method is None or c.method == method)]


Answer = tuple[int, dict[str, str], bytes]


def _telnyx_feed(state: MockCarriers) -> None:
    """Telnyx logs an event whenever an order changes; tests change the mock's orders in place, so the
    log is brought up to date when it is read: one event per order that differs from its last snapshot
    (an order the log has not seen yet is old news: it was made before anyone followed the log)."""
    for oid, order in state.telnyx.items():
        snapshot = json.dumps([order, state.telnyx_comments.get(oid, [])], sort_keys=True, default=str)
        if oid not in state.telnyx_snapshots:
            state.telnyx_snapshots[oid] = snapshot
        elif state.telnyx_snapshots[oid] != snapshot:
            state.telnyx_snapshots[oid] = snapshot
            state.telnyx_events.append({"id": str(uuid.uuid4()), "event_type": "porting_order.status_changed",
                                        "porting_order_id": oid, "record_type": "porting_event",
                                        "created_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")})


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Answer:
    return status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(body).encode()


def _xml(status: int, text: str) -> Answer:
    return status, {"Content-Type": "application/xml"}, text.encode()


# -- Telnyx ------------------------------------------------------------------------------------------

def _telnyx_error(status: int, code: str, detail: str) -> Answer:
    return _json(status, {"errors": [{"code": code, "title": detail, "detail": detail}]})


def telnyx(state: MockCarriers, call: Call, parts: list[str]) -> Answer:
    if call.headers.get("authorization") != f"Bearer {TELNYX_KEY}":
        return _telnyx_error(401, "10009", "Authentication failed: the API key could not be verified")
    if state.forbidden:
        return _telnyx_error(403, "10010", "Authorization failed: porting is not enabled for this user")
    body = json.loads(call.body) if call.body and call.headers.get("content-type", "").startswith("application/json") else {}
    m = call.method
    if parts == ["porting_orders"] and m == "POST":
        groups: dict[str, list[str]] = {}
        for n in body["phone_numbers"]:
            groups.setdefault("toll_free" if n[2:5] in ("800", "888", "877") else "local", []).append(n)
        out = []
        for kind, numbers in groups.items():
            oid = str(uuid.uuid4())
            order = {"id": oid, "customer_reference": body.get("customer_reference"), "phone_number_type": kind,
                     "status": {"value": "draft", "details": []}, "requirements_met": False,
                     "phone_numbers": [{"phone_number": n, "porting_order_status": "draft"} for n in numbers],
                     "activation_settings": {"foc_datetime_actual": None}, "documents": {"loa": None, "invoice": None},
                     "updated_at": "2026-12-01T10:00:00Z", "record_type": "porting_order"}
            state.telnyx[oid] = order
            out.append(order)
        return _json(201, {"data": out})
    if parts == ["porting_orders"] and m == "GET":
        ref = call.query.get("filter[customer_reference]", [None])[0]
        found = [o for o in state.telnyx.values() if ref is None or o["customer_reference"] == ref]
        return _json(200, {"data": found, "meta": {"total_pages": 1, "page_number": 1}})
    if parts == ["documents"] and m == "POST":
        if b'name="file"' not in call.body:
            return _telnyx_error(422, "10015", "file is required")
        return _json(200, {"data": {"id": str(uuid.uuid4()), "record_type": "document"}})
    if parts == ["porting", "events"]:
        _telnyx_feed(state)
        since = call.query.get("filter[created_at][gte]", [""])[0]
        events = [e for e in state.telnyx_events if not since or str(e.get("created_at") or since) >= since]
        return _json(200, {"data": events, "meta": {"total_pages": 1}})
    if len(parts) >= 2 and parts[0] == "porting_orders":
        order = state.telnyx.get(parts[1])
        if order is None:
            return _telnyx_error(404, "10005", "Resource not found")
        rest = parts[2:]
        if not rest and m == "GET":
            return _json(200, {"data": order})
        if not rest and m == "PATCH":
            for key, value in body.items():
                if isinstance(value, dict) and isinstance(order.get(key), dict):
                    order[key] = {**order[key], **value}
                else:
                    order[key] = value
            if order["documents"].get("loa"):
                order["requirements_met"] = True
            return _json(200, {"data": order})
        if rest == ["allowed_foc_windows"]:
            return _json(200, {"data": []})
        if rest == ["actions", "confirm"]:
            order["status"] = {"value": "in-process", "details": []}
            return _json(200, {"data": order})
        if rest == ["actions", "cancel"]:
            order["status"] = {"value": "cancel-pending", "details": []}
            return _json(200, {"data": order})
        if rest == ["comments"] and m == "POST":
            comment = {"id": str(uuid.uuid4()), "body": body.get("body"), "user_type": "user",
                       "created_at": "2026-12-01T11:00:00Z", "porting_order_id": parts[1]}
            state.telnyx_comments.setdefault(parts[1], []).append(comment)
            return _json(201, {"data": comment})
        if rest == ["comments"]:
            return _json(200, {"data": state.telnyx_comments.get(parts[1], [])})
    return _telnyx_error(404, "10005", "Resource not found")


# -- Bandwidth ---------------------------------------------------------------------------------------

def _bw_error(status: int, code: str, text: str) -> Answer:
    return _xml(status, f"<LnpOrderResponse><Status><Code>{status}</Code><Description>Validation Failed."
                        f"</Description></Status><Errors><Code>{code}</Code><Description>{text}</Description>"
                        "</Errors><ProcessingStatus>EXCEPTION</ProcessingStatus></LnpOrderResponse>")


def bandwidth(state: MockCarriers, call: Call, parts: list[str]) -> Answer:
    if parts == ["v1", "oauth2", "token"]:
        expected = "Basic " + base64.b64encode(f"{BW_CLIENT}:{BW_SECRET}".encode()).decode()
        form = parse_qs(call.body.decode())
        if call.headers.get("authorization") != expected or form.get("grant_type") != ["client_credentials"]:
            return _json(401, {"error": "invalid_client"})
        token = f"tok-{uuid.uuid4().hex}"
        state.bw_tokens.append(token)
        return _json(200, {"access_token": token, "expires_in": 3600, "token_type": "Bearer"})
    auth = call.headers.get("authorization", "")
    basic = "Basic " + base64.b64encode(f"{BW_USER}:{BW_PASSWORD}".encode()).decode()
    if not (auth == basic or (auth.startswith("Bearer ") and state.bw_tokens and auth[7:] == state.bw_tokens[-1])):
        return _xml(401, "<ErrorResponse><Description>Unauthorized</Description></ErrorResponse>")
    if state.forbidden:
        return _xml(403, "<ErrorResponse><Description>Access is denied: no porting role</Description></ErrorResponse>")
    if len(parts) < 3 or parts[0] != "accounts":
        return _xml(404, "<ErrorResponse><Description>Not found</Description></ErrorResponse>")
    rest, m = parts[2:], call.method
    if rest == ["sites"] and m == "GET":  # the site a create names when the connection sets none
        return _xml(200, "<SitesResponse><Sites><Site><Id>2297</Id><Name>Main</Name></Site></Sites></SitesResponse>")
    if rest == ["portins"] and m == "POST":
        root = ET.fromstring(call.body)
        if root.tag != "LnpOrder":
            return _bw_error(400, "7300", f"unexpected root {root.tag}")
        oid = str(uuid.uuid4())
        state.bandwidth[oid] = {"xml": call.body, "status": "SUBMITTED", "errors": [], "foc": None,
                                "notes": [], "supps": [], "loas": []}
        return _xml(201, f"<LnpOrderResponse><OrderId>{oid}</OrderId><Status><Code>201</Code><Description>Order "
                         "request received.</Description></Status><ProcessingStatus>SUBMITTED</ProcessingStatus>"
                         + ET.tostring(root.find("ListOfPhoneNumbers"), encoding="unicode") + "</LnpOrderResponse>")
    if rest == ["portins"] and m == "GET":
        ref = call.query.get("customerOrderId", [None])[0]
        items = "".join(f"<lnpPortInfoForGivenStatus><OrderId>{oid}</OrderId><ProcessingStatus>{o['status']}"
                        "</ProcessingStatus><lastModifiedDate>2026-12-01T10:00:00.000Z</lastModifiedDate>"
                        "</lnpPortInfoForGivenStatus>"
                        for oid, o in state.bandwidth.items()
                        if ref is None or ET.fromstring(o["xml"]).findtext("CustomerOrderId") == ref)
        return _xml(200, f"<LNPResponseWrapper><TotalCount>{len(state.bandwidth)}</TotalCount><Links><first>"
                         f"</first></Links>{items}</LNPResponseWrapper>")
    if len(rest) >= 2 and rest[0] == "portins":
        order = state.bandwidth.get(rest[1])
        if order is None:
            return _bw_error(404, "7311", "order not found")
        sub = rest[2:]
        if not sub and m == "GET":
            root = ET.fromstring(order["xml"])
            root.tag = "LnpOrderResponse"
            ET.SubElement(root, "OrderId").text = rest[1]
            ET.SubElement(root, "ProcessingStatus").text = order["status"]
            for code, text, tns in order["errors"]:
                err = ET.SubElement(root, "Errors")
                ET.SubElement(err, "Code").text = code
                ET.SubElement(err, "Description").text = text
                if tns:
                    tel = ET.SubElement(err, "TelephoneNumbers")
                    for tn in tns:
                        ET.SubElement(tel, "Tn").text = tn
            if order["foc"]:
                ET.SubElement(root, "ActualFocDate").text = order["foc"]
            ET.SubElement(root, "LastModifiedDate").text = "2026-12-01T10:00:00.000Z"
            return _xml(200, ET.tostring(root, encoding="unicode"))
        if not sub and m == "PUT":
            root = ET.fromstring(call.body)
            order["supps"].append(call.body)
            if root.tag != "LnpOrderSupp":
                return _bw_error(400, "7300", f"unexpected root {root.tag}")
            root.tag = "LnpOrder"
            order["xml"] = ET.tostring(root)
            order["status"], order["errors"] = "REQUESTED_SUPP", []
            return _xml(200, "<LnpOrderResponse><ProcessingStatus>REQUESTED_SUPP</ProcessingStatus></LnpOrderResponse>")
        if not sub and m == "DELETE":
            if order["status"] == "COMPLETE":
                return _bw_error(400, "7304", "The order is already complete and cannot be modified or cancelled")
            order["status"] = "REQUESTED_CANCEL"
            return 200, {}, b""
        if sub == ["loas"] and m == "POST":
            order["loas"].append((call.query.get("documentType", [""])[0], call.headers.get("content-type"), call.body))
            return _xml(201, "<fileUploadResponse><filename>f.pdf</filename><resultCode>0</resultCode>"
                             "</fileUploadResponse>")
        if sub == ["loas"] and m == "GET":
            files = "".join(f"<fileData><FileName>f{i}.pdf</FileName><FileMetaData><DocumentType>{kind}</DocumentType>"
                            "</FileMetaData></fileData>" for i, (kind, _, _) in enumerate(order["loas"]))
            return _xml(200, f"<fileListResponse><fileCount>{len(order['loas'])}</fileCount>{files}</fileListResponse>")
        if len(sub) == 2 and sub[0] == "loas" and m == "GET":
            return 200, {"Content-Type": "application/pdf"}, order["loas"][int(sub[1][1:-4])][2]
        if sub == ["notes"] and m == "POST":
            note = ET.fromstring(call.body)
            order["notes"].append((note.findtext("UserId"), note.findtext("Description")))
            return 201, {"Location": "notes/1"}, b""
        if sub == ["notes"]:
            notes = "".join(f"<Note><Id>{i}</Id><UserId>{u}</UserId><Description>{d}</Description>"
                            "<LastDateModifier>2026-12-01T10:00:00.000Z</LastDateModifier></Note>"
                            for i, (u, d) in enumerate(order["notes"], 1))
            return _xml(200, f"<Notes>{notes}</Notes>")
        if sub == ["history"]:
            return _xml(200, "<OrderHistoryWrapper><OrderHistory><OrderDate>2026-12-01T10:00:00.000Z</OrderDate>"
                             f"<Note>status now {order['status']}</Note><Author>system</Author>"
                             f"<Status>{order['status']}</Status></OrderHistory></OrderHistoryWrapper>")
    return _xml(404, "<ErrorResponse><Description>Not found</Description></ErrorResponse>")


# -- KAZOO -------------------------------------------------------------------------------------------

def _kz(status: int, data: Any, message: str | None = None, **extra: Any) -> Answer:
    body = {"data": data, "status": "success" if status < 400 else "error", "request_id": uuid.uuid4().hex,
            "revision": "1", **extra}
    if status >= 400:
        body["error"] = str(status)
        body["message"] = message or "error"
    return _json(status, body)


def kazoo(state: MockCarriers, call: Call, parts: list[str]) -> Answer:
    body = json.loads(call.body) if call.body and call.headers.get("content-type", "").startswith("application/json") else {}
    data = body.get("data", {}) if isinstance(body, dict) else {}
    if parts in (["api_auth"], ["user_auth"]) and call.method == "PUT":
        ok = (parts == ["api_auth"] and data.get("api_key") == KAZOO_KEY) or (
            parts == ["user_auth"] and data.get("method") == "md5" and data.get("account_name") == KAZOO_ACCOUNT_NAME
            and data.get("credentials") == hashlib.md5(f"{KAZOO_USER}:{KAZOO_PASSWORD}".encode()).hexdigest())
        if not ok:
            return _kz(401, {}, "invalid credentials")
        token = uuid.uuid4().hex
        state.kazoo_tokens.append(token)
        return _kz(201, {"account_id": KAZOO_ACCOUNT_ID, "owner_id": "u1"}, auth_token=token)
    if not state.kazoo_tokens or call.headers.get("x-auth-token") != state.kazoo_tokens[-1]:
        return _kz(401, {}, "invalid credentials")
    if state.forbidden:
        return _kz(403, {}, "forbidden")
    if parts[:3] != ["accounts", KAZOO_ACCOUNT_ID, "port_requests"]:
        return _kz(404, {}, "bad identifier")
    rest, m = parts[3:], call.method
    if not rest and m == "PUT":
        for number in data.get("numbers", {}):
            if any(number in r["numbers"] and r["port_state"] not in ("completed", "canceled") for r in state.kazoo.values()):
                return _kz(400, {number: {"type": {"message": f"Number is on a port request already: {number}"}}},
                           "validation error")
        rid = uuid.uuid4().hex
        state.kazoo[rid] = {**data, "id": rid, "port_state": "unconfirmed", "updated": 63900000000,
                            "timeline": [], "comments": [], "uploads": {}}
        return _kz(201, {k: v for k, v in state.kazoo[rid].items() if k not in ("timeline", "comments")})
    if not rest and m == "GET":
        wanted = call.query.get("by_number", [None])[0]
        found = [{k: r[k] for k in ("id", "port_state", "numbers", "updated") if k in r} | {
            "reference_number": r.get("reference_number")}
                 for r in state.kazoo.values() if wanted is None or wanted in r["numbers"]]
        return _kz(200, found)
    request = state.kazoo.get(rest[0])
    if request is None:
        return _kz(404, {}, "bad identifier")
    sub = rest[1:]
    if not sub and m == "GET":
        return _kz(200, {k: v for k, v in request.items() if k not in ("timeline", "comments")})
    if not sub and m == "POST":
        if request["port_state"] not in ("unconfirmed", "rejected"):
            return _kz(400, {"port_state": {"enum": {"message": "Cannot update a port request in this state"}}},
                       "validation error")
        request.update({k: v for k, v in data.items() if k not in ("id", "port_state")})
        return _kz(200, {k: v for k, v in request.items() if k not in ("timeline", "comments")})
    if sub == ["attachments"] and m == "PUT":
        name = call.query.get("filename", ["?"])[0]
        request["uploads"][name] = {"content_type": call.headers.get("content-type"), "length": len(call.body)}
        return _kz(200, request["uploads"])
    if sub == ["comments"] and m == "PUT":
        request["comments"].extend(data.get("comments", []))
        return _kz(200, request["comments"])
    if sub == ["timeline"]:
        return _kz(200, request["timeline"] + request["comments"])
    if len(sub) == 1 and m == "PATCH":
        new = sub[0]
        allowed = {"submitted": ("unconfirmed", "rejected"), "canceled": ("unconfirmed", "submitted", "pending",
                                                                           "scheduled", "rejected")}
        if request["port_state"] not in allowed.get(new, ()):
            return _kz(400, {"port_state": {"enum": {"message": "Cannot move to new state from current state"}}},
                       "validation error")
        if new == "submitted" and state.kazoo_fee and not body.get("accept_charges"):
            return _kz(402, {"activation_charge": 25.0}, "accept charges")
        move(request, new, body.get("data", {}).get("reason", ""))
        return _kz(200, {k: v for k, v in request.items() if k not in ("timeline", "comments")})
    return _kz(404, {}, "bad identifier")


def move(request: dict[str, Any], new: str, reason: str = "") -> None:
    """A port-authority move, as KAZOO records it in the timeline."""
    request["timeline"].append({"type": "transition", "timestamp": 63900000100,
                                "transition": {"new": new, "previous": request["port_state"]}, "reason": reason})
    request["port_state"] = new


DIALECTS: dict[str, tuple[str, Callable[[MockCarriers, Call, list[str]], Answer]]] = {
    "telnyx": ("/telnyx/v2/", telnyx), "bandwidth": ("/bandwidth/api/", bandwidth), "kazoo": ("/kazoo/v2/", kazoo),
}


def serve() -> tuple[ThreadingHTTPServer, MockCarriers]:
    state = MockCarriers()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else each answer waits out the client's delayed ACK

        def log_message(self, *args: Any) -> None:
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            call = Call(self.command, url.path, parse_qs(url.query),
                        {k.lower(): v for k, v in self.headers.items()}, raw)
            with state.lock:
                state.calls.append(call)
                fault = next((k for k in state.faults if k in url.path), None)
                if fault is not None:
                    status, headers, body = state.faults.pop(fault)
                else:
                    status, headers, body = 404, {}, b""
                    for prefix, handler in DIALECTS.values():
                        if url.path.startswith(prefix):
                            parts = [p for p in url.path[len(prefix):].split("/") if p]
                            status, headers, body = handler(state, call, parts)
                dropped = next((d for d in state.drops_for(call)), None)
                if dropped is not None:
                    state.drop.discard(dropped)
            if dropped is not None:
                self.close_connection = True  # the carrier acted; the answer never arrives
                return
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # a client hanging up on a huge answer is the point of some tests, not the mock's failure

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()  # quick to shut down
    return server, state
