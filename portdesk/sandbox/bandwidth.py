"""Bandwidth Numbers API port-ins under `{base}/bandwidth/api`, XML, OAuth2 client credentials or Basic.

`POST /v1/oauth2/token` (Basic client id/secret, `grant_type=client_credentials`) issues Bearer tokens;
the legacy API user (HTTP Basic) still works. Port-ins: create (`<LnpOrder>` → 201 `<LnpOrderResponse>`),
GET, SUPP by PUT (`<LnpOrderSupp>`, before/after-FOC rules), DELETE (draft gone, else REQUESTED_CANCEL →
CANCELLED, 7304 when complete), LOA/invoice uploads with `documentType`, notes, history and search
(`page` a cursor, `size`, `status`, `tn` = billing TN, `orderTn`, `customerOrderId`), the lnpchecker
portability check (lnp_checker.py). TNs are 10 digits.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import secrets
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from portdesk.domain.calendar import is_business_day
from portdesk.sandbox import judge as J
from portdesk.sandbox import lifecycle as L
from portdesk.sandbox.common import TOLL_FREE_NPAS, iso, parse_datetime
from portdesk.sandbox.csr_pdf import csr_pdf
from portdesk.sandbox.lifecycle import Lifecycle, Port, RuleError
from portdesk.sandbox.wire import Request, Response, json_response
from portdesk.sandbox.xmlsafe import XmlError, parse_xml, sub, to_bytes

CLIENT_ID = CLIENT_SECRET = "sandbox"
API_USER = API_PASSWORD = "sandbox"
TOKEN_SECONDS = 3600
SITE_ID = "1001"
MAX_DOCUMENT = 3_000_000
DOCUMENT_TYPES = ("LOA", "INVOICE", "CSR", "OTHER")
MIME_TYPES = frozenset({
    "application/pdf", "text/plain", "image/jpeg", "image/png", "image/tiff", "text/csv", "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"})
CODES = {
    J.NAME: 7404, J.ADDRESS: 7402, J.ACCOUNT_NUMBER: 7401, J.PIN: 7435, J.BTN: 7445, J.MAIN_BTN: 7434,
    J.PORT_TYPE: 7434, J.NOT_ON_ACCOUNT: 7427, J.NOT_PORTABLE: 7403, J.PENDING: 7407, J.FEATURE: 7406,
    J.AUTH_PERSON: 7473,
}
STATUS = {
    L.DRAFT: "DRAFT", L.SUBMITTED: "SUBMITTED", L.PENDING: "SUBMITTED", L.FOC: "FOC", L.COMPLETED: "COMPLETE",
    L.EXCEPTION: "EXCEPTION", L.SUPP_PENDING: "REQUESTED_SUPP", L.CANCEL_PENDING: "REQUESTED_CANCEL",
    L.CANCELLED: "CANCELLED",
}
# What may change in a SUPP after the FOC (everything else is fixed once the date is agreed).
AFTER_FOC = frozenset({"RequestedFocDate", "SiteId", "PeerId", "CustomerOrderId", "Triggered"})
READ_ONLY = frozenset({"OrderId", "Status", "Errors", "ProcessingStatus", "ActualFocDate", "LosingCarrierSPID",
                       "LosingCarrierName", "LosingCarrierIsWireless", "VendorName", "PortType", "OrderCreateDate",
                       "LastModifiedDate", "userId", "LastModifiedBy", "AccountId", "PON", "EarliestEstimate"})
_TN = re.compile(r"^[2-9]\d{2}[2-9]\d{6}$")


class BandwidthError(Exception):
    def __init__(self, status: int, errors: list[tuple[int, str]], order_id: str | None = None,
                 description: str = "Validation Failed. Please check your input parameters.") -> None:
        super().__init__(errors[0][1] if errors else description)
        self.status, self.errors, self.order_id, self.description = status, errors, order_id, description

    def response(self) -> Response:
        root = ET.Element("LnpOrderResponse")
        if self.order_id:
            sub(root, "OrderId", self.order_id)
        status = sub(root, "Status")
        sub(status, "Code", self.status)
        sub(status, "Description", self.description)
        for code, text in self.errors:
            err = sub(root, "Errors")
            sub(err, "Code", code)
            sub(err, "Description", text)
        sub(root, "ProcessingStatus", "EXCEPTION")
        return Response(self.status, to_bytes(root), "application/xml")


@dataclass
class Order:
    port: Port
    account_id: str
    elements: list[ET.Element]
    customer_order_id: str | None
    notes: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)  # name → (type, mime, bytes)
    user: str = "sandbox"

    def text(self, tag: str) -> str | None:
        for element in self.elements:
            if element.tag == tag:
                return (element.text or "").strip()
        return None

    def element(self, tag: str) -> ET.Element | None:
        return next((e for e in self.elements if e.tag == tag), None)


def ten_digits(number: str) -> str:
    return number[2:] if number.startswith("+1") else number


def _tn_list(root: ET.Element) -> list[str]:
    return [(tn.text or "").strip() for tn in root.iterfind("ListOfPhoneNumbers/PhoneNumber")]


class BandwidthDialect:
    prefix = "/bandwidth/api"

    def __init__(self, life: Lifecycle) -> None:
        self.life = life
        self.orders: dict[str, Order] = {}
        self.tokens: dict[str, float] = {}  # token → wall-clock expiry (clients cache by expires_in)
        self._note_ids = iter(range(87000, 10**9))
        life.listeners.append(self._on_change)

    # transport ----------------------------------------------------------------------------------
    def server_error(self) -> Response:
        root = ET.Element("ResponseStatus")
        sub(root, "ErrorCode", 500)
        sub(root, "Description", "An internal error occurred. Please try again later.")
        return Response(500, to_bytes(root), "application/xml")

    def throttled(self, retry_after: int) -> Response:
        root = ET.Element("ResponseStatus")
        sub(root, "ErrorCode", 429)
        sub(root, "Description", "Too many requests. Please slow down.")
        return Response(429, to_bytes(root), "application/xml", {"Retry-After": str(retry_after)})

    def _unauthorised(self) -> Response:
        root = ET.Element("ResponseStatus")
        sub(root, "ErrorCode", 401)
        sub(root, "Description", "Full authentication is required to access this resource")
        return Response(401, to_bytes(root), "application/xml", {"WWW-Authenticate": 'Bearer realm="bandwidth"'})

    def handle(self, req: Request) -> Response:
        parts = req.segments
        if parts == ["v1", "oauth2", "token"]:
            return self._token(req) if req.method == "POST" else Response(405, b"", None)
        if parts[:1] in (["v1.0"], ["v1"]):
            parts = parts[1:]  # the SDKs' /v1.0/accounts/… and /v1/accounts/… are the same API
        if not self._authorised(req):
            return self._unauthorised()
        try:
            return self._route(req, parts)
        except BandwidthError as exc:
            return exc.response()
        except XmlError as exc:
            return BandwidthError(400, [(7300, f"The request body could not be read: {exc}.")]).response()

    @staticmethod
    def _basic(req: Request) -> tuple[str, str] | None:
        auth = req.header("Authorization") or ""
        if not auth.startswith("Basic "):
            return None
        try:
            user, _, password = base64.b64decode(auth[6:].strip(), validate=True).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        return user, password

    def _authorised(self, req: Request) -> bool:
        auth = req.header("Authorization") or ""
        if auth.startswith("Bearer "):
            expiry = self.tokens.get(auth[7:].strip())
            return expiry is not None and expiry > time.monotonic()
        return self._basic(req) == (API_USER, API_PASSWORD)

    def _token(self, req: Request) -> Response:
        if self._basic(req) != (CLIENT_ID, CLIENT_SECRET):
            return json_response(401, {"error": "invalid_client",
                                       "error_description": "Client authentication failed."},
                                 {"WWW-Authenticate": 'Basic realm="bandwidth"'})
        form = parse_qs(req.body.decode("utf-8", "replace"))
        if form.get("grant_type", [""])[0] != "client_credentials":
            return json_response(400, {"error": "unsupported_grant_type",
                                       "error_description": "Only grant_type=client_credentials is supported."})
        now = time.monotonic()
        self.tokens = {t: e for t, e in self.tokens.items() if e > now}  # expired tokens leave memory
        token = secrets.token_urlsafe(32)
        self.tokens[token] = now + TOKEN_SECONDS
        return json_response(200, {"access_token": token, "token_type": "Bearer", "expires_in": TOKEN_SECONDS},
                             {"Cache-Control": "no-store"})

    def _route(self, req: Request, parts: list[str]) -> Response:
        m = req.method
        if len(parts) == 3 and parts[0] == "accounts" and parts[2] == "sites" and m == "GET":
            return self._sites()
        if len(parts) == 3 and parts[0] == "accounts" and parts[2] == "lnpchecker" and m == "POST":
            return self._lnp_check(req)
        if len(parts) >= 3 and parts[0] == "accounts" and parts[2] == "portins":
            account_id, rest = parts[1], parts[3:]
            if not rest:
                if m == "POST":
                    return self._create(req, account_id)
                if m == "GET":
                    return self._search(req, account_id)
            else:
                order = self._order(account_id, rest[0])
                tail = rest[1:]
                if not tail:
                    if m == "GET":
                        return self._xml(200, self._order_xml(order))
                    if m == "PUT":
                        return self._supp(order, req)
                    if m == "DELETE":
                        return self._delete(order)
                elif tail == ["history"] and m == "GET":
                    return self._history(order)
                elif tail == ["notes"] and m == "GET":
                    return self._notes(order)
                elif tail == ["notes"] and m == "POST":
                    return self._add_note(order, req)
                elif tail[0] == "notes" and len(tail) == 2 and m == "PUT":
                    return self._edit_note(order, tail[1], req)
                elif tail == ["loas"] and m == "POST":
                    return self._upload(order, req)
                elif tail == ["loas"] and m == "GET":
                    return self._files(order)
                elif tail[0] == "loas" and len(tail) >= 2 and m == "GET":
                    return self._file(order, tail[1], metadata=tail[2:] == ["metadata"])
        return Response(404, b"", None)

    def _sites(self) -> Response:
        """Every account has one site (sub-account), the one a port-in's `SiteId` names."""
        root = ET.Element("SitesResponse")
        site = sub(sub(root, "Sites"), "Site")
        sub(site, "Id", SITE_ID)
        sub(site, "Name", "Sandbox site")
        sub(site, "Description", "The sandbox account's only site")
        return self._xml(200, root)

    def _lnp_check(self, req: Request) -> Response:
        from portdesk.sandbox.lnp_checker import CheckError, check

        try:
            return self._xml(200, check(self.life.world, parse_xml(req.body)))
        except CheckError as exc:
            root = ET.Element("NumberPortabilityResponse")
            for code, text in exc.errors:
                error = sub(root, "Errors")
                sub(error, "Code", code)
                sub(error, "Description", text)
            return self._xml(400, root)

    def _xml(self, status: int, root: ET.Element, headers: dict[str, str] | None = None) -> Response:
        return Response(status, to_bytes(root), "application/xml", headers or {})

    def _order(self, account_id: str, order_id: str) -> Order:
        order = self.orders.get(order_id)
        if order is None or order.account_id != account_id:
            raise BandwidthError(404, [(7311, f"The order {order_id[:40]} was not found.")],
                                 description="Order not found.")
        return order

    # create, SUPP, cancel ---------------------------------------------------------------------------
    def _validate(self, root: ET.Element, draft: bool, order_id: str | None = None) -> list[ET.Element]:
        errors: list[tuple[int, str]] = []
        tns = _tn_list(root)
        for tn in tns:
            if not _TN.match(tn):
                errors.append((7201, f"{tn[:20]} is not a valid NANP telephone number"))
        if (not tns and root.find("ListOfPhoneNumbers") is not None) or (not draft and not tns):
            errors.append((7316, "The order must list at least one telephone number."))
        for tag in ("BillingTelephoneNumber", "NewBillingTelephoneNumber"):
            value = (root.findtext(tag) or "").strip()
            if value and not _TN.match(value):
                errors.append((7201, f"{value[:20]} is not a valid NANP telephone number"))
        if not draft:
            toll_free = bool(tns) and all(tn[:3] in TOLL_FREE_NPAS for tn in tns)
            if not (root.findtext("SiteId") or "").strip():
                errors.append((7309, "The site id was not supplied or is invalid."))
            if not (root.findtext("LoaAuthorizingPerson") or "").strip():
                errors.append((7313, "LoaAuthorizingPerson is required."))
            if not toll_free:
                if not (root.findtext("BillingTelephoneNumber") or "").strip():
                    errors.append((7314, "BillingTelephoneNumber is required for a non-toll-free port-in."))
                if root.find("Subscriber") is None:
                    errors.append((7315, "Subscriber is required for a non-toll-free port-in."))
        foc = root.findtext("RequestedFocDate")
        if foc is not None and foc.strip() and parse_datetime(foc) is None:
            errors.append((7317, "RequestedFocDate is not an ISO 8601 date."))
        if errors:
            raise BandwidthError(400, errors, order_id)
        return [child for child in root if child.tag not in READ_ONLY]

    def _create(self, req: Request, account_id: str) -> Response:
        root = parse_xml(req.body)
        if root.tag != "LnpOrder":
            raise BandwidthError(400, [(7300, f"Expected an <LnpOrder> document, not <{root.tag[:40]}>.")])
        draft = (root.findtext("ProcessingStatus") or "").strip().upper() == "DRAFT"
        elements = self._validate(root, draft)
        facts, requested = _facts(elements)
        port = self.life.create("bandwidth", facts, requested)
        order = Order(port, account_id, elements, root.findtext("CustomerOrderId"))
        self.orders[port.id] = order
        if not draft:
            self.life.submit(port, "Order has been created")
        answer = self._order_xml(order, status=(201, "Order request received. Please use the order id to check "
                                                     "the status of your order later."), brief=True)
        return self._xml(201, answer, {"Location": f"{self.prefix}/accounts/{account_id}/portins/{port.id}"})

    def _supp(self, order: Order, req: Request) -> Response:
        root = parse_xml(req.body)
        port = order.port
        if root.tag != "LnpOrderSupp":
            raise BandwidthError(400, [(7300, f"A change is sent as <LnpOrderSupp>, not <{root.tag[:40]}>.")],
                                 port.id)
        if port.state == L.COMPLETED:
            raise BandwidthError(400, [(7304, "The order is already complete and cannot be modified or cancelled")],
                                 port.id)
        if port.state in (L.CANCELLED, L.CANCEL_PENDING):
            raise BandwidthError(400, [(7305, "The order is cancelled and cannot be modified.")], port.id)
        submit = (root.findtext("ProcessingStatus") or "").strip().upper() == "SUBMITTED"
        draft = port.state == L.DRAFT and not submit
        elements = self._validate(root, draft, port.id)
        if port.state in (L.FOC, L.SUPP_PENDING) and port.foc is not None:
            refusal = self._cutoff(port, self.life.now())
            if refusal:
                raise BandwidthError(400, [(7306, refusal)], port.id)
            kept = {e.tag: _value(e) for e in order.elements if e.tag not in AFTER_FOC}
            for element in elements:
                if element.tag not in AFTER_FOC and _value(element) != kept.get(element.tag, _value(element)):
                    raise BandwidthError(400, [(7307, f"{element.tag} cannot change once the FOC date is set; "
                                                      "only the FOC date may change.")], port.id)
            merged = {e.tag: e for e in order.elements}
            merged.update({e.tag: e for e in elements if e.tag in AFTER_FOC})
            order.elements = list(merged.values())
        else:
            order.elements = elements  # a PUT replaces: what is left out is gone
        order.customer_order_id = order.text("CustomerOrderId")
        facts, requested = _facts(order.elements)
        try:
            if port.state == L.DRAFT:
                port.facts, port.requested = facts, requested
                if submit:
                    self.life.submit(port, "Draft submitted")
            else:
                date_only = port.state == L.FOC
                self.life.supplement(port, facts, requested, date_only=date_only)
        except RuleError as exc:
            raise BandwidthError(400, [(7305, str(exc))], port.id) from None
        answer = self._order_xml(order, status=(200, "Supp request received. Please use the order id to check "
                                                     "the status of your order later."), brief=True)
        return self._xml(200, answer)

    @staticmethod
    def _cutoff(port: Port, now: dt.datetime) -> str | None:
        """Within 1 business day of the FOC (or under 24 hours), changes and cancels go by hand."""
        if port.foc is None or port.state not in (L.FOC, L.SUPP_PENDING):
            return None
        day_before = port.foc.date() - dt.timedelta(days=1)
        while not is_business_day(day_before):
            day_before -= dt.timedelta(days=1)
        if now.date() >= day_before or port.foc - now < dt.timedelta(hours=24):
            return ("The FOC date is within 1 business day: changes and cancellation are handled by the Bandwidth "
                    "porting team. Add a note to the order.")
        return None

    def _delete(self, order: Order) -> Response:
        port = order.port
        if port.state == L.COMPLETED:
            raise BandwidthError(400, [(7304, "The order is already complete and cannot be modified or cancelled")],
                                 port.id)
        if port.state == L.DRAFT:
            del self.orders[port.id]
            del self.life.ports[port.id]
            return Response(200, b"", None)
        if port.state in (L.CANCELLED, L.CANCEL_PENDING):
            return Response(200, b"", None)
        try:
            self.life.cancel(port, self._cutoff)
        except RuleError as exc:
            raise BandwidthError(400, [(7306, str(exc))], port.id) from None
        return Response(200, b"", None)

    # search, history, notes, files ----------------------------------------------------------------
    def _search(self, req: Request, account_id: str) -> Response:
        page, size_text = req.arg("page"), req.arg("size")
        if not page or not size_text:
            raise BandwidthError(400, [(7320, "page and size are required (page=1 for the first page).")])
        try:
            size = int(size_text)
        except ValueError:
            raise BandwidthError(400, [(7320, "size must be a whole number.")]) from None
        if not 1 <= size <= 1000:
            raise BandwidthError(400, [(7320, "size must be between 1 and 1000.")])
        status = (req.arg("status") or "").lower()
        tn, order_tn, ref = req.arg("tn"), req.arg("orderTn"), req.arg("customerOrderId")
        rows = []
        for order in self.orders.values():
            raw = STATUS[order.port.state].lower()
            if order.account_id != account_id or (raw == "draft" and status != "draft"):
                continue
            if status and raw != status:
                continue
            if tn and ten_digits(order.text("BillingTelephoneNumber") or "") != tn:
                continue
            if order_tn and order_tn not in [ten_digits(n) for n in _tn_list_of(order)]:
                continue
            if ref and order.customer_order_id != ref:
                continue
            rows.append(order)
        start = 0
        if page != "1":
            ids = [o.port.id for o in rows]
            if page not in ids:
                raise BandwidthError(400, [(7321, "page must be 1 or an order id from a Links element.")])
            start = ids.index(page)
        chunk = rows[start:start + size]
        root = ET.Element("LNPResponseWrapper")
        sub(root, "TotalCount", len(rows))
        links = sub(root, "Links")
        url = f"{self.prefix}/accounts/{account_id}/portins"
        extra = "".join(f"&{k}={v}" for k, v in (("status", status), ("tn", tn), ("orderTn", order_tn),
                                                  ("customerOrderId", ref)) if v)
        sub(links, "first", f'Link=<{url}?page=1&size={size}{extra}>;rel="first";')
        if start + size < len(rows):
            sub(links, "next", f'Link=<{url}?page={rows[start + size].port.id}&size={size}{extra}>;rel="next";')
        for order in chunk:
            info = sub(root, "lnpPortInfoForGivenStatus")
            port = order.port
            sub(info, "accountId", order.account_id)
            sub(info, "CountOfTNs", len(port.facts.numbers))
            if order.customer_order_id:
                sub(info, "CustomerOrderId", order.customer_order_id)
            sub(info, "userId", order.user)
            sub(info, "lastModifiedDate", iso(port.updated_at, millis=True))
            sub(info, "OrderDate", iso(port.created_at, millis=True))
            sub(info, "OrderId", port.id)
            sub(info, "OrderType", "port_in")
            if port.foc and port.state in (L.FOC, L.COMPLETED):
                sub(info, "ActualFOCDate", iso(port.foc, millis=True))
            if order.text("BillingTelephoneNumber"):
                sub(info, "BillingTelephoneNumber", order.text("BillingTelephoneNumber"))
            if port.account:
                sub(info, "LNPLosingCarrierId", port.account.spid)
                sub(info, "LNPLosingCarrierName", port.account.losing_carrier)
            sub(info, "ProcessingStatus", STATUS[port.state])
            if port.requested:
                sub(info, "RequestedFOCDate", iso(port.requested, millis=True))
            sub(info, "VendorId", 49)
            sub(info, "VendorName", "Bandwidth CLEC")
            sub(info, "PON", port.id)
        return self._xml(200, root)

    def _history(self, order: Order) -> Response:
        root = ET.Element("OrderHistoryWrapper")
        if order.port.state == L.DRAFT:
            status = sub(root, "IrisStatus")
            sub(status, "Code", 7710)
            sub(status, "Description", "History is not supported for bulk port-ins or individual port-ins in "
                                       "draft status.")
            return self._xml(200, root)
        for step in order.port.history[1:]:
            entry = sub(root, "OrderHistory")
            sub(entry, "OrderDate", iso(step.at, millis=True))
            sub(entry, "Note", step.note[:500])
            sub(entry, "Author", "System")
            sub(entry, "Status", STATUS[step.state])
        return self._xml(200, root)

    def _notes(self, order: Order) -> Response:
        if not order.notes:
            return Response(204, b"", None)
        root = ET.Element("Notes")
        for note in order.notes:
            element = sub(root, "Note")
            sub(element, "Id", note["id"])
            sub(element, "UserId", note["user"])
            sub(element, "Description", note["text"])
            sub(element, "LastDateModifier", iso(note["at"], millis=True))
        return self._xml(200, root)

    def _note_body(self, req: Request) -> tuple[str, str] | Response:
        root = parse_xml(req.body)
        user = (root.findtext("UserId") or "").strip()
        text = (root.findtext("Description") or "").strip()
        problem = None
        if root.tag != "Note":
            problem = (12500, "Expected a <Note> document")
        elif not user:
            problem = (12501, "Username is required")
        elif not text:
            problem = (12502, "Description is required")
        elif len(text) > 500:
            problem = (12503, "Description must be 500 characters or fewer")
        if problem:
            answer = ET.Element("NoteResponse")
            status = sub(answer, "ResponseStatus")
            sub(status, "ErrorCode", problem[0])
            sub(status, "Description", problem[1])
            return self._xml(400, answer)
        return user, text

    def _add_note(self, order: Order, req: Request) -> Response:
        parsed = self._note_body(req)
        if isinstance(parsed, Response):
            return parsed
        note_id = self._note(order, parsed[0], parsed[1])
        url = f"{self.prefix}/accounts/{order.account_id}/portins/{order.port.id}/notes/{note_id}"
        return Response(201, b"", None, {"Location": url})

    def _note(self, order: Order, user: str, text: str) -> int:
        note_id = next(self._note_ids)
        order.notes.append({"id": note_id, "user": user, "text": text, "at": self.life.now()})
        return note_id

    def _edit_note(self, order: Order, note_id: str, req: Request) -> Response:
        parsed = self._note_body(req)
        if isinstance(parsed, Response):
            return parsed
        for note in order.notes:
            if str(note["id"]) == note_id:
                note.update(user=parsed[0], text=parsed[1], at=self.life.now())
                return Response(200, b"", None)
        return Response(404, b"", None)

    def _upload(self, order: Order, req: Request) -> Response:
        query_type, header_type = req.arg("documentType"), req.header("documentType")
        if query_type and header_type and query_type.upper() != header_type.upper():
            return Response(409, b"", None)
        kind = (query_type or header_type or "LOA").upper()
        if kind not in DOCUMENT_TYPES:
            return Response(400, b"", None)
        mime = req.content_type
        if mime not in MIME_TYPES or not req.body or len(req.body) > MAX_DOCUMENT:
            return Response(400, b"", None)
        ext = {"application/pdf": "pdf", "image/tiff": "tiff", "image/png": "png", "image/jpeg": "jpg",
               "text/plain": "txt", "text/csv": "csv"}.get(mime, "bin")
        name = f"{order.port.id}-{int(time.time() * 1000)}{len(order.files)}.{ext}"
        order.files[name] = (kind, mime, req.body)
        root = ET.Element("fileUploadResponse")
        sub(root, "filename", name)
        sub(root, "resultCode", 0)
        sub(root, "resultMessage", f"LOA file uploaded successfully for order {order.port.id}")
        url = f"{self.prefix}/accounts/{order.account_id}/portins/{order.port.id}/loas/{name}"
        return self._xml(201, root, {"Location": url})

    def _files(self, order: Order) -> Response:
        root = ET.Element("fileListResponse")
        sub(root, "fileCount", len(order.files))
        for name, (kind, _, _) in order.files.items():
            data = sub(root, "fileData")
            sub(data, "FileName", name)
            sub(sub(data, "FileMetaData"), "DocumentType", kind)
        sub(root, "resultCode", 0)
        sub(root, "resultMessage", "LOA file list successfully returned")
        return self._xml(200, root)

    def _file(self, order: Order, name: str, metadata: bool) -> Response:
        found = order.files.get(name)
        if found is None:
            return Response(404, b"", None)
        if metadata:
            root = ET.Element("FileMetaData")
            sub(root, "DocumentName", name)
            sub(root, "DocumentType", found[0])
            return self._xml(200, root)
        return Response(200, found[2], "application/octet-stream",
                        {"Content-Disposition": f"attachment; filename={name}"})

    # rendering --------------------------------------------------------------------------------------
    def _on_change(self, port: Port, state: str) -> None:
        order = self.orders.get(port.id)
        if order is None or port.dialect != "bandwidth":
            return
        if state == L.EXCEPTION:
            self._note(order, "lnp-team", ("Losing carrier rejected the order: "
                                           + "; ".join(f.text for f in port.failures))[:500])
            if port.account is not None:  # the LNP team attaches the losing carrier's CSR to fix it from
                name = f"{port.id}-csr-{len(order.files)}.pdf"
                order.files[name] = ("CSR", "application/pdf", csr_pdf(port.account, self.life.now()))
        elif state == L.FOC and port.foc:
            self._note(order, "lnp-team", f"FOC received for {port.foc:%Y-%m-%d %H:%M} UTC.")

    def _order_xml(self, order: Order, status: tuple[int, str] | None = None, brief: bool = False) -> ET.Element:
        port = order.port
        root = ET.Element("LnpOrderResponse")
        sub(root, "OrderId", port.id)
        if status:
            element = sub(root, "Status")
            sub(element, "Code", status[0])
            sub(element, "Description", status[1])
        if port.state == L.EXCEPTION:
            for failure in port.failures:
                err = sub(root, "Errors")
                sub(err, "Code", CODES.get(failure.reason, 7999))
                sub(err, "Description", failure.text)
                if failure.numbers:
                    tns = sub(err, "TelephoneNumbers")
                    for number in failure.numbers:
                        sub(tns, "Tn", ten_digits(number))
        sub(root, "ProcessingStatus", STATUS[port.state])
        for element in order.elements:
            if element.tag != "ProcessingStatus":
                root.append(element)
        if brief:
            return root
        sub(root, "AccountId", order.account_id)
        if port.account:
            sub(root, "LosingCarrierSPID", port.account.spid)
            sub(root, "LosingCarrierName", port.account.losing_carrier)
            sub(root, "LosingCarrierIsWireless", False)
        sub(root, "VendorName", "Bandwidth CLEC")
        sub(root, "OrderCreateDate", iso(port.created_at, millis=True))
        sub(root, "LastModifiedDate", iso(port.updated_at, millis=True))
        sub(root, "userId", order.user)
        sub(root, "LastModifiedBy", order.user)
        if port.foc and port.state in (L.FOC, L.COMPLETED):
            sub(root, "ActualFocDate", iso(port.foc, millis=True))
        sub(root, "PortType", "AUTOMATED")
        return root


def _value(element: ET.Element) -> tuple[Any, ...]:
    """An element's content, blind to indentation (to compare what a SUPP sends with what is kept)."""
    return (element.tag, (element.text or "").strip(), tuple(_value(child) for child in element))


def _tn_list_of(order: Order) -> list[str]:
    element = order.element("ListOfPhoneNumbers")
    return [(tn.text or "").strip() for tn in element.iterfind("PhoneNumber")] if element is not None else []


def _facts(elements: list[ET.Element]) -> tuple[J.OrderFacts, dt.datetime | None]:
    root = ET.Element("LnpOrder")
    root.extend(elements)

    def text(path: str) -> str | None:
        value = root.findtext(path)
        return value.strip() if value is not None and value.strip() else None

    def e164(tn: str | None) -> str | None:
        return f"+1{tn}" if tn else None

    first, last = text("Subscriber/FirstName"), text("Subscriber/LastName")
    name = text("Subscriber/BusinessName") or " ".join(p for p in (first, text("Subscriber/MiddleInitial"), last) if p)
    addr = "Subscriber/ServiceAddress/"
    line1 = " ".join(p for p in (text(addr + "HousePrefix"), text(addr + "HouseNumber"), text(addr + "HouseSuffix"),
                                 text(addr + "PreDirectional"), text(addr + "StreetName"),
                                 text(addr + "StreetSuffix"), text(addr + "PostDirectional")) if p)
    partial = text("PartialPort")
    facts = J.OrderFacts(
        numbers=[f"+1{tn}" for tn in _tn_list(root)], name=name or None,
        account_number=text("WirelessInfo/AccountNumber") or text("AccountNumber"),
        pin=text("WirelessInfo/PinNumber") or text("PinNumber"), btn=e164(text("BillingTelephoneNumber")),
        authorized_user=text("LoaAuthorizingPerson"), line1=line1 or None, line2=text(addr + "AddressLine2"),
        city=text(addr + "City"), state=text(addr + "StateCode"), postal_code=text(addr + "Zip"),
        port_type=None if partial is None else ("partial" if partial.lower() == "true" else "full"),
        new_btn=e164(text("NewBillingTelephoneNumber")), name_limit=25)
    return facts, parse_datetime(text("RequestedFocDate"))



