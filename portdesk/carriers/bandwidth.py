"""Bandwidth Numbers API port-ins: XML both ways, OAuth2 client credentials (or a legacy API user).

XML is built with xml.etree and read only through defusedxml, so an answer with a DTD, entities
(XXE, entity bombs) or external references is refused before it is parsed. Numbers are 10 digits on
the v1 paths and E.164 on `/api/v2`. A change is a SUPP: GET the order, PUT `<LnpOrderSupp>` with
every value (a PUT replaces: a value left out may be removed), then GET again, because the PUT's
own answer is not authoritative.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from portdesk.carriers.base import Answer, HttpClient, Redactor
from portdesk.carriers.values import e164, parse_time, requested_datetime, split_street, ten_digits
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
    LosingCarrier,
    NumberState,
    OutgoingDocument,
    PermanentCarrierError,
    Portability,
    TransientCarrierError,
)

PAGE_SIZE = 1000  # Bandwidth's most per search request
NOTE_LIMIT = 500
# The site each connection's account ports into, once looked up: a sync cycle opens a new gateway per
# connection, and a connection's sites do not change between cycles (a process-wide cache per connection).
_SITES: dict[tuple[str, str, str], str] = {}
_SITES_LOCK = threading.Lock()
TOKEN_MARGIN = 60.0  # renew a token a minute before Bandwidth says it expires
PRODUCTION_TOKEN_URL = "https://api.bandwidth.com/api/v1/oauth2/token"

STATUS = {
    "DRAFT": Status.DRAFT, "VALIDATE_DRAFT_TFNS": Status.DRAFT, "VALID_DRAFT_TFNS": Status.DRAFT,
    "PENDING_DOCUMENTS": Status.AWAITING_DOCUMENTS, "INVALID_DRAFT_TFNS": Status.AWAITING_DOCUMENTS,
    "INVALID_TFNS": Status.AWAITING_DOCUMENTS, "VALIDATE_TFNS": Status.SUBMITTED, "SUBMITTED": Status.PENDING,
    "FOC": Status.FOC_CONFIRMED, "EXCEPTION": Status.EXCEPTION, "REQUESTED_SUPP": Status.SUPP_PENDING,
    "REQUESTED_CANCEL": Status.CANCEL_PENDING, "COMPLETE": Status.COMPLETED, "CANCELLED": Status.CANCELLED,
}
_CODES = {
    "name_mismatch": (7404, 7429), "auth_person_mismatch": (7473, 7115), "address_mismatch": (7402, 7214),
    "account_number_mismatch": (7401, 7114), "pin_invalid": (7435, 7117), "btn_mismatch": (7445, 7203),
    "main_btn_on_partial": (7434,), "number_not_on_account": (7427,), "not_portable": (7403, 7409),
    "pending_order": (7407, 7205), "special_feature": (7406, 7410, 7411, 7416, 7419, 7421),
    "must_split": (7204, 7363, 7485, 7386), "foc_rejected": (7412, 7439), "losing_carrier_silent": (7418, 7444),
}
REASON = {str(code): reason for reason, codes in _CODES.items() for code in codes}
DOCUMENT_TYPE = {"loa": "LOA", "bill": "INVOICE", "csr": "CSR"}
# Elements a SUPP sends back as they are (PortDesk does not manage them), in the documents' order.
KEPT_AS_IS = ("SiteId", "PeerId", "AlternateSpid", "TnAttributes", "Triggered", "TargetRespOrgId")


def bandwidth_rejection(code: str, description: str) -> Rejection:
    reason = REASON.get(code, "other")
    if code == "7434" and "E24" in description:  # the same code for "full/partial is wrong"
        reason = "port_type_incorrect"
    return rejection(reason, code, description or code)


def parse_xml(body: bytes) -> ET.Element:
    """defusedxml only: entities and DTDs refused; a cut or broken answer is a transient error."""
    try:
        return SafeET.fromstring(body, forbid_dtd=True)
    except DefusedXmlException:
        raise TransientCarrierError("Bandwidth's answer carried XML entities or a DTD; refused unread") from None
    except ET.ParseError:
        raise TransientCarrierError("Bandwidth's answer was not well-formed XML (cut short?)") from None


def error_words(answer: Answer) -> str:
    if not answer.body.lstrip().startswith(b"<"):
        return answer.text[:200]
    try:
        root = parse_xml(answer.body)
    except TransientCarrierError:
        return ""
    errors = [f"{_text(e, 'Description')} ({_text(e, 'Code')})" for e in root.iter("Errors")]
    if not errors:
        errors = [f"{_text(e, 'Description')} ({_text(e, 'Code')})" for e in root.iter("Error")]
    if errors:
        return "; ".join(errors[:5])
    status = root.find("Status")
    if status is not None:
        return _text(status, "Description")
    if _text(root, "Description"):  # <ResponseStatus>/<ErrorResponse>: Description and ErrorCode
        code = _text(root, "ErrorCode")
        return _text(root, "Description") + (f" ({code})" if code else "")
    return " ".join(" ".join(root.itertext()).split())[:200]


def token_error_words(answer: Answer) -> str:
    """The token endpoint answers OAuth2 JSON (`error_description`), or XML / a page when it fails."""
    if answer.body.lstrip().startswith(b"{"):
        try:
            body = json.loads(answer.body)
        except ValueError:
            return ""
        if isinstance(body, dict):
            return str(body.get("error_description") or body.get("error") or "")[:200]
        return ""
    return error_words(answer)


def note_parts(text: str, limit: int = NOTE_LIMIT - 10) -> list[str]:
    """A long comment in pieces of at most `limit` characters (room is left for the "(i/n) " prefix),
    cut between words; only a word longer than a whole piece is cut inside. The white space between
    two words of one piece is kept as written (a line break stays a line break); at a cut it is dropped."""
    parts: list[str] = []
    current = ""
    gap = ""
    for token in re.split(r"(\s+)", text.strip()):
        if not token:
            continue
        if token.isspace():
            gap = token
            continue
        word = token
        if len(word) > limit:
            if current:
                parts.append(current)
            pieces = [word[i:i + limit] for i in range(0, len(word), limit)]
            parts.extend(pieces[:-1])
            current = pieces[-1]
        elif not current:
            current = word
        elif len(current) + len(gap) + len(word) <= limit:
            current += gap + word
        else:
            parts.append(current)
            current = word
        gap = ""
    if current:
        parts.append(current)
    return parts


def _text(node: ET.Element | None, path: str) -> str:
    if node is None:
        return ""
    found = node.find(path)
    return (found.text or "").strip() if found is not None else ""


def _sub(parent: ET.Element, tag: str, value: str | None) -> None:
    if value not in (None, ""):
        ET.SubElement(parent, tag).text = value


def _document(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + ET.tostring(root, encoding="utf-8")


class OAuth2ClientCredentials:
    """A bearer token from the token URL, cached until a minute before expiry, dropped on a 401."""

    def __init__(self, token_url: str, client_id: str, secret: str, redactor: Redactor) -> None:
        self._url, self._id, self._secret, self._redact = token_url, client_id, secret, redactor
        self._token: str | None = None
        self._expires = 0.0

    def headers(self, client: HttpClient) -> dict[str, str]:
        if self._token is None or time.monotonic() >= self._expires:
            self._fetch(client)
        return {"Authorization": f"Bearer {self._token}"}

    def renew(self, client: HttpClient) -> bool:
        had = self._token is not None
        self._token = None
        return had

    def _fetch(self, client: HttpClient) -> None:
        answer = client.request("POST", self._url, authed=False, auth=(self._id, self._secret),
                                data={"grant_type": "client_credentials"})
        if answer.status in (400, 401):  # OAuth2 answers invalid_client with either
            raise AuthCarrierError("Bandwidth refused the OAuth2 client id or secret (the key was refused)",
                                   http_status=answer.status)
        client.check(answer, token_error_words, doing="fetching an access token")
        body = answer.json()
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise TransientCarrierError("Bandwidth's token answer had no access_token")
        self._redact.add(token)
        lifetime = body.get("expires_in")
        seconds = float(lifetime) if isinstance(lifetime, int | float) else 3600.0
        self._token = token
        self._expires = time.monotonic() + max(0.0, seconds - TOKEN_MARGIN)


class BasicApiUser:
    """The legacy HTTP Basic API user (deprecated by Bandwidth, still supported)."""

    def __init__(self, user: str, secret: str) -> None:
        import base64

        self._value = "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()

    def headers(self, client: HttpClient) -> dict[str, str]:
        return {"Authorization": self._value}

    def renew(self, client: HttpClient) -> bool:
        return False


def token_url(connection: Connection) -> str:
    explicit = connection.options.get("token_url")
    if isinstance(explicit, str) and explicit:
        return explicit
    parts = urlsplit(connection.url)
    if parts.hostname and parts.hostname.endswith("bandwidth.com"):
        return PRODUCTION_TOKEN_URL
    root = connection.url.split("/api", 1)[0] + "/api" if "/api" in connection.url else connection.url
    return root + "/v1/oauth2/token"


class BandwidthGateway:
    type = "bandwidth"

    def __init__(self, connection: Connection, secret: str, **http: Any) -> None:
        self.connection = connection
        redactor = Redactor([secret])
        user = connection.user or ""
        scheme: OAuth2ClientCredentials | BasicApiUser
        if connection.auth == "basic":
            scheme = BasicApiUser(user, secret)
        else:
            scheme = OAuth2ClientCredentials(token_url(connection), user, secret, redactor)
        self.http = HttpClient(connection.url, provider="Bandwidth", redactor=redactor, auth=scheme, **http)
        self.v2 = connection.options.get("tn_format") == "e164" or urlsplit(connection.url).path.rstrip("/").endswith("/v2")
        self._account = f"/accounts/{connection.account}"

    def close(self) -> None:
        self.http.close()

    def tn(self, number: str) -> str:
        return e164(number) if self.v2 else ten_digits(number)

    def _call(self, method: str, path: str, doing: str, *, xml: ET.Element | None = None, **kwargs: Any) -> Answer:
        headers = {"Accept": "application/xml", **kwargs.pop("headers", {})}
        if xml is not None:
            headers["Content-Type"] = "application/xml"
            kwargs["content"] = _document(xml)
        return self.http.check(self.http.request(method, self._account + path, headers=headers, **kwargs),
                               error_words, doing=doing)

    def _xml(self, answer: Answer) -> ET.Element:
        if not answer.body.strip():
            raise TransientCarrierError("Bandwidth answered with an empty body", http_status=answer.status)
        return parse_xml(answer.body)

    # -- credentials and portability --------------------------------------------------------------

    def test_credentials(self) -> str:
        self._call("GET", "/portins", "listing port-ins", params={"page": 1, "size": 1})
        return f"Bandwidth accepted the credentials for account {self.connection.account}"

    def check_portability(self, numbers: Sequence[str]) -> Portability:
        request = ET.Element("NumberPortabilityRequest")
        tns = ET.SubElement(request, "TnList")
        for n in numbers:
            _sub(tns, "Tn", self.tn(n))
        root = self._xml(self._call("POST", "/lnpchecker", "checking portability", xml=request,
                                    params={"fullCheck": "offnetportability"}))
        carriers = []
        for group in root.iter("LosingCarrierTnList"):
            interval = _text(group, "LosingCarrierMinimumPortingInterval")
            carriers.append(LosingCarrier(
                _text(group, "LosingCarrierName"), tuple(e164(t.text or "") for t in group.iter("Tn")),
                _text(group, "LosingCarrierSPID") or None, int(interval) if interval.isdigit() else None))
        portable = tuple(e164(t.text or "") for p in root.iter("PortableNumbers") for t in p.iter("Tn"))
        refused: dict[str, str] = {}
        for group in root.iter("UnsupportedRateCenters"):
            for t in group.iter("Tn"):
                refused[e164(t.text or "")] = "rate centre not supported"
        for group in root.iter("UnsupportedLosingCarriers"):
            for t in group.iter("Tn"):
                refused[e164(t.text or "")] = "losing carrier not supported"
        if not portable:
            portable = tuple(n for c in carriers for n in c.numbers if n not in refused)
        centres: dict[str, str] = {}
        for group in root.iter("RateCenterGroup"):
            where = ", ".join(v for v in (_text(group, "RateCenter"), _text(group, "State")) if v)
            for t in group.iter("Tn"):
                centres[e164(t.text or "")] = where
        return Portability(portable, refused, tuple(carriers), _text(root, "PortType") or None, centres)

    # -- sending ----------------------------------------------------------------------------------

    def order_xml(self, order: PortOrder, key: str | None, root_tag: str = "LnpOrder",
                  kept: ET.Element | None = None) -> ET.Element:
        """`<LnpOrder>` (create) or `<LnpOrderSupp>` (change) from the order, in the documents' element order."""
        acc, addr = order.account, order.account.service_address
        root = ET.Element(root_tag)
        _sub(root, "CustomerOrderId", key)
        foc = requested_datetime(order)
        if foc is not None:
            _sub(root, "RequestedFocDate", foc.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
        # A SUPP sends back the order's own site unless the connection names one.
        site = self.connection.options.get("site_id") or (_text(kept, "SiteId") if kept is not None else "")
        _sub(root, "SiteId", str(site) if site else self.site_id())
        peer_id = self.connection.options.get("peer_id")
        _sub(root, "PeerId", str(peer_id) if peer_id else _text(kept, "PeerId"))
        if acc.btn:
            _sub(root, "BillingTelephoneNumber", self.tn(acc.btn))
        if order.new_btn:
            _sub(root, "NewBillingTelephoneNumber", self.tn(order.new_btn))
        sub = ET.SubElement(root, "Subscriber")
        _sub(sub, "SubscriberType", "BUSINESS")
        _sub(sub, "BusinessName", acc.name)  # ≤ 25 characters: a longer name is Bandwidth's to refuse, in words
        address = ET.SubElement(sub, "ServiceAddress")
        house, street = split_street(addr.line1)
        _sub(address, "HouseNumber", house)
        _sub(address, "StreetName", street)
        _sub(address, "City", addr.city)
        _sub(address, "StateCode", addr.state)
        _sub(address, "Zip", addr.postal_code)
        _sub(address, "Country", "United States" if (addr.country or "US") == "US" else addr.country)
        _sub(root, "LoaAuthorizingPerson", acc.authorized_user)
        if acc.number or acc.pin:
            wireless = ET.SubElement(root, "WirelessInfo")
            _sub(wireless, "AccountNumber", acc.number)
            _sub(wireless, "PinNumber", acc.pin)
        _sub(root, "PartialPort", "true" if order.port_type == "partial" else "false")
        tns = ET.SubElement(root, "ListOfPhoneNumbers")
        for n in order.numbers:
            _sub(tns, "PhoneNumber", self.tn(n))
        if kept is not None:
            for tag in KEPT_AS_IS:
                found = kept.find(tag)
                if found is not None and root.find(tag) is None:
                    root.append(found)
        return root

    def site_id(self) -> str:
        """The site (sub-account) the numbers port into: the connection's, else the account's first.

        Bandwidth requires a SiteId on every create and `carriers add` has no flag for it; a coordinator
        who has one site should not have to look its id up, so an unset one is read from
        `GET /accounts/{a}/sites` once per connection (per process), not once per create or cycle."""
        configured = self.connection.options.get("site_id")
        if configured:
            return str(configured)
        c = self.connection
        key = (c.name, c.url, c.account or "")
        with _SITES_LOCK:
            known = _SITES.get(key)
        if known:
            return known
        root = self._xml(self._call("GET", "/sites", "listing the account's sites"))
        found = next((_text(site, "Id") for site in root.iter("Site") if _text(site, "Id")), "")
        if not found:
            raise PermanentCarrierError(f"Bandwidth account {c.account} has no site (sub-account) "
                                        "to port the numbers into: create one in the Bandwidth Dashboard")
        with _SITES_LOCK:
            _SITES[key] = found
        return found

    def create(self, order: PortOrder, key: str) -> list[CarrierRef]:
        root = self._xml(self._call("POST", "/portins", "creating the port-in", xml=self.order_xml(order, key)))
        order_id = _text(root, "OrderId")
        if not order_id:
            raise TransientCarrierError("Bandwidth answered the create without an OrderId")
        numbers = tuple(e164(p.text or "") for p in root.iter("PhoneNumber"))
        return [CarrierRef(order_id, _text(root, "ProcessingStatus"), numbers)]

    def find(self, key: str, numbers: Sequence[str] = ()) -> list[CarrierRef]:
        answer = self._call("GET", "/portins", "looking up port-ins by CustomerOrderId",
                            params={"page": 1, "size": PAGE_SIZE, "customerOrderId": key})
        if answer.status == 204 or not answer.body.strip():
            return []
        root = self._xml(answer)
        return [CarrierRef(_text(i, "OrderId"), _text(i, "ProcessingStatus"))
                for i in root.iter("lnpPortInfoForGivenStatus") if _text(i, "OrderId")]

    def upload_document(self, carrier_id: str, document: OutgoingDocument) -> str | None:
        kind = DOCUMENT_TYPE.get(document.kind, "OTHER")
        held = self._held_as(carrier_id, kind, document.data)
        if held is not None:
            return held  # an upload whose answer was lost: Bandwidth keeps every upload, so not again
        answer = self._call("POST", f"/portins/{carrier_id}/loas", f"uploading {document.filename}",
                            params={"documentType": kind}, content=document.data,
                            headers={"Content-Type": document.mime})
        try:  # `<fileUploadResponse><filename>`: the name the port-in's file list will show
            return _text(self._xml(answer), "filename") or None
        except (TransientCarrierError, PermanentCarrierError):
            return None  # uploaded all the same; only the name is unknown

    def _held_as(self, carrier_id: str, kind: str, data: bytes) -> str | None:
        """The name under which the port-in already holds these very bytes as a document of this type."""
        listing = self._xml(self._call("GET", f"/portins/{carrier_id}/loas", "listing the port-in's documents"))
        for entry in listing.iter("fileData"):
            name = _text(entry, "FileName")
            if name and _text(entry, "FileMetaData/DocumentType").upper() == kind:
                answer = self._call("GET", f"/portins/{carrier_id}/loas/{name}", f"reading document {name[:40]}",
                                    headers={"Accept": "*/*"})
                if answer.body == data:
                    return name
        return None

    def submit(self, carrier_id: str, *, accept_charges: bool = False) -> None:
        """A port-in is submitted by its create; only a draft needs a PUT that sets SUBMITTED."""
        current = self._xml(self._call("GET", f"/portins/{carrier_id}", "reading the port-in"))
        if _text(current, "ProcessingStatus") not in ("DRAFT", "VALID_DRAFT_TFNS"):
            return
        supp = self._supp_from(current)
        _sub(supp, "ProcessingStatus", "SUBMITTED")
        self._call("PUT", f"/portins/{carrier_id}", "submitting the draft", xml=supp)

    def _supp_from(self, current: ET.Element) -> ET.Element:
        """`<LnpOrderSupp>` holding every writable value of the order as Bandwidth has it."""
        supp = ET.Element("LnpOrderSupp")
        writable = ("CustomerOrderId", "RequestedFocDate", "SiteId", "PeerId", "BillingTelephoneNumber",
                    "NewBillingTelephoneNumber", "Subscriber", "LoaAuthorizingPerson", "WirelessInfo",
                    "PartialPort", "ListOfPhoneNumbers", *KEPT_AS_IS)
        for tag in dict.fromkeys(writable):
            found = current.find(tag)
            if found is not None:
                supp.append(found)
        return supp

    def supplement(self, carrier_id: str, order: PortOrder, *, accept_charges: bool = False) -> None:
        current = self._xml(self._call("GET", f"/portins/{carrier_id}", "reading the port-in"))
        key = _text(current, "CustomerOrderId") or None
        supp = self.order_xml(order, key, "LnpOrderSupp", kept=current)
        if current.find("RequestedFocDate") is not None and supp.find("RequestedFocDate") is None:
            ET.SubElement(supp, "RequestedFocDate").text = _text(current, "RequestedFocDate")
        self._call("PUT", f"/portins/{carrier_id}", "sending the supplement (SUPP)", xml=supp)
        self._call("GET", f"/portins/{carrier_id}", "re-reading the port-in after the SUPP")

    def cancel(self, carrier_id: str) -> None:
        self._call("DELETE", f"/portins/{carrier_id}", "cancelling the port-in")

    def add_comment(self, carrier_id: str, text: str) -> None:
        """A note of at most 500 characters; a longer comment goes as numbered parts."""
        text = text.strip()
        if not text:
            raise PermanentCarrierError("an empty note cannot be sent to Bandwidth")
        parts = note_parts(text) if len(text) > NOTE_LIMIT else [text]
        for index, part in enumerate(parts, 1):
            note = ET.Element("Note")
            _sub(note, "UserId", self.connection.user)
            _sub(note, "Description", f"({index}/{len(parts)}) {part}" if len(parts) > 1 else part)
            self._call("POST", f"/portins/{carrier_id}/notes", "adding a note", xml=note)

    # -- reading ----------------------------------------------------------------------------------

    def fetch(self, carrier_id: str, *, notes: bool = True) -> CarrierOrder:
        root = self._xml(self._call("GET", f"/portins/{carrier_id}", "reading the port-in"))
        raw = _text(root, "ProcessingStatus")
        errors = [(_text(e, "Code"), _text(e, "Description"), [t.text or "" for t in e.iter("Tn")])
                  for e in root.findall("Errors")]
        neutral = STATUS.get(raw, Status.PENDING)
        if raw == "CANCELLED" and errors:
            neutral = Status.REJECTED_FINAL
        rejected = {e164(t) for _, _, tns in errors for t in tns}
        order_level = {"FOC": "foc_confirmed", "COMPLETE": "ported", "CANCELLED": "cancelled"}.get(raw, "pending")
        numbers = tuple(NumberState(e164(p.text or ""), "rejected" if e164(p.text or "") in rejected else order_level)
                        for p in root.iter("PhoneNumber") if p.text)
        rejections = tuple(bandwidth_rejection(c, d) for c, d, _ in errors) if neutral in (
            Status.EXCEPTION, Status.REJECTED_FINAL) else ()
        foc = parse_time(_text(root, "ActualFocDate"))
        history: tuple[CarrierEvent, ...] = (CarrierEvent(parse_time(_text(root, "LastModifiedDate")), raw,
                                                          "; ".join(f"{c}: {d}" for c, d, _ in errors)),)
        found_notes: tuple[CarrierNote, ...] = ()
        if notes:
            found_notes = self._notes(carrier_id)
            history = self._history(carrier_id) or history
        return CarrierOrder(carrier_id, neutral, raw, _text(root, "CustomerOrderId") or None,
                            tuple(c for c, _, _ in errors), rejections, foc.date() if foc else None, numbers,
                            found_notes, history, parse_time(_text(root, "LastModifiedDate")))

    def _notes(self, carrier_id: str) -> tuple[CarrierNote, ...]:
        answer = self._call("GET", f"/portins/{carrier_id}/notes", "reading notes")
        if answer.status == 204 or not answer.body.strip():
            return ()
        return tuple(CarrierNote(_text(n, "Description"), _text(n, "UserId") or None,
                                 parse_time(_text(n, "LastDateModifier")), _text(n, "Id") or None,
                                 from_us=_text(n, "UserId") == (self.connection.user or ""))
                     for n in self._xml(answer).iter("Note"))

    def _history(self, carrier_id: str) -> tuple[CarrierEvent, ...]:
        answer = self.http.request("GET", f"{self._account}/portins/{carrier_id}/history",
                                   headers={"Accept": "application/xml"})
        if answer.status >= 400 or not answer.body.strip():  # lags, and drafts have none: not an error
            return ()
        return tuple(CarrierEvent(parse_time(_text(h, "OrderDate")), _text(h, "Status"), _text(h, "Note"))
                     for h in self._xml(answer).iter("OrderHistory"))

    def carrier_documents(self, carrier_id: str) -> list[IncomingDocument]:
        """`GET …/loas`: every file on the port-in, ours (LOA, INVOICE) and the LNP team's (a CSR…)."""
        root = self._xml(self._call("GET", f"/portins/{carrier_id}/loas", "listing the port-in's documents"))
        found = []
        for item in root.iter("fileData"):
            name = _text(item, "FileName")
            if name:
                found.append(IncomingDocument(name, name, _text(item, "FileMetaData/DocumentType") or "OTHER"))
        return found

    def download_document(self, carrier_id: str, document: IncomingDocument) -> bytes:
        answer = self._call("GET", f"/portins/{carrier_id}/loas/{quote(document.id, safe='')}",
                            "downloading a document", headers={"Accept": "*/*"})
        return answer.body

    def changed_since(self, since: dt.datetime) -> list[str]:
        start = since.astimezone(dt.UTC).date()
        end = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
        found: dict[str, None] = {}
        page: str = "1"
        for _ in range(1000):  # a cursor that never ends must not hold the sync forever
            answer = self._call("GET", "/portins", "searching port-ins", params={
                "page": page, "size": PAGE_SIZE, "startdate": start.isoformat(), "enddate": end.isoformat()})
            if answer.status == 204 or not answer.body.strip():
                break
            root = self._xml(answer)
            for info in root.iter("lnpPortInfoForGivenStatus"):
                modified = parse_time(_text(info, "lastModifiedDate"))
                if _text(info, "OrderId") and (modified is None or modified >= since):
                    found[_text(info, "OrderId")] = None
            nxt = _next_page(_text(root, "Links/next"))
            if not nxt or nxt == page:
                break
            page = nxt
        return list(found)


def _next_page(link: str) -> str | None:
    """The `page` cursor inside a Links/next value like `Link=<https://…?page=ID&size=N>;rel="next";`."""
    if "<" not in link:
        return None
    url = link.split("<", 1)[1].split(">", 1)[0]
    values = parse_qs(urlsplit(url).query).get("page")
    return values[0] if values else None
